package storetest

import (
	"testing"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/store"
)

// The schema itself keeps price points tied to existing variants, whoever
// writes: a point of a missing variant is refused, and deleting a listing
// takes its variants and their history with it.
func testIntegrity(t *testing.T, newSubject Factory) {
	sub := seeded(t, newSubject)
	if sub.SQL == nil {
		t.Skip("no second handle on this database to write behind the store's back")
	}
	record(t, sub.Store, obs(deck825(), 0, 5000), obs(deck800(), 0, 4000), obs(wheel54(), 0, 4200))

	var when any = t0()
	if sub.Dialect == migrations.SQLite {
		when = t0().UnixMicro()
	}
	_, err := sub.SQL.Exec(`INSERT INTO price_points
		(variant_id, valid_from, last_seen_at, price_minor, currency, availability)
		VALUES ($1, $2, $2, 100, 'USD', 'in_stock')`, 999_999, when)
	if err == nil {
		t.Error("a price point of a missing variant was accepted")
	}

	if _, err := sub.SQL.Exec(`DELETE FROM listings WHERE external_id = '1001'`); err != nil {
		t.Fatalf("delete listing: %v", err)
	}
	if c := counts(t, sub.Store); c != (store.Counts{Shops: 2, Listings: 1, Variants: 1, PricePoints: 1}) {
		t.Errorf("counts after deleting a listing %+v, want its variants and points gone", c)
	}
}
