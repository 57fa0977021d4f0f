package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/skatestock/skatestock/modules/schema/schematest"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/sqlite"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

func migratedAt(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s := open(t, path)
	if _, err := s.MigrateUp(context.Background()); err != nil {
		t.Fatalf("MigrateUp: %v", err)
	}
	return s
}

// The embedded registry's rows survive a restart: reopen is a new
// connection pool on the same file.
func TestRegistryStore(t *testing.T) {
	paths := map[store.RegistryStore]string{}
	storetest.RunRegistry(t, schematest.TestRegistryStore,
		func(t *testing.T) store.RegistryStore {
			path := filepath.Join(t.TempDir(), "skatestock.db")
			s := migratedAt(t, path)
			paths[s] = path
			return s
		},
		func(t *testing.T, s store.RegistryStore) store.RegistryStore { return open(t, paths[s]) })
}

func TestRegistryStoreInMemory(t *testing.T) {
	storetest.RunRegistry(t, schematest.TestRegistryStore,
		func(t *testing.T) store.RegistryStore { return migratedAt(t, sqlite.Memory) }, nil)
}
