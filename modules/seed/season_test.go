package seed_test

import (
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/seed"
)

// TestSeasons checks the seasonal sales of a long history: every seasonal
// listing holds one sale a year, at least two, within a week of the first
// year's date, each at its planted price and labelled so; decoys hold a
// long sale once; and short histories hold no season at all.
func TestSeasons(t *testing.T) {
	g := mustNew(t, seed.Config{Shops: 4, Products: 300, Days: 760, PerDay: 1, RandSeed: 11})
	truth := g.Truth()
	byVariant := map[[2]int][]seed.Event{}
	longSales := 0
	for _, e := range truth.Events {
		switch e.Kind {
		case seed.EventSeasonal:
			k := [2]int{e.Listing, e.VariantIndex}
			byVariant[k] = append(byVariant[k], e)
		case seed.EventSale:
			if e.To.Sub(e.From) >= 15*24*time.Hour {
				longSales++
			}
		}
	}
	if len(byVariant) < 30 || longSales < 10 {
		t.Fatalf("%d seasonal variants and %d decoy sales in 300 listings over 760 days, want more", len(byVariant), longSales)
	}
	if s := g.Summary(); s.Seasonal == 0 {
		t.Errorf("Summary counts no seasonal sales: %+v", s)
	}
	for k, evs := range byVariant {
		if len(evs) < 2 {
			t.Fatalf("variant %v holds %d seasons, want at least 2", k, len(evs))
		}
		obs, labels := series(g, k[0], k[1])
		for i, e := range evs {
			if i > 0 {
				shift := e.From.Sub(evs[0].From.AddDate(i, 0, 0))
				if shift < -8*24*time.Hour || shift > 8*24*time.Hour {
					t.Errorf("variant %v: season %d starts %v off the first year's date", k, i, shift)
				}
			}
			if d := e.To.Sub(e.From); d < 15*24*time.Hour || d > 30*24*time.Hour {
				t.Errorf("variant %v: season lasts %v", k, d)
			}
			for s := e.FromSlot; s <= e.ToSlot; s++ {
				if labels[s].Event != seed.EventSeasonal && labels[s].Event != seed.EventPriceError {
					t.Fatalf("variant %v slot %d inside a season is labelled %q", k, s, labels[s].Event)
				}
			}
			if obs[e.FromSlot].Price != e.Price || !atMost(e.Price, e.Regular, 85) || labels[e.ToSlot+1].Event == seed.EventSeasonal {
				t.Errorf("variant %v: season %+v is not a sustained sale", k, e)
			}
		}
	}
	short := mustNew(t, seed.Config{Shops: 4, Products: 300, Days: 365, PerDay: 1, RandSeed: 11})
	if s := short.Summary(); s.Seasonal != 0 {
		t.Errorf("a 365-day history holds %d seasonal sales", s.Seasonal)
	}
	again := mustNew(t, seed.Config{Shops: 4, Products: 300, Days: 760, PerDay: 1, RandSeed: 11})
	if again.Summary() != g.Summary() {
		t.Error("the same config planted different seasons")
	}
}
