package postgres

import (
	"context"
	"database/sql"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pressly/goose/v3/lock"
	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// PlanForBatch forces custom plans for its transaction only: the session
// is back to its default once the transaction ends.
func TestPlanForBatchHoldsForTheTransaction(t *testing.T) {
	db, err := sql.Open("pgx", storetest.PostgresDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	gdb, conn := session(t, db)
	mode := func(g *gorm.DB) string {
		var m string
		if err := g.Raw("SHOW plan_cache_mode").Scan(&m).Error; err != nil {
			t.Fatal(err)
		}
		return m
	}
	err = gdb.Transaction(func(tx *gorm.DB) error {
		if err := (dialect{}).PlanForBatch(gormstore.Tx{DB: tx, Raw: conn.Raw}); err != nil {
			return err
		}
		if m := mode(tx); m != "force_custom_plan" {
			t.Errorf("plan_cache_mode in the transaction %q, want force_custom_plan", m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if m := mode(gdb); m != "auto" {
		t.Errorf("plan_cache_mode after the transaction %q, want the default, auto", m)
	}
}

// countingDialect counts the transactions that asked for batch plans.
type countingDialect struct {
	dialect
	n *atomic.Int32
}

func (d countingDialect) PlanForBatch(tx gormstore.Tx) error {
	d.n.Add(1)
	return d.dialect.PlanForBatch(tx)
}

// The store's batch calls plan for their batch: the ingest's two per
// batch, here on keys the store does not know.
func TestBatchCallsPlanForTheirBatch(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("pgx", storetest.PostgresDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	gdb, err := gorm.Open(gormpg.New(gormpg.Config{Conn: db}), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	s, err := gormstore.New(gdb, countingDialect{dialect: dialect{locker: locker}, n: &n})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"ListingStates", func() error {
			_, err := s.ListingStates(ctx, []store.ListingKey{{ShopSlug: "nowhere", ExternalID: "1"}})
			return err
		}},
		{"RecordObservations", func() error {
			_, err := s.RecordObservations(ctx, []catalog.PriceObservation{{
				Variant:    catalog.VariantKey{ShopSlug: "nowhere", ListingExternalID: "1", VariantExternalID: "1"},
				ObservedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Price: catalog.Money{Amount: 100, Currency: "USD"},
				Availability: catalog.InStock}})
			return err
		}},
	} {
		before := n.Load()
		if err := tc.call(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if n.Load() == before {
			t.Errorf("%s did not plan for its batch", tc.name)
		}
	}
}
