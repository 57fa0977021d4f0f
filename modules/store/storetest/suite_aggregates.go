package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// variantState is the current state RecordObservations keeps for a variant
// (in variant_prices; a variant never observed has no row there).
type variantState struct {
	Price, CompareAt  sql.NullInt64
	Currency, Avail   sql.NullString
	Discount          int64
	Since, LastSeenAt time.Time
}

// The queries below use $n placeholders, which both Postgres and SQLite read.
func readVariant(t *testing.T, db *sql.DB, k catalog.VariantKey) variantState {
	t.Helper()
	var v variantState
	var since, seen any
	err := db.QueryRow(`SELECT vp.price_minor, vp.compare_at_minor, vp.currency, vp.availability,
			COALESCE(vp.discount_bp, 0), vp.price_since, vp.last_seen_at
		FROM variants v JOIN listings l ON l.id = v.listing_id JOIN shops s ON s.id = l.shop_id
		LEFT JOIN variant_prices vp ON vp.variant_id = v.id
		WHERE s.slug = $1 AND l.external_id = $2 AND v.external_id = $3`,
		k.ShopSlug, k.ListingExternalID, k.VariantExternalID).
		Scan(&v.Price, &v.CompareAt, &v.Currency, &v.Avail, &v.Discount, &since, &seen)
	if err != nil {
		t.Fatalf("read variant %s: %v", k, err)
	}
	v.Since, v.LastSeenAt = asTime(t, since), asTime(t, seen)
	return v
}

// listingState is the aggregates RecordObservations keeps for a listing
// (in listing_prices; a listing never observed has no row there).
type listingState struct {
	PriceMin       sql.NullInt64
	Currency       sql.NullString
	DiscountMax    int64
	InStock        bool
	PriceUpdatedAt time.Time
}

func readListing(t *testing.T, db *sql.DB, shop, listing string) listingState {
	t.Helper()
	var l listingState
	var updated any
	err := db.QueryRow(`SELECT p.price_min_minor, p.currency, COALESCE(p.discount_max_bp, 0),
			COALESCE(p.in_stock, false), p.price_updated_at
		FROM listings l JOIN shops s ON s.id = l.shop_id LEFT JOIN listing_prices p ON p.listing_id = l.id
		WHERE s.slug = $1 AND l.external_id = $2`,
		shop, listing).Scan(&l.PriceMin, &l.Currency, &l.DiscountMax, &l.InStock, &updated)
	if err != nil {
		t.Fatalf("read listing %s/%s: %v", shop, listing, err)
	}
	l.PriceUpdatedAt = asTime(t, updated)
	return l
}

// asTime reads a stored time: timestamptz in Postgres, unix microseconds
// in SQLite, NULL as the zero time.
func asTime(t *testing.T, v any) time.Time {
	t.Helper()
	switch v := v.(type) {
	case nil:
		return time.Time{}
	case time.Time:
		return v.UTC()
	case int64:
		return time.UnixMicro(v).UTC()
	}
	t.Fatalf("stored time of type %T", v)
	return time.Time{}
}

func some(n int64) sql.NullInt64   { return sql.NullInt64{Int64: n, Valid: true} }
func text(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }

