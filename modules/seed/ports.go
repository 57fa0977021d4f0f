package seed

import (
	"context"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Writer is where Generator.Run puts the generated data; app adapts the store
// to it. Run calls it from one goroutine, in order: shops, then listings,
// then observations in time order. Each call's slice is reused by Run once
// the call returns, so an implementation must copy what it keeps. Writes
// should be idempotent (upserts), so that a Run repeated after a failure
// converges on the same rows.
type Writer interface {
	// UpsertShops inserts or updates shops by slug.
	UpsertShops(ctx context.Context, shops []catalog.Shop) error
	// UpsertListings inserts or updates listings and their variants.
	UpsertListings(ctx context.Context, listings []catalog.Listing) error
	// RecordObservations adds a batch of price observations.
	RecordObservations(ctx context.Context, obs []catalog.PriceObservation) error
}
