package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/store"
)

// signalSeed sizes the catalogs of the pattern and forecast tests: a
// history long enough to train the stock-out model (a week, then two
// seven-day horizons) and to hold planted events of every kind.
func signalSeed(end string) seedConfig {
	return seedConfig{Shops: 3, Products: 240, Days: 35, PerDay: 1, RandSeed: 4, End: end}
}

// seededSignals migrates and seeds a SQLite database with sc and returns
// it with the generator that made the seed.
func seededSignals(t *testing.T, sc seedConfig) (database, *seed.Generator) {
	t.Helper()
	cfg := defaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Database.URL = "sqlite://" + filepath.ToSlash(filepath.Join(cfg.DataDir, "signals.db"))
	cfg.Seed = sc
	db, _ := seededStore(t, cfg)
	gc, err := cfg.seedGeneratorConfig(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	gen, err := seed.New(gc)
	if err != nil {
		t.Fatal(err)
	}
	return db, gen
}

// patternID is a stored pattern without when it was detected.
func patternID(p catalog.DiscountPattern) string {
	return fmt.Sprintf("%s %s %s..%s %s<%s %d %v", p.Variant, p.Kind, p.From.UTC().Format(time.RFC3339),
		p.To.UTC().Format(time.RFC3339), p.Price, p.Reference, p.DiscountBP, p.Weekdays)
}

// storedPatterns reads every stored pattern ending at or after since,
// sorted.
func storedPatterns(t *testing.T, db database, since time.Time) []string {
	t.Helper()
	var out []string
	q := catalog.PatternQuery{Limit: 500, From: since}
	for {
		page, err := db.DiscountPatterns(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out = append(out, patternID(it.DiscountPattern))
		}
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	slices.Sort(out)
	return out
}

// storedForecasts reads every stored forecast, by variant.
func storedForecasts(t *testing.T, db database) map[catalog.VariantKey]catalog.StockoutForecast {
	t.Helper()
	out := map[catalog.VariantKey]catalog.StockoutForecast{}
	q := catalog.StockoutQuery{Limit: 500}
	for {
		page, err := db.StockoutForecasts(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out[it.Variant] = it.StockoutForecast
		}
		if page.Next == "" {
			return out
		}
		q.After = page.Next
	}
}

// TestAnalyticsRebuildSignals rebuilds the patterns and forecasts of a
// seeded database through the CLI and holds them to the generator: the
// stored patterns are exactly what the detectors find in the observations
// the generator made (the store keeps change points, and the rebuild
// rebuilds the observations from them), and every variant in stock at
// the end is forecast by the model the rebuild trained and stored.
func TestAnalyticsRebuildSignals(t *testing.T) {
	ctx := context.Background()
	const end = "2025-06-30T12:00:00Z"
	db, gen := seededSignals(t, signalSeed(end))
	settings, err := defaultSignalSettings()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	c := &cli{cfg: defaultConfig(), log: slog.New(slog.DiscardHandler), stdout: &out, stderr: io.Discard}
	if err := c.rebuildSignals(ctx, db); err != nil {
		t.Fatal(err)
	}
	t.Logf("rebuild:\n%s", out.String())
	for _, want := range []string{"detected ", "trained the stock-out model on ", "held out from ", "forecast "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("rebuild output lacks %q:\n%s", want, out.String())
		}
	}

	// What the detectors find in the generator's own observations.
	det := settings.detector
	var want []string
	inStock := map[catalog.VariantKey]bool{}
	slots := gen.Window().Slots
	kinds := map[patterns.Kind]int{}
	for li, l := range gen.Listings() {
		for v := range l.Variants {
			var series []catalog.PriceObservation
			for k := range slots {
				o, _ := gen.ObserveSlot(li, v, k)
				series = append(series, o)
			}
			for _, p := range det.Detect(series) {
				kinds[p.Kind]++
				want = append(want, patternID(catalog.DiscountPattern{Variant: p.Variant, Kind: catalog.PatternKind(p.Kind),
					From: p.From, To: p.To, Reference: p.Reference, Price: p.Price, DiscountBP: p.DiscountBP, Weekdays: p.Weekdays}))
			}
			if last := series[len(series)-1]; last.InStock() {
				inStock[last.Variant] = true
			}
		}
	}
	slices.Sort(want)
	for _, k := range []patterns.Kind{patterns.KindFlashSale, patterns.KindClearance, patterns.KindFakeSale} {
		if kinds[k] == 0 {
			t.Errorf("the seed holds no %s; the test checks less than it should (%v)", k, kinds)
		}
	}
	got := storedPatterns(t, db, time.Time{})
	if !slices.Equal(got, want) {
		t.Errorf("stored %d patterns, the detectors find %d in the generated observations\nfirst stored: %.300v\nfirst found:  %.300v",
			len(got), len(want), got, want)
	}

	model, err := db.ForecastModel(ctx)
	if err != nil || model.Examples == 0 || model.Positives == 0 || model.Horizon != 7*24*time.Hour {
		t.Fatalf("stored model = %+v, %v", model, err)
	}
	fcs := storedForecasts(t, db)
	if len(fcs) != len(inStock) {
		t.Errorf("%d forecasts, %d variants in stock at the end", len(fcs), len(inStock))
	}
	low, high := 1.0, 0.0
	for k, f := range fcs {
		if !inStock[k] || !f.ModelTrainedAt.Equal(model.TrainedAt) || !f.AsOf.Equal(gen.Window().To) {
			t.Fatalf("forecast %+v: of a variant out of stock, another model or not as of the history's end %v", f, gen.Window().To)
		}
		low, high = min(low, f.Probability), max(high, f.Probability)
	}
	if !(low < high) || high > 1 || low < 0 {
		t.Errorf("probabilities from %v to %v: the model tells no variant from another", low, high)
	}

	// A second rebuild stores the same.
	out.Reset()
	if err := c.rebuildSignals(ctx, db); err != nil {
		t.Fatal(err)
	}
	if again := storedPatterns(t, db, time.Time{}); !slices.Equal(again, got) {
		t.Errorf("a second rebuild changed the patterns: %d, then %d", len(got), len(again))
	}
	if again := storedForecasts(t, db); len(again) != len(fcs) {
		t.Errorf("a second rebuild stored %d forecasts, the first %d", len(again), len(fcs))
	}

	t.Run("follower agrees", func(t *testing.T) { testSignalFollower(t, db, gen, settings) })
}

// testSignalFollower empties some listings' patterns and forecasts and
// lets the follower refresh them as of the history's end: it stores what
// the rebuild stored for them, patterns ending within its window and
// forecasts alike.
func testSignalFollower(t *testing.T, db database, gen *seed.Generator, settings signalSettings) {
	ctx := context.Background()
	end := gen.Window().To
	window := 20 * 24 * time.Hour
	since := end.Add(-window)
	keys, err := db.ListingKeys(ctx, store.ListingKey{}, 60)
	if err != nil {
		t.Fatal(err)
	}
	inKeys := func(v catalog.VariantKey) bool {
		return slices.Contains(keys, store.ListingKey{ShopSlug: v.ShopSlug, ExternalID: v.ListingExternalID})
	}
	var wantPatterns []string
	for _, id := range storedPatterns(t, db, since) {
		for _, k := range keys {
			if strings.HasPrefix(id, k.ShopSlug+"/"+k.ExternalID+"/") {
				wantPatterns = append(wantPatterns, id)
			}
		}
	}
	wantForecasts := map[catalog.VariantKey]float64{}
	for k, f := range storedForecasts(t, db) {
		if inKeys(k) {
			wantForecasts[k] = f.Probability
		}
	}
	if len(wantPatterns) == 0 || len(wantForecasts) == 0 {
		t.Fatalf("the first listings have %d patterns in the window and %d forecasts: nothing to refresh", len(wantPatterns), len(wantForecasts))
	}
	if err := db.ReplaceDiscountPatterns(ctx, keys, since, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceStockoutForecasts(ctx, keys, nil); err != nil {
		t.Fatal(err)
	}

	f, err := newSignalFollower(db, window, func() time.Time { return end }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.refresh(ctx, keys); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, id := range storedPatterns(t, db, since) {
		for _, k := range keys {
			if strings.HasPrefix(id, k.ShopSlug+"/"+k.ExternalID+"/") {
				got = append(got, id)
			}
		}
	}
	if !slices.Equal(got, wantPatterns) {
		t.Errorf("the follower stored %d patterns in its window, the rebuild %d\n got %.400v\nwant %.400v", len(got), len(wantPatterns), got, wantPatterns)
	}
	gotForecasts := 0
	for k, fc := range storedForecasts(t, db) {
		if !inKeys(k) {
			continue
		}
		gotForecasts++
		if want, ok := wantForecasts[k]; !ok || fc.Probability != want || !fc.AsOf.Equal(end) {
			t.Errorf("follower's forecast of %s = %v as of %v, the rebuild's %v (present %v)", k, fc.Probability, fc.AsOf, want, ok)
		}
	}
	if gotForecasts != len(wantForecasts) {
		t.Errorf("the follower forecast %d variants, the rebuild %d", gotForecasts, len(wantForecasts))
	}
	if l, p, n := f.stats(); l != len(keys) || p < len(wantPatterns) || n != len(wantForecasts) {
		t.Errorf("stats = %d listings, %d patterns, %d forecasts", l, p, n)
	}
}
