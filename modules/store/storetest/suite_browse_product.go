package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

func testProduct(t *testing.T, b browsed) {
	ctx := context.Background()
	usd := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "USD"} }

	t.Run("variants, tags and offers", func(t *testing.T) {
		p, err := b.store.Product(ctx, b.ids["spitfire-f4"])
		if err != nil {
			t.Fatal(err)
		}
		if p.ExternalID != "spitfire-f4" || p.Price != usd(3999) || p.DealCompareAt != usd(4999) || p.ShopName != "North Skate" {
			t.Errorf("summary %+v", p.ProductSummary)
		}
		if !reflect.DeepEqual(p.Tags, []string{"wheels"}) {
			t.Errorf("tags %q, want [wheels]", p.Tags)
		}
		wheel := func(id string, mm int) catalog.Variant {
			return catalog.Variant{ExternalID: id, Title: id + "mm 99A", Attributes: catalog.Attributes{WheelDiameterMM: mm, WheelDurometer: "99A"}}
		}
		want := []catalog.VariantState{
			{Variant: wheel("54", 54), Observed: true, Price: usd(3999), CompareAt: usd(4999), Availability: catalog.InStock,
				DiscountBP: 2000, PriceSince: at(10), LastSeen: at(10)},
			{Variant: wheel("56", 56), Observed: true, Price: usd(4299), Availability: catalog.InStock,
				PriceSince: at(0), LastSeen: at(10)},
		}
		if !reflect.DeepEqual(p.Variants, want) {
			t.Errorf("variants\n got %+v\nwant %+v", p.Variants, want)
		}
		offers := []catalog.Offer{{ProductID: p.ID, ShopSlug: "north-skate", ShopName: "North Skate", Title: p.Title,
			URL: p.URL, Price: usd(3999), DiscountBP: 2000, InStock: true, Match: "self", Score: 1}}
		if !reflect.DeepEqual(p.Offers, offers) {
			t.Errorf("offers\n got %+v\nwant %+v", p.Offers, offers)
		}
	})

	t.Run("a variant never observed", func(t *testing.T) {
		p, err := b.store.Product(ctx, b.ids["baker-deck"])
		if err != nil {
			t.Fatal(err)
		}
		deck := func(id string, width int) catalog.Variant {
			return catalog.Variant{ExternalID: id, Title: id, Attributes: catalog.Attributes{DeckWidthHundredths: width}}
		}
		want := []catalog.VariantState{
			{Variant: deck("800", 800), Observed: true, Price: usd(5999), CompareAt: usd(7999), Availability: catalog.OutOfStock,
				DiscountBP: 2500, PriceSince: at(20), LastSeen: at(20)},
			{Variant: deck("825", 825), Observed: true, Price: usd(6499), Availability: catalog.InStock,
				PriceSince: at(20), LastSeen: at(20)},
			{Variant: deck("850", 850)},
		}
		if !reflect.DeepEqual(p.Variants, want) {
			t.Errorf("variants\n got %+v\nwant %+v", p.Variants, want)
		}
	})

	t.Run("a product never observed", func(t *testing.T) {
		p, err := b.store.Product(ctx, b.ids["never-deck"])
		if err != nil {
			t.Fatal(err)
		}
		if !p.Price.IsZero() || p.InStock || len(p.Variants) != 1 || p.Variants[0].Observed ||
			len(p.Offers) != 1 || !p.Offers[0].Price.IsZero() || p.Offers[0].Match != "self" {
			t.Errorf("product %+v", p)
		}
	})

	t.Run("unknown id", func(t *testing.T) {
		for _, id := range []int64{0, -1, 1 << 40} {
			if _, err := b.store.Product(ctx, id); !errors.Is(err, catalog.ErrNotFound) {
				t.Errorf("Product(%d) error %v, want ErrNotFound", id, err)
			}
		}
	})
}

// historySpans formats h as spans formats points.
func historySpans(h catalog.VariantHistory) string {
	points := make([]store.PricePoint, len(h.Spans))
	for i, s := range h.Spans {
		points[i] = store.PricePoint{ValidFrom: s.ValidFrom, LastSeen: s.LastSeen, Price: s.Price,
			CompareAt: s.CompareAt, Availability: s.Availability}
	}
	return spans(points)
}

