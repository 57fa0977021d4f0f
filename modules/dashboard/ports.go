package dashboard

import (
	"context"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// StatusSource reports the state the overview shows. The dashboard calls it
// from one goroutine, every Config.StatusInterval while at least one client
// watches, with a context that ends after that interval. An error skips
// that refresh; a part it cannot read (Kafka away) is better reported as
// unknown in an otherwise good Status.
type StatusSource interface {
	Status(ctx context.Context) (Status, error)
}

// Status is one reading of the pipeline's state.
type Status struct {
	// ProductsToday counts listings with a variant observed since the
	// start of today, UTC.
	ProductsToday int64
	// Observations is a running total of observations taken in (any
	// counter that only grows while observations arrive); the dashboard
	// derives the per-minute rate from how it moves. Negative: unknown.
	Observations int64
	// Lag is ingest's consumer lag per partition; nil when unknown.
	Lag map[int32]int64
	// DLQSize is the number of dead letters held; negative when unknown.
	DLQSize int64
	Shops   []ShopStatus
}

// ShopStatus is one shop's freshness.
type ShopStatus struct {
	Slug, Name     string
	LastSuccessAt  time.Time // end of the latest run that did not fail; zero: never
	LastObservedAt time.Time // zero: never
	LastStatus     string    // the latest run's status (ok, incomplete, failed); "" when none ran
	LastMessage    string    // why the latest run failed or stopped early
}

// Update is one record of the price-updates topic as dashboards see it:
// the new state of one variant.
type Update struct {
	Shop, ListingID, VariantID string
	Price                      catalog.Money
	CompareAt                  catalog.Money // zero when the shop publishes none
	Availability               catalog.Availability
	ObservedAt                 time.Time
}
