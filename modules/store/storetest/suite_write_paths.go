package storetest

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// The paths RecordObservations takes only when the database disagrees with
// what it expects, and the move of the variants' current state to
// variant_prices (migration 00007). Each writes behind the store's back, so
// it needs the second handle on the database.
func testWritePaths(t *testing.T, newSubject Factory) {
	ctx := context.Background()

	t.Run("a point already stored is kept, not duplicated", func(t *testing.T) {
		sub := seeded(t, newSubject)
		if sub.SQL == nil {
			t.Skip("no second handle on this database to write behind the store's back")
		}
		record(t, sub.Store, obs(deck825(), 0, 5000))
		// A point at minute 5 the current state knows nothing of: the
		// store's plain insert of its own point at minute 5 collides with
		// it and the batch is folded again with ON CONFLICT DO NOTHING.
		_, err := sub.SQL.Exec(`INSERT INTO price_points
			(variant_id, valid_from, last_seen_at, price_minor, currency, availability, source_run)
			SELECT v.id, $1, $1, 100, 'USD', 'in_stock', 'behind' FROM variants v WHERE v.external_id = 'v825'`,
			dbTime(sub, 5))
		if err != nil {
			t.Fatalf("insert a point behind the store's back: %v", err)
		}
		record(t, sub.Store, obs(deck825(), 5, 6000), obs(deck800(), 5, 4000))
		points, err := sub.Store.History(ctx, deck825(), at(0), at(10))
		if err != nil {
			t.Fatal(err)
		}
		if len(points) != 2 || points[1].Price.Amount != 100 || points[1].SourceRun != "behind" {
			t.Errorf("History = %+v, want the point at minute 5 as first recorded", points)
		}
		// The rest of the batch was written all the same.
		if p, err := sub.Store.PriceAt(ctx, deck800(), at(5)); err != nil || p.Price.Amount != 4000 {
			t.Errorf("PriceAt(deck800) = %+v, %v; want 4000 from the retried batch", p, err)
		}
		if c := counts(t, sub.Store); c.PricePoints != 3 {
			t.Errorf("counts %+v, want 3 price points", c)
		}
	})

	t.Run("a batch sent again after a newer one adds nothing", func(t *testing.T) {
		sub := seeded(t, newSubject)
		old := []catalog.PriceObservation{obs(deck825(), 0, 5000), obs(deck800(), 0, 4000)}
		record(t, sub.Store, old...)
		record(t, sub.Store, obs(deck825(), 10, 5500), obs(deck800(), 10, 4000))
		res := record(t, sub.Store, old...)
		if res.ChangePoints != 0 || res.Extended != 2 {
			t.Errorf("result %+v, want both observations repeats", counted(res))
		}
		if c := counts(t, sub.Store); c.PricePoints != 3 {
			t.Errorf("counts %+v, want 3 price points", c)
		}
	})

	t.Run("deleting a listing deletes its variants' current states", func(t *testing.T) {
		sub := seeded(t, newSubject)
		if sub.SQL == nil {
			t.Skip("no second handle on this database to write behind the store's back")
		}
		record(t, sub.Store, obs(deck825(), 0, 5000), obs(deck800(), 0, 4000), obs(wheel54(), 0, 4200))
		if _, err := sub.SQL.Exec(`DELETE FROM listings WHERE external_id = '1001'`); err != nil {
			t.Fatalf("delete listing: %v", err)
		}
		var n int
		if err := sub.SQL.QueryRow(`SELECT COUNT(*) FROM variant_prices`).Scan(&n); err != nil || n != 1 {
			t.Errorf("variant_prices rows = %d, %v; want the wheel's only", n, err)
		}
		// The listing comes back with new variant ids: the store must not
		// write to the old ones.
		if err := sub.Store.UpsertListings(ctx, []catalog.Listing{deck()}); err != nil {
			t.Fatal(err)
		}
		res := record(t, sub.Store, obs(deck825(), 10, 5000))
		if res.ChangePoints != 1 || len(res.Unknown) != 0 {
			t.Errorf("result %+v, want a first point for the recreated variant", counted(res))
		}
		if got := readVariant(t, sub.SQL, deck825()); got.Price != some(5000) || !got.Since.Equal(at(10)) {
			t.Errorf("recreated variant state %+v, want 5000 since minute 10", got)
		}
	})

	t.Run("00007 moves the current states forward", func(t *testing.T) {
		sub := newSubject(t)
		if sub.SQL == nil {
			t.Skip("no second handle on this database to write behind the store's back")
		}
		before := fstest.MapFS{}
		err := fs.WalkDir(embedded(t, sub.Dialect), ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.Compare(path, "00007") >= 0 {
				return err
			}
			b, err := fs.ReadFile(embedded(t, sub.Dialect), path)
			before[path] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sub.WithMigrations(before).MigrateUp(ctx); err != nil {
			t.Fatalf("MigrateUp to 00006: %v", err)
		}
		if err := sub.Store.UpsertShops(ctx, shops()); err != nil {
			t.Fatal(err)
		}
		if err := sub.Store.UpsertListings(ctx, listings()); err != nil {
			t.Fatal(err)
		}
		// What RecordObservations wrote before 00007: the point, and the
		// current state on the variant's own row.
		_, err = sub.SQL.Exec(`INSERT INTO price_points
			(variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run)
			SELECT v.id, $1, $2, 4000, 5000, 'USD', 'in_stock', 'old' FROM variants v WHERE v.external_id = 'v825'`,
			dbTime(sub, 0), dbTime(sub, 10))
		if err != nil {
			t.Fatal(err)
		}
		_, err = sub.SQL.Exec(`UPDATE variants SET price_minor = 4000, compare_at_minor = 5000, currency = 'USD',
			availability = 'in_stock', discount_bp = 2000, price_since = $1, last_seen_at = $2
			WHERE external_id = 'v825'`, dbTime(sub, 0), dbTime(sub, 10))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sub.Migrator.MigrateUp(ctx); err != nil {
			t.Fatalf("MigrateUp to the latest: %v", err)
		}
		want := variantState{Price: some(4000), CompareAt: some(5000), Currency: text("USD"), Avail: text("in_stock"),
			Discount: 2000, Since: at(0), LastSeenAt: at(10)}
		if got := readVariant(t, sub.SQL, deck825()); got != want {
			t.Errorf("state after 00007 %+v, want %+v", got, want)
		}
		if got := readVariant(t, sub.SQL, deck800()); got != (variantState{}) {
			t.Errorf("unobserved variant has state %+v after 00007", got)
		}
		// The store folds into the moved state: a re-scrape extends it.
		res := record(t, sub.Store, withCompareAt(obs(deck825(), 20, 4000), 5000))
		if res.Extended != 1 || res.ChangePoints != 0 {
			t.Errorf("result %+v, want the moved point extended", counted(res))
		}
		states, err := sub.Store.ListingStates(ctx, []store.ListingKey{{ShopSlug: "north-skate", ExternalID: "1001"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range states[store.ListingKey{ShopSlug: "north-skate", ExternalID: "1001"}].Variants {
			if v.ExternalID == "v825" && (v.Price.Amount != 4000 || v.DiscountBP != 2000 || !v.LastSeen.Equal(at(20))) {
				t.Errorf("ListingStates v825 = %+v, want 4000 at 20%% off, last seen at minute 20", v)
			}
		}
	})
}

// dbTime is minute n as the database of sub stores times.
func dbTime(sub Subject, n int) any {
	if sub.Dialect == migrations.SQLite {
		return at(n).UnixMicro()
	}
	return at(n)
}
