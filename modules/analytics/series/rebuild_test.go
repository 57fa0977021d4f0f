package series_test

import (
	"errors"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/series"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// spansOf folds observations into change points as stores do: a run of
// one state is one span from its first sighting to its last.
func spansOf(obs []catalog.PriceObservation) []catalog.PriceSpan {
	var out []catalog.PriceSpan
	for i, o := range obs {
		if i > 0 && o.SameState(obs[i-1]) {
			out[len(out)-1].LastSeen = o.ObservedAt
			continue
		}
		out = append(out, catalog.PriceSpan{ValidFrom: o.ObservedAt, LastSeen: o.ObservedAt, Price: o.Price,
			CompareAt: o.CompareAt, Availability: o.Availability})
	}
	return out
}

// TestRebuildsSeededSeries folds every generated series into change
// points and rebuilds it: a listing whose history shows its scrape
// interval gets back exactly the observations made, so the detectors and
// the forecast read from a store what they were evaluated on.
func TestRebuildsSeededSeries(t *testing.T) {
	for _, perDay := range []int{1, 2, 3} {
		gen, err := seed.New(seed.Config{Shops: 3, Products: 200, Days: 40, PerDay: perDay, RandSeed: int64(perDay)})
		if err != nil {
			t.Fatal(err)
		}
		cfg := series.DefaultConfig()
		slots := gen.Window().Slots
		type listing struct {
			raws [][]catalog.PriceObservation
			hist [][]catalog.PriceSpan
		}
		var ls []listing
		shopHist := map[string][][]catalog.PriceSpan{}
		for li, l := range gen.Listings() {
			var x listing
			for v := range l.Variants {
				var raw []catalog.PriceObservation
				for k := range slots {
					o, _ := gen.ObserveSlot(li, v, k)
					o.SourceRun = "" // stores keep a point's run, not each observation's
					raw = append(raw, o)
				}
				x.raws, x.hist = append(x.raws, raw), append(x.hist, spansOf(raw))
			}
			shopHist[l.ShopSlug] = append(shopHist[l.ShopSlug], x.hist...)
			ls = append(ls, x)
		}
		exact, guessed := 0, 0
		for _, x := range ls {
			step, ok := cfg.Step(x.hist)
			if !ok {
				// No variant of the listing changed state: its shop's
				// other listings show the interval.
				step, ok = cfg.Step(shopHist[x.raws[0][0].Variant.ShopSlug])
				guessed++
			}
			if !ok {
				t.Fatalf("per day %d: no listing of %s changed state", perDay, x.raws[0][0].Variant.ShopSlug)
			}
			for v, raw := range x.raws {
				got := cfg.Observations(raw[0].Variant, x.hist[v], step)
				exact++
				if len(got) != len(raw) {
					t.Fatalf("per day %d, %s: %d observations rebuilt from %d spans, %d made", perDay, raw[0].Variant, len(got), len(x.hist[v]), len(raw))
				}
				for i := range raw {
					if got[i] != raw[i] {
						t.Fatalf("per day %d, %s: observation %d rebuilt as %+v, made %+v", perDay, raw[0].Variant, i, got[i], raw[i])
					}
				}
			}
		}
		t.Logf("per day %d: %d series rebuilt exactly, %d listings by their shop's interval", perDay, exact, guessed)
		if guessed == 0 {
			t.Errorf("per day %d: every listing changed state; the shop fallback went untested", perDay)
		}
	}
}

func TestObservationsBounds(t *testing.T) {
	key := catalog.VariantKey{ShopSlug: "s", ListingExternalID: "l", VariantExternalID: "v"}
	t0 := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	usd := func(a int64) catalog.Money { return catalog.Money{Amount: a, Currency: "USD"} }
	span := func(from, to time.Duration, price int64) catalog.PriceSpan {
		return catalog.PriceSpan{ValidFrom: t0.Add(from), LastSeen: t0.Add(to), Price: usd(price), Availability: catalog.InStock}
	}
	cfg := series.DefaultConfig()
	// Scraped every minute: read as hourly.
	minutely := []catalog.PriceSpan{span(0, 3*time.Hour, 5000), span(3*time.Hour+time.Minute, 5*time.Hour, 4000)}
	if got := cfg.Observations(key, minutely, time.Minute); len(got) != 4+3 {
		t.Errorf("minute scrapes over 5 hours: %d observations, want 7 (hourly, and each span's last)", len(got))
	}
	// A year-long span at an hourly interval is capped.
	long := []catalog.PriceSpan{span(0, 365*24*time.Hour, 5000), span(365*24*time.Hour+time.Hour, 365*24*time.Hour+time.Hour, 4000)}
	if got := cfg.Observations(key, long, time.Hour); len(got) != cfg.MaxPerSpan+1 {
		t.Errorf("a year-long span: %d observations, want %d", len(got), cfg.MaxPerSpan+1)
	}
	// A lone span takes the listing's interval; a point takes one.
	if got := cfg.Observations(key, []catalog.PriceSpan{span(0, 48*time.Hour, 5000)}, 12*time.Hour); len(got) != 5 {
		t.Errorf("a lone two-day span at 12h: %d observations, want 5", len(got))
	}
	if got := cfg.Observations(key, []catalog.PriceSpan{span(0, 0, 5000)}, time.Hour); len(got) != 1 || got[0].Price != usd(5000) {
		t.Errorf("a single sighting: %+v", got)
	}
	if got, ok := cfg.Step(nil); ok || got != cfg.DefaultStep {
		t.Errorf("Step of nothing = %s, %v; want the default, not ok", got, ok)
	}
	if got, ok := cfg.Step([][]catalog.PriceSpan{minutely}); !ok || got != cfg.MinStep {
		t.Errorf("Step of minute scrapes = %s, %v; want MinStep", got, ok)
	}
	for _, bad := range []series.Config{{MinStep: 0, DefaultStep: time.Hour, MaxPerSpan: 10}, {MinStep: time.Hour, DefaultStep: time.Minute, MaxPerSpan: 10},
		{MinStep: time.Hour, DefaultStep: time.Hour, MaxPerSpan: 1}} {
		if err := bad.Validate(); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("Validate(%+v) = %v", bad, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Error(err)
	}
}
