package postgres_test

import (
	"context"
	"testing"

	"github.com/skatestock/skatestock/modules/schema/schematest"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// The embedded registry's rows survive a restart: reopen is a new
// connection pool on the same database.
func TestRegistryStore(t *testing.T) {
	storetest.RequirePostgres(t)
	urls := map[store.RegistryStore]string{}
	storetest.RunRegistry(t, schematest.TestRegistryStore,
		func(t *testing.T) store.RegistryStore {
			url := storetest.PostgresDatabase(t)
			s := open(t, url)
			if _, err := s.MigrateUp(context.Background()); err != nil {
				t.Fatalf("MigrateUp: %v", err)
			}
			urls[s] = url
			return s
		},
		func(t *testing.T, s store.RegistryStore) store.RegistryStore { return open(t, urls[s]) })
}
