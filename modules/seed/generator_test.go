package seed_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// digest hashes everything a generator outputs, so that "identical" means
// byte-identical.
func digest(t *testing.T, g *seed.Generator) string {
	t.Helper()
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, v := range []any{g.Shops(), g.Listings(), g.Truth(), g.Summary()} {
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
	}
	for o := range g.Observations() {
		if err := enc.Encode(o); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestDeterminism(t *testing.T) {
	base := smallConfig()
	base.Products = 300
	later := base
	later.End = time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("X", 3600))
	tests := []struct {
		name     string
		a, b     seed.Config
		wantSame bool
	}{
		{"same config", base, base, true},
		{"zero End is the fixed default", base, func() seed.Config { c := base; c.End = seed.DefaultEnd(); return c }(), true},
		{"End is taken in UTC to the second", later, func() seed.Config { c := later; c.End = c.End.UTC().Add(400 * time.Millisecond); return c }(), true},
		{"different seed", base, func() seed.Config { c := base; c.RandSeed = 8; return c }(), false},
		{"different End", base, later, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ga, gb := mustNew(t, tt.a), mustNew(t, tt.b)
			same := digest(t, ga) == digest(t, gb)
			if same != tt.wantSame {
				t.Fatalf("identical output = %v, want %v", same, tt.wantSame)
			}
			if tt.wantSame && !reflect.DeepEqual(ga.Listings(), gb.Listings()) {
				t.Error("listings differ")
			}
		})
	}
	t.Run("different seed changes the catalog", func(t *testing.T) {
		c := base
		c.RandSeed = 8
		if reflect.DeepEqual(mustNew(t, base).Listings(), mustNew(t, c).Listings()) {
			t.Error("seeds 7 and 8 made the same listings")
		}
	})
}

func TestCounts(t *testing.T) {
	tests := []struct {
		name string
		cfg  seed.Config
	}{
		{"default", seed.DefaultConfig()},
		{"one listing, no history", seed.Config{Shops: 1, Products: 1, Days: 0, PerDay: 1}},
		{"one shop saturates small categories", seed.Config{Shops: 1, Products: 3000, Days: 2, PerDay: 1, RandSeed: 3}},
		{"two shops spread popular products", seed.Config{Shops: 2, Products: 4000, Days: 1, PerDay: 1, RandSeed: 4}},
		{"every shop, hourly", seed.Config{Shops: 50, Products: 800, Days: 3, PerDay: 24, RandSeed: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustNew(t, tt.cfg)
			sum := g.Summary()
			if got := len(g.Listings()); got != tt.cfg.Products || sum.Listings != got || g.NumListings() != got {
				t.Errorf("listings = %d (summary %d), want %d", got, sum.Listings, tt.cfg.Products)
			}
			if got := len(g.Shops()); got != tt.cfg.Shops || sum.Shops != got {
				t.Errorf("shops = %d, want %d", got, tt.cfg.Shops)
			}
			variants, perShop := 0, 0
			for _, l := range g.Listings() {
				variants += len(l.Variants)
			}
			for i := range g.Shops() {
				perShop += len(g.ShopListings(i))
			}
			if variants != sum.Variants || perShop != tt.cfg.Products {
				t.Errorf("variants = %d (summary %d), listings by shop = %d", variants, sum.Variants, perShop)
			}
			w := g.Window()
			if w.Slots != tt.cfg.Days*tt.cfg.PerDay+1 || sum.Observations != variants*w.Slots {
				t.Errorf("window %+v and %d observations for %d variants", w, sum.Observations, variants)
			}
			n := 0
			for range g.Observations() {
				n++
			}
			if n != sum.Observations {
				t.Errorf("Observations yielded %d, Summary says %d", n, sum.Observations)
			}
			if !w.To.Equal(seed.DefaultEnd()) {
				t.Errorf("window ends %v, want %v", w.To, seed.DefaultEnd())
			}
		})
	}
}

// TestDefaultShops checks the default five shops show the variety the
// simulator and the scrapers are tested against.
func TestDefaultShops(t *testing.T) {
	g := mustNew(t, seed.Config{Shops: 5, Products: 10, Days: 0, PerDay: 1})
	platforms, currencies, slugs := map[catalog.Platform]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range g.Shops() {
		if err := s.Validate(); err != nil {
			t.Errorf("shop %s: %v", s.Slug, err)
		}
		platforms[s.Platform] = true
		currencies[s.Currency] = true
		slugs[s.Slug] = true
		if want := "https://" + s.Slug + ".example"; s.BaseURL != want {
			t.Errorf("shop %s base URL %q, want %q", s.Slug, s.BaseURL, want)
		}
	}
	if len(platforms) != 3 || len(currencies) < 4 || len(slugs) != 5 {
		t.Errorf("default shops: platforms %v, currencies %v, slugs %v", platforms, currencies, slugs)
	}
	policies := map[seed.CompareAtPolicy]bool{}
	gtins := map[seed.GTINPolicy]bool{}
	for _, p := range g.Truth().Shops {
		policies[p.CompareAt], gtins[p.GTINs] = true, true
	}
	if len(policies) != 4 || len(gtins) != 4 {
		t.Errorf("default shops cover compare-at policies %v and GTIN policies %v, want all four of each", policies, gtins)
	}
}

func TestEverythingValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  seed.Config
	}{
		{"small", smallConfig()},
		{"all shops, several scrapes a day", seed.Config{Shops: 50, Products: 1000, Days: 7, PerDay: 6, RandSeed: 11}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustNew(t, tt.cfg)
			for _, s := range g.Shops() {
				if err := s.Validate(); err != nil {
					t.Errorf("shop: %v", err)
				}
			}
			urls := map[string]bool{}
			for _, l := range g.Listings() {
				if err := l.Validate(); err != nil {
					t.Fatalf("listing %s/%s %q: %v", l.ShopSlug, l.ExternalID, l.Title, err)
				}
				key := l.ShopSlug + "/" + l.ExternalID
				if urls[key] || urls[l.URL] {
					t.Fatalf("listing %s or its URL %s is not unique", key, l.URL)
				}
				urls[key], urls[l.URL] = true, true
			}
			w := g.Window()
			for o := range g.Observations() {
				if err := o.Validate(); err != nil {
					t.Fatalf("observation %+v: %v", o, err)
				}
				if o.ObservedAt.Before(w.From) || o.ObservedAt.After(w.To) {
					t.Fatalf("observation at %v outside window %v..%v", o.ObservedAt, w.From, w.To)
				}
			}
			for _, e := range g.Truth().Events {
				if err := e.Regular.Validate(); err != nil {
					t.Fatalf("event %+v: regular: %v", e, err)
				}
			}
		})
	}
}

// TestCatalogIgnoresHistory checks shops and listings depend only on Shops,
// Products and RandSeed, so a simulator started later (another End) serves
// the identifiers the seeded database holds.
func TestCatalogIgnoresHistory(t *testing.T) {
	a := smallConfig()
	a.Products = 400
	b := a
	b.End, b.Days, b.PerDay = time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC), 90, 12
	ga, gb := mustNew(t, a), mustNew(t, b)
	if !reflect.DeepEqual(ga.Listings(), gb.Listings()) || !reflect.DeepEqual(ga.Shops(), gb.Shops()) {
		t.Fatal("End, Days or PerDay changed the catalog")
	}
	if reflect.DeepEqual(ga.Truth().Events, gb.Truth().Events) {
		t.Error("a different window planted the same events")
	}
}
