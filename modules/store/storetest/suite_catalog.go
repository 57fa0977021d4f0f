package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

func testShops(t *testing.T, newSubject Factory) {
	ctx := context.Background()

	t.Run("insert, read back, upsert again", func(t *testing.T) {
		s := migrated(t, newSubject).Store
		for range 2 {
			if err := s.UpsertShops(ctx, shops()); err != nil {
				t.Fatalf("UpsertShops: %v", err)
			}
		}
		got, err := s.Shops(ctx)
		if err != nil {
			t.Fatalf("Shops: %v", err)
		}
		want := shops()
		slices.SortFunc(want, func(a, b catalog.Shop) int { return strings.Compare(a.Slug, b.Slug) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Shops() = %+v, want %+v", got, want)
		}
		if c := counts(t, s); c.Shops != 2 {
			t.Errorf("%d shop rows after upserting twice, want 2", c.Shops)
		}
	})

	t.Run("update changes fields", func(t *testing.T) {
		s := migrated(t, newSubject).Store
		if err := s.UpsertShops(ctx, shops()); err != nil {
			t.Fatal(err)
		}
		changed := shops()[0]
		changed.Name, changed.BaseURL, changed.Country = "North Skate Co", "https://shop.north.example", "CA"
		if err := s.UpsertShops(ctx, []catalog.Shop{changed}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Shop(ctx, changed.Slug)
		if err != nil || got != changed {
			t.Errorf("Shop() = %+v, %v; want %+v", got, err, changed)
		}
	})

	t.Run("last of duplicates wins", func(t *testing.T) {
		s := migrated(t, newSubject).Store
		first, second := shops()[0], shops()[0]
		second.Name = "Second"
		if err := s.UpsertShops(ctx, []catalog.Shop{first, second}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Shop(ctx, first.Slug); got.Name != "Second" {
			t.Errorf("name %q, want Second", got.Name)
		}
	})

	t.Run("unknown shop", func(t *testing.T) {
		s := migrated(t, newSubject).Store
		if _, err := s.Shop(ctx, "nowhere"); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("Shop(nowhere) error %v, want ErrNotFound", err)
		}
	})

	t.Run("invalid shop writes nothing", func(t *testing.T) {
		s := migrated(t, newSubject).Store
		bad := shops()
		bad[1].Currency = "XXX"
		if err := s.UpsertShops(ctx, bad); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("error %v, want ErrInvalid", err)
		}
		if c := counts(t, s); c.Shops != 0 {
			t.Errorf("%d shops written, want 0", c.Shops)
		}
	})
}

// sorted is l as Listing returns it: variants by external id, empty lists nil.
func sorted(l catalog.Listing) catalog.Listing {
	l.Variants = slices.Clone(l.Variants)
	slices.SortFunc(l.Variants, func(a, b catalog.Variant) int { return strings.Compare(a.ExternalID, b.ExternalID) })
	if len(l.Tags) == 0 {
		l.Tags = nil
	}
	return l
}

func testListings(t *testing.T, newSubject Factory) {
	ctx := context.Background()

	t.Run("insert, read back, upsert again", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		if err := s.UpsertListings(ctx, listings()); err != nil {
			t.Fatalf("second UpsertListings: %v", err)
		}
		for _, want := range listings() {
			got, err := s.Listing(ctx, want.ShopSlug, want.ExternalID)
			if err != nil {
				t.Fatalf("Listing: %v", err)
			}
			if want = sorted(want); !reflect.DeepEqual(got, want) {
				t.Errorf("Listing() =\n%+v\nwant\n%+v", got, want)
			}
		}
		if c := counts(t, s); c != (store.Counts{Shops: 2, Listings: 2, Variants: 3}) {
			t.Errorf("counts %+v after upserting twice", c)
		}
	})

	t.Run("update changes fields and keeps dropped variants", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		l := deck()
		l.Title, l.Brand, l.Tags, l.ImageURL = "Classic Logo Deck (2025)", "Baker Skateboards", nil, ""
		l.Variants = l.Variants[:1]
		l.Variants[0].GTIN, l.Variants[0].SKU = "", "BK-825-B"
		l.Variants[0].Options = nil
		l.Variants[0].Attributes = catalog.Attributes{DeckWidthHundredths: 825, ApparelSize: "OS"}
		if err := s.UpsertListings(ctx, []catalog.Listing{l}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Listing(ctx, l.ShopSlug, l.ExternalID)
		if err != nil {
			t.Fatal(err)
		}
		want := l
		want.Variants = append(slices.Clone(l.Variants), deck().Variants[1])
		if want = sorted(want); !reflect.DeepEqual(got, want) {
			t.Errorf("Listing() =\n%+v\nwant\n%+v", got, want)
		}
	})

	t.Run("unknown shop writes nothing", func(t *testing.T) {
		s := migrated(t, newSubject).Store
		if err := s.UpsertShops(ctx, shops()[:1]); err != nil {
			t.Fatal(err)
		}
		err := s.UpsertListings(ctx, listings()) // the wheels' shop is missing
		if !errors.Is(err, catalog.ErrNotFound) || !strings.Contains(err.Error(), "brett-haus") {
			t.Errorf("error %v, want ErrNotFound naming brett-haus", err)
		}
		if c := counts(t, s); c.Listings != 0 || c.Variants != 0 {
			t.Errorf("counts %+v, want no listings", c)
		}
	})

	t.Run("unknown listing", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		for _, k := range [][2]string{{"north-skate", "nope"}, {"nowhere", "1001"}, {"brett-haus", "1001"}} {
			if _, err := s.Listing(ctx, k[0], k[1]); !errors.Is(err, catalog.ErrNotFound) {
				t.Errorf("Listing(%s, %s) error %v, want ErrNotFound", k[0], k[1], err)
			}
		}
	})

	t.Run("batched read equals single reads", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		got, err := s.Listings(ctx, nil)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("Listings(nil) = %v, %v; want an empty map", got, err)
		}
		var keys []store.ListingKey
		for _, l := range listings() {
			keys = append(keys, store.ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID})
		}
		unknown := []store.ListingKey{{ShopSlug: "north-skate", ExternalID: "nope"}, {ShopSlug: "nowhere", ExternalID: "1001"}, {ShopSlug: "brett-haus", ExternalID: "1001"}}
		got, err = s.Listings(ctx, append(append(slices.Clone(keys), unknown...), keys[0]))
		if err != nil {
			t.Fatalf("Listings: %v", err)
		}
		if len(got) != len(keys) {
			t.Errorf("Listings returned %d listings, want %d: %+v", len(got), len(keys), got)
		}
		for _, k := range unknown {
			if l, ok := got[k]; ok {
				t.Errorf("Listings has unknown key %+v: %+v", k, l)
			}
		}
		for i, k := range keys {
			one, err := s.Listing(ctx, k.ShopSlug, k.ExternalID)
			if err != nil {
				t.Fatalf("Listing(%+v): %v", k, err)
			}
			if !reflect.DeepEqual(got[k], one) {
				t.Errorf("Listings()[%+v] =\n%+v\nListing() =\n%+v", k, got[k], one)
			}
			if want := sorted(listings()[i]); !reflect.DeepEqual(got[k], want) {
				t.Errorf("Listings()[%+v] =\n%+v\nwant\n%+v", k, got[k], want)
			}
		}
	})

	t.Run("invalid listing writes nothing", func(t *testing.T) {
		s := migrated(t, newSubject).Store
		if err := s.UpsertShops(ctx, shops()); err != nil {
			t.Fatal(err)
		}
		bad := listings()
		bad[1].Variants[0].GTIN = "123"
		if err := s.UpsertListings(ctx, bad); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("error %v, want ErrInvalid", err)
		}
		if c := counts(t, s); c.Listings != 0 {
			t.Errorf("%d listings written, want 0", c.Listings)
		}
	})
}
