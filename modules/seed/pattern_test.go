package seed_test

import (
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// series returns the observations and labels of one variant over the window.
func series(g *seed.Generator, li, v int) ([]catalog.PriceObservation, []seed.Label) {
	n := g.Window().Slots
	obs, labels := make([]catalog.PriceObservation, n), make([]seed.Label, n)
	for k := range n {
		obs[k], labels[k] = g.ObserveSlot(li, v, k)
	}
	return obs, labels
}

// atMost reports whether price is at most pct percent of ref.
func atMost(price, ref catalog.Money, pct int64) bool { return price.Amount*100 <= ref.Amount*pct }

func TestPlantedPatterns(t *testing.T) {
	tests := []struct {
		name string
		cfg  seed.Config
	}{
		{"daily", smallConfig()},
		{"four scrapes a day over two months", seed.Config{Shops: 8, Products: 700, Days: 60, PerDay: 4, RandSeed: 21}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustNew(t, tt.cfg)
			truth := g.Truth()
			kinds := map[seed.EventKind]int{}
			for _, e := range truth.Events {
				kinds[e.Kind]++
				obs, labels := series(g, e.Listing, e.VariantIndex)
				if obs[e.FromSlot].Variant != e.Variant || !obs[e.FromSlot].ObservedAt.Equal(e.From) || !obs[e.ToSlot].ObservedAt.Equal(e.To) {
					t.Fatalf("%s: key or times do not match the observations", describe(e))
				}
				checkEvent(t, e, obs, labels)
			}
			for _, k := range []seed.EventKind{seed.EventSale, seed.EventFlash, seed.EventClearance, seed.EventPriceError, seed.EventStockOut, seed.EventPriceChange} {
				if kinds[k] == 0 {
					t.Errorf("no %s planted", k)
				}
			}
			s := g.Summary()
			if s.FlashSales != kinds[seed.EventFlash] || s.Clearances != kinds[seed.EventClearance] ||
				s.PriceErrors != kinds[seed.EventPriceError] || s.StockOuts != kinds[seed.EventStockOut] ||
				s.Sales != kinds[seed.EventSale] || s.PriceChanges != kinds[seed.EventPriceChange] {
				t.Errorf("summary %+v disagrees with truth %v", s, kinds)
			}
			if s.Restocks == 0 || s.Restocks >= s.StockOuts {
				t.Errorf("restocks = %d of %d stock-outs, want some but not all", s.Restocks, s.StockOuts)
			}
		})
	}
}

func describe(e seed.Event) string {
	return string(e.Kind) + " on " + e.Variant.String()
}

func checkEvent(t *testing.T, e seed.Event, obs []catalog.PriceObservation, labels []seed.Label) {
	t.Helper()
	span := obs[e.FromSlot : e.ToSlot+1]
	before, last := obs[e.FromSlot-1], len(obs)-1
	if e.FromSlot < 1 {
		t.Fatalf("%s starts at slot %d: the window must open on an ordinary observation", describe(e), e.FromSlot)
	}
	switch e.Kind {
	case seed.EventFlash:
		if len(span) > 3 || e.Ongoing || e.ToSlot >= last {
			t.Fatalf("%s lasts %d observations (ongoing %v), want 1-3 ending inside the window", describe(e), len(span), e.Ongoing)
		}
		for k, o := range span {
			if !atMost(o.Price, e.Regular, 70) || labels[e.FromSlot+k].Event != seed.EventFlash {
				t.Fatalf("%s: %v is not 30%% off %v", describe(e), o.Price, e.Regular)
			}
		}
		after := obs[e.ToSlot+1]
		if atMost(before.Price, e.Regular, 70) || atMost(after.Price, e.Regular, 70) {
			t.Fatalf("%s: neighbours %v and %v are as cheap as the flash sale", describe(e), before.Price, after.Price)
		}
		if !atMost(span[0].Price, before.Price, 70) {
			t.Fatalf("%s: %v is not 30%% below the observation before, %v", describe(e), span[0].Price, before.Price)
		}
	case seed.EventClearance:
		if len(span) < 7 {
			t.Fatalf("%s falls over %d observations, want at least 7", describe(e), len(span))
		}
		for k := 1; k < len(span); k++ {
			if span[k].Price.Amount > span[k-1].Price.Amount {
				t.Fatalf("%s rises from %v to %v", describe(e), span[k-1].Price, span[k].Price)
			}
		}
		if span[len(span)-1].Price.Amount >= span[0].Price.Amount || span[0].Price.Amount >= e.Regular.Amount ||
			span[len(span)-1].Price != e.Price {
			t.Fatalf("%s goes %v -> %v from regular %v, want strictly falling below it to %v", describe(e), span[0].Price, span[len(span)-1].Price, e.Regular, e.Price)
		}
	case seed.EventPriceError:
		o, after := span[0], obs[e.ToSlot+1]
		if len(span) != 1 || !atMost(o.Price, e.Regular, 20) || !atMost(o.Price, before.Price, 20) || !atMost(o.Price, after.Price, 20) {
			t.Fatalf("%s: %v over %d observations, regular %v, neighbours %v %v: want one observation at least 80%% off",
				describe(e), o.Price, len(span), e.Regular, before.Price, after.Price)
		}
		if labels[e.FromSlot].Event != seed.EventPriceError {
			t.Fatalf("%s: label %+v", describe(e), labels[e.FromSlot])
		}
	case seed.EventStockOut:
		for _, o := range span {
			if o.Availability != catalog.OutOfStock {
				t.Fatalf("%s: %s at %v", describe(e), o.Availability, o.ObservedAt)
			}
		}
		if before.Availability != catalog.InStock {
			t.Fatalf("%s: already %s before it starts", describe(e), before.Availability)
		}
		if e.Ongoing != (e.ToSlot == last) {
			t.Fatalf("%s: ongoing %v but ends at slot %d of %d", describe(e), e.Ongoing, e.ToSlot, last)
		}
		if e.Restocked() && obs[e.ToSlot+1].Availability != catalog.InStock {
			t.Fatalf("%s: not back in stock after it", describe(e))
		}
	case seed.EventSale:
		for _, o := range span {
			if o.Price.Amount >= e.Regular.Amount || o.Price != e.Price || atMost(o.Price, e.Regular, 70) {
				t.Fatalf("%s: %v against regular %v, want 10-25%% off", describe(e), o.Price, e.Regular)
			}
		}
	case seed.EventPriceChange:
		if labels[e.FromSlot].Regular != e.Price || labels[e.FromSlot-1].Regular != e.Regular || e.Price == e.Regular {
			t.Fatalf("%s: regular %v -> %v, labels say %v -> %v", describe(e), e.Regular, e.Price, labels[e.FromSlot-1].Regular, labels[e.FromSlot].Regular)
		}
	}
}