func testProductHistory(t *testing.T, b browsed) {
	ctx := context.Background()
	tests := []struct {
		name     string
		product  string
		from, to time.Time
		want     map[string]string // spans by variant
	}{
		{"whole history", "spitfire-f4", at(-100), at(100), map[string]string{"54": "4999[0,0] 3999/cmp4999[10,10]", "56": "4299[0,10]"}},
		{"from inside a point", "spitfire-f4", at(5), at(100), map[string]string{"54": "4999[0,0] 3999/cmp4999[10,10]", "56": "4299[0,10]"}},
		{"one instant", "spitfire-f4", at(10), at(10), map[string]string{"54": "3999/cmp4999[10,10]", "56": "4299[0,10]"}},
		{"before everything", "spitfire-f4", at(-100), at(-1), map[string]string{"54": "", "56": ""}},
		{"a variant never observed", "baker-deck", at(0), at(100),
			map[string]string{"800": "5999/cmp7999/out_of_stock[20,20]", "825": "6499[20,20]", "850": ""}},
		{"a product never observed", "never-deck", at(0), at(100), map[string]string{"825": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, err := b.store.ProductHistory(ctx, b.ids[tt.product], tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			var order []string
			for _, h := range hs {
				got[h.ExternalID] = historySpans(h)
				order = append(order, h.ExternalID)
				if h.Spans == nil {
					t.Errorf("variant %s: nil spans, want empty", h.ExternalID)
				}
				// Each variant's history is what History says.
				key := catalog.VariantKey{ShopSlug: "north-skate", ListingExternalID: tt.product, VariantExternalID: h.ExternalID}
				points, err := b.store.History(ctx, key, tt.from, tt.to)
				if err != nil {
					t.Fatal(err)
				}
				if s := spans(points); s != got[h.ExternalID] {
					t.Errorf("variant %s: %s, History says %s", h.ExternalID, got[h.ExternalID], s)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("history %v, want %v", got, tt.want)
			}
			if !sortedStrings(order) {
				t.Errorf("variants in order %v, want by external id", order)
			}
		})
	}

	t.Run("variant titles and attributes", func(t *testing.T) {
		hs, err := b.store.ProductHistory(ctx, b.ids["spitfire-f4"], at(0), at(0))
		if err != nil || len(hs) != 2 {
			t.Fatalf("ProductHistory = %+v, %v", hs, err)
		}
		if hs[0].Title != "54mm 99A" || hs[0].Attributes != (catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99A"}) {
			t.Errorf("variant %+v", hs[0])
		}
	})
	t.Run("unknown product", func(t *testing.T) {
		if _, err := b.store.ProductHistory(ctx, 1<<40, at(0), at(1)); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("ProductHistory error %v, want ErrNotFound", err)
		}
	})
	t.Run("from after to", func(t *testing.T) {
		if _, err := b.store.ProductHistory(ctx, b.ids["spitfire-f4"], at(1), at(0)); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("ProductHistory error %v, want ErrInvalid", err)
		}
	})
}

func sortedStrings(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			return false
		}
	}
	return true
}

func testFacets(t *testing.T, b browsed) {
	ctx := context.Background()
	brands, err := b.store.BrandCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantBrands := []catalog.FacetCount{
		{Value: "Baker", Products: 2, InStock: 1}, {Value: "Bones", Products: 1, InStock: 1},
		{Value: "Girl", Products: 1}, {Value: "Independent", Products: 1, InStock: 1},
		{Value: "Krux", Products: 1, InStock: 1}, {Value: "Mob", Products: 1, InStock: 1},
		{Value: "Spitfire", Products: 2, InStock: 2, OnSale: 2}, {Value: "Thunder", Products: 1, InStock: 1},
		{Value: "Vans", Products: 1, InStock: 1, OnSale: 1},
	}
	if !reflect.DeepEqual(brands, wantBrands) {
		t.Errorf("BrandCounts\n got %+v\nwant %+v", brands, wantBrands)
	}
	categories, err := b.store.CategoryCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantCategories := []catalog.FacetCount{
		{Value: "decks", Products: 3, InStock: 1}, {Value: "trucks", Products: 3, InStock: 3},
		{Value: "wheels", Products: 2, InStock: 2, OnSale: 2}, {Value: "bearings", Products: 1, InStock: 1},
		{Value: "griptape", Products: 1, InStock: 1}, {Value: "shoes", Products: 1, InStock: 1, OnSale: 1},
		{Value: "apparel", Products: 1},
	}
	if !reflect.DeepEqual(categories, wantCategories) {
		t.Errorf("CategoryCounts\n got %+v\nwant %+v", categories, wantCategories)
	}
}