func testAggregates(t *testing.T, newSubject Factory) {
	sub := seeded(t, newSubject)
	if sub.SQL == nil {
		t.Skip("no second handle on this database to read the denormalised columns")
	}
	s, db := sub.Store, sub.SQL

	t.Run("variant current state and discount", func(t *testing.T) {
		steps := []struct {
			name string
			obs  catalog.PriceObservation
			want variantState
		}{
			{"no compare-at", obs(deck825(), 0, 5000),
				variantState{Price: some(5000), Currency: text("USD"), Avail: text("in_stock"), Since: at(0), LastSeenAt: at(0)}},
			{"re-scrape moves last seen only", obs(deck825(), 10, 5000),
				variantState{Price: some(5000), Currency: text("USD"), Avail: text("in_stock"), Since: at(0), LastSeenAt: at(10)}},
			{"compare-at above the price", withCompareAt(obs(deck825(), 20, 4000), 5000),
				variantState{Price: some(4000), CompareAt: some(5000), Currency: text("USD"), Avail: text("in_stock"), Discount: 2000, Since: at(20), LastSeenAt: at(20)}},
			{"compare-at equal to the price", withCompareAt(obs(deck825(), 30, 5000), 5000),
				variantState{Price: some(5000), CompareAt: some(5000), Currency: text("USD"), Avail: text("in_stock"), Since: at(30), LastSeenAt: at(30)}},
			{"compare-at below the price", withCompareAt(obs(deck825(), 40, 5000), 4000),
				variantState{Price: some(5000), CompareAt: some(4000), Currency: text("USD"), Avail: text("in_stock"), Since: at(40), LastSeenAt: at(40)}},
			{"late observation leaves the current state", obs(deck825(), -10, 100),
				variantState{Price: some(5000), CompareAt: some(4000), Currency: text("USD"), Avail: text("in_stock"), Since: at(40), LastSeenAt: at(40)}},
		}
		for _, step := range steps {
			record(t, s, step.obs)
			if got := readVariant(t, db, deck825()); got != step.want {
				t.Errorf("%s: variant state %+v, want %+v", step.name, got, step.want)
			}
		}
		points, err := s.History(context.Background(), deck825(), at(30), at(40))
		if err != nil || len(points) != 2 || points[1].CompareAt != (catalog.Money{Amount: 4000, Currency: "USD"}) {
			t.Errorf("History = %+v, %v; want the compare-at below the price kept as published", points, err)
		}
	})

	t.Run("listing aggregates", func(t *testing.T) {
		steps := []struct {
			name string
			obs  []catalog.PriceObservation
			want listingState
		}{
			{"cheapest purchasable variant", []catalog.PriceObservation{obs(deck825(), 100, 5000), outOfStock(obs(deck800(), 100, 3000))},
				listingState{PriceMin: some(5000), Currency: text("USD"), InStock: true, PriceUpdatedAt: at(100)}},
			{"nothing purchasable: cheapest of all", []catalog.PriceObservation{outOfStock(obs(deck825(), 110, 5000))},
				listingState{PriceMin: some(3000), Currency: text("USD"), PriceUpdatedAt: at(110)}},
			{"back in stock on sale", []catalog.PriceObservation{withCompareAt(obs(deck800(), 120, 3000), 4000)},
				listingState{PriceMin: some(3000), Currency: text("USD"), DiscountMax: 2500, InStock: true, PriceUpdatedAt: at(120)}},
			{"re-scrape changes nothing", []catalog.PriceObservation{withCompareAt(obs(deck800(), 130, 3000), 4000)},
				listingState{PriceMin: some(3000), Currency: text("USD"), DiscountMax: 2500, InStock: true, PriceUpdatedAt: at(120)}},
		}
		for _, step := range steps {
			record(t, s, step.obs...)
			if got := readListing(t, db, "north-skate", "1001"); got != step.want {
				t.Errorf("%s: listing %+v, want %+v", step.name, got, step.want)
			}
		}
		if got := readListing(t, db, "brett-haus", "w-54"); got != (listingState{}) {
			t.Errorf("unobserved listing has aggregates %+v", got)
		}
	})
}

// Several writers recording the same batches at once must end where one
// writer would: the database, not luck, decides. (Each writer goes in time
// order; a lagging writer's batches arrive late but repeat what is stored.)
func testConcurrency(t *testing.T, newSubject Factory) {
	s := seeded(t, newSubject).Store
	var batches [][]catalog.PriceObservation
	var alternating []string
	for i := range 12 {
		price := int64(5000)
		if i/3%2 == 1 {
			price = 4500
		}
		batches = append(batches, []catalog.PriceObservation{
			obs(deck825(), i*10, price), obs(deck800(), i*10, 4000+int64(i%2)), obs(wheel54(), i*10, price),
		})
		alternating = append(alternating, fmt.Sprintf("%d[%d,%d]", 4000+i%2, i*10, i*10))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, b := range batches {
				if _, err := s.RecordObservations(context.Background(), b); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	runs := "5000[0,20] 4500[30,50] 5000[60,80] 4500[90,110]"
	for k, want := range map[catalog.VariantKey]string{
		deck825(): runs, wheel54(): runs, deck800(): strings.Join(alternating, " "),
	} {
		if got := history(t, s, k); got != want {
			t.Errorf("history of %s %s, want %s", k, got, want)
		}
	}
}
