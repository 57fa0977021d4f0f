// Package storetest is the contract suite of store.Store and
// store.Migrator. Every implementation runs it from its own tests:
//
//	func TestContract(t *testing.T) { storetest.Run(t, newSubject) }
//
// so that Postgres and SQLite are held to the same behaviour: idempotent
// upserts, price history as change points whatever the arrival order, the
// errors callers test with errors.Is, and migrations that apply whole or
// not at all. RunRegistry runs the schema module's RegistryStore contract
// and the rules store.RegistryStore adds to it. It also holds the helper
// that gives each Postgres test run a database of its own.
package storetest

import (
	"context"
	"database/sql"
	"io/fs"
	"testing"

	"github.com/skatestock/skatestock/modules/store"
)

// Subject is one store under test over a database of its own.
type Subject struct {
	Store    store.Store
	Migrator store.Migrator
	// WithMigrations returns a migrator of the same database that applies
	// fsys instead of the embedded migrations.
	WithMigrations func(fsys fs.FS) store.Migrator
	// Dialect names the migrations folder of the store: "postgres" or
	// "sqlite".
	Dialect string
	// SQL is a second handle on the same database for checks the contract
	// cannot see (the denormalised columns the API reads), or nil when the
	// database cannot be shared (SQLite in memory); those checks are then
	// skipped.
	SQL *sql.DB
}

// Factory returns a Subject over a new, empty, unmigrated database, and
// registers with t.Cleanup whatever closes or drops it.
type Factory func(t *testing.T) Subject

// Run runs the whole contract, each test on a fresh database.
func Run(t *testing.T, newSubject Factory) {
	t.Run("shops", func(t *testing.T) { testShops(t, newSubject) })
	t.Run("listings", func(t *testing.T) { testListings(t, newSubject) })
	t.Run("listing states", func(t *testing.T) { testListingStates(t, newSubject) })
	t.Run("observations", func(t *testing.T) { testObservations(t, newSubject) })
	t.Run("aggregates", func(t *testing.T) { testAggregates(t, newSubject) })
	t.Run("write paths", func(t *testing.T) { testWritePaths(t, newSubject) })
	t.Run("bulk", func(t *testing.T) { testBulk(t, newSubject) })
	t.Run("history", func(t *testing.T) { testHistory(t, newSubject) })
	t.Run("integrity", func(t *testing.T) { testIntegrity(t, newSubject) })
	t.Run("concurrency", func(t *testing.T) { testConcurrency(t, newSubject) })
	t.Run("cancelled", func(t *testing.T) { testCancelled(t, newSubject) })
	t.Run("migrations", func(t *testing.T) { testMigrations(t, newSubject) })
	t.Run("browse", func(t *testing.T) { testBrowse(t, newSubject) })
	t.Run("scrape runs", func(t *testing.T) { testScrapeRuns(t, newSubject) })
	t.Run("rollups", func(t *testing.T) { testRollups(t, newSubject) })
	t.Run("matches", func(t *testing.T) { testMatches(t, newSubject) })
	t.Run("analytics", func(t *testing.T) { testAnalytics(t, newSubject) })
}

// migrated returns a fresh subject with the schema applied.
func migrated(t *testing.T, newSubject Factory) Subject {
	t.Helper()
	s := newSubject(t)
	if _, err := s.Migrator.MigrateUp(context.Background()); err != nil {
		t.Fatalf("MigrateUp: %v", err)
	}
	return s
}

// seeded returns a migrated subject holding the fixture shops and listings.
func seeded(t *testing.T, newSubject Factory) Subject {
	t.Helper()
	s := migrated(t, newSubject)
	ctx := context.Background()
	if err := s.Store.UpsertShops(ctx, shops()); err != nil {
		t.Fatalf("UpsertShops: %v", err)
	}
	if err := s.Store.UpsertListings(ctx, listings()); err != nil {
		t.Fatalf("UpsertListings: %v", err)
	}
	return s
}

func counts(t *testing.T, s store.Store) store.Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	return c
}
