package seed_test

import (
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// TestObserveMatchesHistory checks random access agrees with the walk Run
// writes, and that Observe picks the latest scrape at or before the instant.
func TestObserveMatchesHistory(t *testing.T) {
	cfg := smallConfig()
	cfg.Products, cfg.PerDay, cfg.Days = 300, 3, 10
	g := mustNew(t, cfg)
	listings := g.Listings()
	index := map[catalog.VariantKey][2]int{}
	for li, l := range listings {
		for v, va := range l.Variants {
			index[catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: va.ExternalID}] = [2]int{li, v}
		}
	}
	slot := map[catalog.VariantKey]int{}
	for o := range g.Observations() {
		at := index[o.Variant]
		k := slot[o.Variant]
		slot[o.Variant]++
		got, _ := g.ObserveSlot(at[0], at[1], k)
		if got != o {
			t.Fatalf("ObserveSlot(%d, %d, %d) = %+v, history has %+v", at[0], at[1], k, got, o)
		}
		for _, d := range []time.Duration{0, time.Second, 7 * time.Hour, 8 * time.Hour} {
			want := o
			if d == 8*time.Hour { // a third of a day later is the next slot
				want, _ = g.ObserveSlot(at[0], at[1], k+1)
			}
			if got := g.Observe(at[0], at[1], o.ObservedAt.Add(d)); got != want {
				t.Fatalf("Observe at %v + %v = %+v, want %+v", o.ObservedAt, d, got, want)
			}
		}
		if got := g.Observe(at[0], at[1], o.ObservedAt.Add(-time.Nanosecond)); k > 0 && got.ObservedAt.Equal(o.ObservedAt) {
			t.Fatalf("Observe just before a scrape returned that scrape")
		}
	}
}

// TestObserveOutsideWindow checks prices exist before and after the window
// for the simulator, and that events planted to run past End run their course.
func TestObserveOutsideWindow(t *testing.T) {
	g := mustNew(t, smallConfig())
	w := g.Window()
	for li := range 50 {
		before := g.Observe(li, 0, w.From.Add(-90*24*time.Hour))
		after := g.Observe(li, 0, w.To.Add(400*24*time.Hour))
		for _, o := range []catalog.PriceObservation{before, after} {
			if err := o.Validate(); err != nil {
				t.Fatalf("listing %d: %v", li, err)
			}
		}
		if !before.ObservedAt.Before(w.From) || !after.ObservedAt.After(w.To) {
			t.Fatalf("listing %d: observed at %v and %v, window %v..%v", li, before.ObservedAt, after.ObservedAt, w.From, w.To)
		}
	}
	// Sales last at most two weeks, and none start after End: every sale
	// still running at End is over two weeks later.
	later := w.Slots - 1 + 15*w.PerDay
	ongoing := 0
	for _, e := range g.Truth().Events {
		if !e.Ongoing || e.Kind != seed.EventSale {
			continue
		}
		ongoing++
		o, lab := g.ObserveSlot(e.Listing, e.VariantIndex, later)
		if lab.Event != "" || (o.Price != lab.Regular && !lab.Weekly) {
			t.Fatalf("%s: still discounted two weeks after End: %+v %+v", describe(e), o, lab)
		}
	}
	if ongoing == 0 {
		t.Error("no sale runs past End")
	}
}

func TestObservePanicsOutOfRange(t *testing.T) {
	g := mustNew(t, smallConfig())
	defer func() {
		if recover() == nil {
			t.Error("no panic for a variant past the listing's")
		}
	}()
	g.ObserveSlot(0, len(g.Listing(0).Variants), 0)
}
