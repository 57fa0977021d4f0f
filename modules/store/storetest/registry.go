package storetest

import (
	"testing"

	"github.com/skatestock/skatestock/modules/store"
)

// RunRegistry runs suite, the schema module's RegistryStore contract
// (schematest.TestRegistryStore), and then the rules store.RegistryStore
// adds to it, against store.RegistryStore implementations:
//
//	storetest.RunRegistry(t, schematest.TestRegistryStore, open, reopen)
//
// open returns a store over a new, migrated database; reopen, when not nil,
// a second handle on the data of a store open returned. Both register with
// t.Cleanup whatever closes or drops what they opened.
//
// The suite is passed in, and its port type S inferred from it, because
// storetest is store code and may not import the schema module, and a
// store's test may import schematest but not name schema.RegistryStore,
// which the suite's callbacks must return. S is satisfied by method set:
// a store that misses one of its methods fails here.
func RunRegistry[S any](t *testing.T,
	suite func(t *testing.T, open func(*testing.T) S, reopen func(*testing.T, S) S),
	open func(t *testing.T) store.RegistryStore,
	reopen func(t *testing.T, s store.RegistryStore) store.RegistryStore,
) {
	port := func(t *testing.T, s store.RegistryStore) S {
		t.Helper()
		p, ok := any(s).(S)
		if !ok {
			t.Fatalf("%T does not implement the port the suite tests", s)
		}
		return p
	}
	var again func(*testing.T, S) S
	if reopen != nil {
		again = func(t *testing.T, s S) S {
			t.Helper()
			// Every S here came from open, hence is a store.RegistryStore.
			return port(t, reopen(t, any(s).(store.RegistryStore)))
		}
	}
	suite(t, func(t *testing.T) S { return port(t, open(t)) }, again)
	t.Run("store rules", func(t *testing.T) { testRegistryRules(t, open) })
}
