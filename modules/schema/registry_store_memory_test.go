package schema_test

import (
	"testing"

	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/schema/schematest"
)

func TestMemoryStoreContract(t *testing.T) {
	schematest.TestRegistryStore(t,
		func(*testing.T) schema.RegistryStore { return schema.NewMemoryStore() },
		func(_ *testing.T, s schema.RegistryStore) schema.RegistryStore { return s }, // memory is its own process
	)
}