// TestCompareAtPolicies checks that each shop publishes compare-at prices
// the way its profile says, so that detectors can tell sales from noise.
func TestCompareAtPolicies(t *testing.T) {
	g := mustNew(t, smallConfig())
	truth := g.Truth()
	policy := map[string]seed.CompareAtPolicy{}
	for _, s := range truth.Shops {
		policy[s.Slug] = s.CompareAt
	}
	quirky := map[int]seed.QuirkKind{}
	for _, q := range truth.Quirks {
		quirky[q.Listing.Index] = q.Kind
	}
	var equal, below, msrpMarkdown int
	for li, l := range g.Listings() {
		for k := range g.Window().Slots {
			o, lab := g.ObserveSlot(li, 0, k)
			promo := lab.Weekly || lab.Event == seed.EventSale || lab.Event == seed.EventFlash || lab.Event == seed.EventClearance
			switch policy[l.ShopSlug] {
			case seed.CompareAtNone:
				if !o.CompareAt.IsZero() {
					t.Fatalf("%s publishes compare-at %v", l.ShopSlug, o.CompareAt)
				}
			case seed.CompareAtOnSale:
				if promo != o.OnSale() || (promo && o.CompareAt != lab.Regular && lab.Event == "") {
					t.Fatalf("%s/%s slot %d: label %+v but observation %+v", l.ShopSlug, l.ExternalID, k, lab, o)
				}
			case seed.CompareAtSloppy:
				if promo && !o.OnSale() {
					t.Fatalf("%s/%s slot %d: promotion not shown as a sale: %+v", l.ShopSlug, l.ExternalID, k, o)
				}
				if !promo && lab.Event == "" && o.OnSale() {
					t.Fatalf("%s/%s slot %d: quirk %q looks like a sale: %+v", l.ShopSlug, l.ExternalID, k, quirky[li], o)
				}
				if !promo && lab.Event == "" && o.CompareAt == o.Price {
					equal++
				}
				if !promo && lab.Event == "" && !o.CompareAt.IsZero() && o.CompareAt.Amount < o.Price.Amount {
					below++
				}
			case seed.CompareAtMSRP:
				if o.CompareAt.IsZero() {
					t.Fatalf("%s publishes no MSRP", l.ShopSlug)
				}
				if lab.Event == "" && !lab.Weekly && o.OnSale() {
					msrpMarkdown++
				}
			}
		}
	}
	if equal == 0 || below == 0 || msrpMarkdown == 0 {
		t.Errorf("compare-at equal to price %d times, below %d times, MSRP markdowns %d times: want each", equal, below, msrpMarkdown)
	}
}

// TestMostPricesHold checks that real-catalog calm: most consecutive
// observations of a variant are unchanged.
func TestMostPricesHold(t *testing.T) {
	g := mustNew(t, smallConfig())
	last := map[catalog.VariantKey]catalog.PriceObservation{}
	pairs, changes := 0, 0
	for o := range g.Observations() {
		if p, ok := last[o.Variant]; ok {
			pairs++
			if !p.SameState(o) {
				changes++
			}
		}
		last[o.Variant] = o
	}
	if changes*10 > pairs {
		t.Errorf("%d of %d consecutive observations changed, want under 10%%", changes, pairs)
	}
	if changes == 0 {
		t.Error("nothing ever changed")
	}
}

func TestWeeklyDeals(t *testing.T) {
	g := mustNew(t, smallConfig())
	truth := g.Truth()
	deals := map[string]*seed.WeeklyDeal{}
	for _, s := range truth.Shops {
		deals[s.Slug] = s.Weekly
	}
	seen := 0
	for li, l := range g.Listings() {
		for k := range g.Window().Slots {
			o, lab := g.ObserveSlot(li, 0, k)
			if !lab.Weekly {
				continue
			}
			seen++
			d := deals[l.ShopSlug]
			if d == nil || o.Price.Amount >= lab.Regular.Amount || atMost(o.Price, lab.Regular, 70) {
				t.Fatalf("%s slot %d: weekly price %v from regular %v under deal %+v", l.ShopSlug, k, o.Price, lab.Regular, d)
			}
			day := false
			for _, wd := range d.Weekdays {
				day = day || wd == o.ObservedAt.Weekday()
			}
			if !day {
				t.Fatalf("%s: weekly deal on a %v", l.ShopSlug, o.ObservedAt.Weekday())
			}
		}
	}
	if seen == 0 {
		t.Error("no weekly deal observed")
	}
}
