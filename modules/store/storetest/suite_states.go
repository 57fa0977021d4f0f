package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// testListingStates holds ListingStates to what ingest publishes on the
// compacted normalized-products topic: every variant of each listing with
// its current state, whichever variants the last batch observed.
func testListingStates(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	deckKey := store.ListingKey{ShopSlug: "north-skate", ExternalID: "1001"}
	wheelsKey := store.ListingKey{ShopSlug: "brett-haus", ExternalID: "w-54"}
	unknown := []store.ListingKey{
		{ShopSlug: "north-skate", ExternalID: "nope"}, {ShopSlug: "nowhere", ExternalID: "1001"},
		{ShopSlug: "brett-haus", ExternalID: "1001"},
	}

	t.Run("no keys", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		for _, keys := range [][]store.ListingKey{nil, {}} {
			got, err := s.ListingStates(ctx, keys)
			if err != nil || got == nil || len(got) != 0 {
				t.Errorf("ListingStates(%v) = %v, %v; want an empty map", keys, got, err)
			}
		}
	})

	t.Run("only unknown keys", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		got, err := s.ListingStates(ctx, unknown)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("ListingStates(unknown) = %v, %v; want an empty map", got, err)
		}
	})

	t.Run("every variant's current state", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		// v825 changes price twice, the second time arriving before a
		// late observation of an older state, then repeats its latest
		// state; v800 is never observed; the wheels go out of stock.
		batches := [][]catalog.PriceObservation{
			{obs(deck825(), 0, 6499), obs(wheel54(), 0, 5500)},
			{withCompareAt(obs(deck825(), 10, 5199), 6499), outOfStock(obs(wheel54(), 10, 5500))},
			{obs(deck825(), 5, 5999)},
			{withCompareAt(obs(deck825(), 20, 5199), 6499)},
		}
		for _, b := range batches {
			if _, err := s.RecordObservations(ctx, b); err != nil {
				t.Fatalf("RecordObservations: %v", err)
			}
		}
		keys := append([]store.ListingKey{deckKey, wheelsKey, deckKey}, unknown...)
		got, err := s.ListingStates(ctx, keys)
		if err != nil {
			t.Fatalf("ListingStates: %v", err)
		}
		if len(got) != 2 {
			t.Errorf("ListingStates returned %d listings, want 2: %+v", len(got), got)
		}
		for _, k := range unknown {
			if p, ok := got[k]; ok {
				t.Errorf("ListingStates has unknown key %+v: %+v", k, p)
			}
		}

		usd := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "USD"} }
		d := sorted(deck())
		wantDeck := []catalog.VariantState{
			{Variant: d.Variants[0]}, // v800
			{Variant: d.Variants[1], Observed: true, Price: usd(5199), CompareAt: usd(6499),
				Availability: catalog.InStock, DiscountBP: 2000, PriceSince: at(10), LastSeen: at(20)},
		}
		wantWheels := []catalog.VariantState{
			{Variant: wheels().Variants[0], Observed: true, Price: catalog.Money{Amount: 5500, Currency: "EUR"},
				Availability: catalog.OutOfStock, PriceSince: at(10), LastSeen: at(10)},
		}
		for _, tt := range []struct {
			key      store.ListingKey
			listing  catalog.Listing
			shopName string
			variants []catalog.VariantState
		}{
			{deckKey, d, "North Skate", wantDeck},
			{wheelsKey, sorted(wheels()), "Brett Haus", wantWheels},
		} {
			p, ok := got[tt.key]
			if !ok {
				t.Errorf("ListingStates lacks %+v", tt.key)
				continue
			}
			l := tt.listing
			if p.ShopSlug != l.ShopSlug || p.ShopName != tt.shopName || p.ExternalID != l.ExternalID ||
				p.Handle != l.Handle || p.Title != l.Title || p.Brand != l.Brand || p.Category != l.Category ||
				p.URL != l.URL || p.ImageURL != l.ImageURL || !reflect.DeepEqual(p.Tags, l.Tags) {
				t.Errorf("%+v: summary %+v tags %q, want the listing %+v", tt.key, p.ProductSummary, p.Tags, l)
			}
			if !p.Price.IsZero() || p.DiscountBP != 0 || p.InStock || p.Offers != nil {
				t.Errorf("%+v: aggregates or offers filled in: %+v, offers %+v", tt.key, p.ProductSummary, p.Offers)
			}
			if !reflect.DeepEqual(p.Variants, tt.variants) {
				t.Errorf("%+v: variants\n got %+v\nwant %+v", tt.key, p.Variants, tt.variants)
			}
			// The same listing as Product reads it, by the id returned.
			one, err := s.Product(ctx, p.ID)
			if err != nil {
				t.Fatalf("Product(%d): %v", p.ID, err)
			}
			if one.ExternalID != p.ExternalID || one.ShopSlug != p.ShopSlug || !one.UpdatedAt.Equal(p.UpdatedAt) ||
				!reflect.DeepEqual(one.Variants, p.Variants) || !reflect.DeepEqual(one.Tags, p.Tags) {
				t.Errorf("%+v: ListingStates\n%+v\nProduct(%d)\n%+v", tt.key, p, p.ID, one)
			}
		}
	})

	t.Run("variants no longer listed keep their state", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		if _, err := s.RecordObservations(ctx, []catalog.PriceObservation{obs(deck825(), 0, 6499), obs(deck800(), 0, 5999)}); err != nil {
			t.Fatal(err)
		}
		l := deck()
		l.Variants = l.Variants[:1] // v825 only
		if err := s.UpsertListings(ctx, []catalog.Listing{l}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordObservations(ctx, []catalog.PriceObservation{obs(deck825(), 1, 6299)}); err != nil {
			t.Fatal(err)
		}
		got, err := s.ListingStates(ctx, []store.ListingKey{deckKey})
		if err != nil {
			t.Fatal(err)
		}
		vs := got[deckKey].Variants
		if len(vs) != 2 || vs[0].ExternalID != "v800" || vs[0].Price.Amount != 5999 || !vs[0].LastSeen.Equal(at(0)) ||
			vs[1].ExternalID != "v825" || vs[1].Price.Amount != 6299 || !vs[1].PriceSince.Equal(at(1)) {
			t.Errorf("variants %+v, want v800 at its only state and v825 at its new price", vs)
		}
	})
}
