package app

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/store"
)

// TestAnalyticsConsumerRefreshesSignals runs the analytics consumer on
// kfake over a seeded history that ends now: a listing whose patterns and
// forecasts were emptied arrives on normalized-products, and by the time
// the analytics group has committed it, its patterns of the last 30 days
// and its forecasts are stored again, scored by the stored model as of
// now.
func TestAnalyticsConsumerRefreshesSignals(t *testing.T) {
	r := newPFRig(t, kindSQLite)
	ctx := r.ctx
	now := time.Now().UTC().Truncate(time.Second)
	c := &cli{cfg: defaultConfig(), log: r.log, stdout: io.Discard, stderr: io.Discard}
	c.cfg.Seed = signalSeed(now.Format(time.RFC3339))
	if _, err := c.seedStore(ctx, r.db); err != nil {
		t.Fatal(err)
	}
	settings, err := defaultSignalSettings()
	if err != nil {
		t.Fatal(err)
	}
	span, err := r.db.HistoryDays(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := settings.rebuildSignals(ctx, r.db, span, now, func(string, int) {}); err != nil {
		t.Fatal(err)
	}
	model, err := r.db.ForecastModel(ctx)
	if err != nil {
		t.Fatalf("the rebuild stored no model: %v", err)
	}

	// A listing with a pattern in the consumer's window and a forecast.
	since := now.Add(-defaultPatternWindow)
	var key store.ListingKey
	recent := storedPatterns(t, r.db, since)
	forecasts := storedForecasts(t, r.db)
	for _, id := range recent {
		v, _, _ := strings.Cut(id, " ")
		parts := strings.Split(v, "/")
		k := store.ListingKey{ShopSlug: parts[0], ExternalID: parts[1]}
		for fk := range forecasts {
			if fk.ShopSlug == k.ShopSlug && fk.ListingExternalID == k.ExternalID {
				key = k
			}
		}
		if key != (store.ListingKey{}) {
			break
		}
	}
	if key == (store.ListingKey{}) {
		t.Fatal("no listing has both a recent pattern and a forecast")
	}
	mine := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			if strings.HasPrefix(id, key.ShopSlug+"/"+key.ExternalID+"/") {
				out = append(out, id)
			}
		}
		return out
	}
	wantPatterns := mine(recent)
	var wantVariants []catalog.VariantKey
	for fk := range forecasts {
		if fk.ShopSlug == key.ShopSlug && fk.ListingExternalID == key.ExternalID {
			wantVariants = append(wantVariants, fk)
		}
	}
	if err := r.db.ReplaceDiscountPatterns(ctx, []store.ListingKey{key}, since, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.db.ReplaceStockoutForecasts(ctx, []store.ListingKey{key}, nil); err != nil {
		t.Fatal(err)
	}

	p := *r.p
	p.bus = r.cfg
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- runAnalyticsConsumer(runCtx, &p, r.db, defaultAnalyticsRun(), r.log) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("consumer: %v", err)
		}
	}()
	ls, err := r.db.Listings(ctx, []store.ListingKey{key})
	if err != nil || len(ls) != 1 {
		t.Fatalf("Listings(%v) = %v, %v", key, ls, err)
	}
	v, err := r.p.serde.Encode(schema.FromListing(ls[key], nil))
	if err != nil {
		t.Fatal(err)
	}
	r.publish([]bus.Record{{Topic: r.cfg.Topics.NormalizedProducts, Key: []byte(key.ShopSlug + "/" + key.ExternalID), Value: v}})
	awaitGroupCommitted(t, r, analyticsGroup, r.cfg.Topics.NormalizedProducts)

	if got := mine(storedPatterns(t, r.db, since)); !slices.Equal(got, wantPatterns) {
		t.Errorf("patterns of %v after the consumer:\n got %v\nwant %v", key, got, wantPatterns)
	}
	var gotVariants []catalog.VariantKey
	for fk, f := range storedForecasts(t, r.db) {
		if fk.ShopSlug != key.ShopSlug || fk.ListingExternalID != key.ExternalID {
			continue
		}
		gotVariants = append(gotVariants, fk)
		if !f.ModelTrainedAt.Equal(model.TrainedAt) || f.AsOf.Before(now) || time.Since(f.AsOf) > time.Minute {
			t.Errorf("forecast %+v: want the stored model's, as of now (%v)", f, now)
		}
	}
	sortKeys := func(ks []catalog.VariantKey) {
		slices.SortFunc(ks, func(a, b catalog.VariantKey) int { return strings.Compare(a.String(), b.String()) })
	}
	sortKeys(gotVariants)
	sortKeys(wantVariants)
	if !slices.Equal(gotVariants, wantVariants) {
		t.Errorf("forecast variants of %v = %v, want %v", key, gotVariants, wantVariants)
	}
}
