package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/store"
)

// storeWriter adapts the store to the two producers that write the catalog
// directly: the seed generator (seed.Writer) and a scrape run (scrape.Sink).
// Both write shops and listings before the observations of them, so a variant
// the store does not know is a bug, not a race, and fails the write. It
// totals what RecordObservations reports and is safe for concurrent use, as
// scrape runs of different shops publish at the same time.
type storeWriter struct {
	store store.Store

	mu     sync.Mutex
	result store.RecordResult    // totals over all batches; Unknown stays empty
	shops  map[catalog.Shop]bool // shops already upserted as they are now
}

var (
	_ seed.Writer = (*storeWriter)(nil)
	_ scrape.Sink = (*storeWriter)(nil)
)

func newStoreWriter(s store.Store) *storeWriter {
	return &storeWriter{store: s, shops: map[catalog.Shop]bool{}}
}

func (w *storeWriter) UpsertShops(ctx context.Context, shops []catalog.Shop) error {
	return w.store.UpsertShops(ctx, shops)
}

func (w *storeWriter) UpsertListings(ctx context.Context, listings []catalog.Listing) error {
	return w.store.UpsertListings(ctx, listings)
}

func (w *storeWriter) RecordObservations(ctx context.Context, obs []catalog.PriceObservation) error {
	res, err := w.store.RecordObservations(ctx, obs)
	if err != nil {
		return err
	}
	if len(res.Unknown) > 0 {
		return fmt.Errorf("record observations: the store skipped %d unknown variants, first %s", len(res.Unknown), res.Unknown[0])
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.result.Observations += res.Observations
	w.result.ChangePoints += res.ChangePoints
	w.result.Extended += res.Extended
	w.result.Conflicting += res.Conflicting
	return nil
}

// Publish writes one scrape batch: the shop (once per process unless its
// settings changed), then the listings, then the observations. Each call is
// idempotent, so a batch repeated after a failure converges on the same rows.
func (w *storeWriter) Publish(ctx context.Context, b scrape.Batch) error {
	if err := w.ensureShop(ctx, b.Shop); err != nil {
		return err
	}
	if len(b.Listings) > 0 {
		if err := w.store.UpsertListings(ctx, b.Listings); err != nil {
			return err
		}
	}
	if len(b.Observations) == 0 {
		return nil
	}
	return w.RecordObservations(ctx, b.Observations)
}

// ensureShop upserts shop unless this writer already did, as it is now.
func (w *storeWriter) ensureShop(ctx context.Context, shop catalog.Shop) error {
	if w.shopKnown(shop) {
		return nil
	}
	if err := w.store.UpsertShops(ctx, []catalog.Shop{shop}); err != nil {
		return err
	}
	w.mu.Lock()
	w.shops[shop] = true
	w.mu.Unlock()
	return nil
}

func (w *storeWriter) shopKnown(s catalog.Shop) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.shops[s]
}

// totals is what the store made of every observation written so far.
func (w *storeWriter) totals() store.RecordResult {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.result
}
