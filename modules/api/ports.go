package api

import (
	"context"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Catalog is the read side of the store the API serves. Implementations
// are safe for concurrent use; errors wrap catalog.ErrNotFound or
// catalog.ErrInvalid where the store contract says so, and anything else is
// reported to clients as an internal error without its text.
type Catalog interface {
	// Products returns one page of q. A malformed cursor or one made for
	// another query wraps catalog.ErrInvalid.
	Products(ctx context.Context, q catalog.ProductQuery) (catalog.ProductPage, error)
	// Product returns the product with id, or catalog.ErrNotFound.
	Product(ctx context.Context, id int64) (catalog.Product, error)
	// ProductHistory returns the change points over [from, to] of every
	// variant of product id, or catalog.ErrNotFound.
	ProductHistory(ctx context.Context, id int64, from, to time.Time) ([]catalog.VariantHistory, error)
	BrandCounts(ctx context.Context) ([]catalog.FacetCount, error)
	CategoryCounts(ctx context.Context) ([]catalog.FacetCount, error)
	ShopStatuses(ctx context.Context) ([]catalog.ShopStatus, error)
	Stats(ctx context.Context, since time.Time) (catalog.Stats, error)
}

// Cache stores encoded responses (cache.FailOpen in app). App makes every
// stored value unreachable when price-updates land; the API only fills it.
type Cache interface {
	// Fetch returns the value under key, or on a miss the value fill
	// returns, stored for ttl unless the cache was invalidated while fill
	// ran (the value may predate the new prices). A failing cache is a miss,
	// never an error: the only errors are fill's.
	Fetch(ctx context.Context, key string, ttl time.Duration, fill func(context.Context) ([]byte, error)) ([]byte, error)
}

// Decision is a rate limiter's answer for one request.
type Decision struct {
	Allowed bool
	// Limit is the size of the window's budget, 0 when the limiter does not
	// say (the RateLimit-Limit header is then left out).
	Limit int
	// Remaining is what is left of the budget after this request.
	Remaining int
	// RetryAfter is how long a refused client should wait.
	RetryAfter time.Duration
	// ResetAfter is when the budget is whole again.
	ResetAfter time.Duration
}

// Limiter decides whether one more request under key is allowed (app
// adapts the shared rate limiter). It must be safe for concurrent use. An
// error lets the request through: a limiter outage never takes the API
// down with it.
type Limiter interface {
	Allow(ctx context.Context, key string) (Decision, error)
}

// ScrapeTrigger starts a scrape run of one shop.
type ScrapeTrigger interface {
	// TriggerScrape starts a run and returns its id at once; the run goes on
	// in the background after the request ends. An unknown shop is an
	// error wrapping catalog.ErrNotFound.
	TriggerScrape(ctx context.Context, shop string) (runID string, err error)
}

// DeadLetters lists and replays the dead-letter queue (bus.DLQ adapted in
// app).
type DeadLetters interface {
	// ListDeadLetters returns at most limit letters, by DLQ partition and
	// offset.
	ListDeadLetters(ctx context.Context, limit int) ([]DeadLetter, error)
	// ReplayDeadLetters publishes the chosen letters back to their source
	// topics. It is not atomic; replaying twice publishes twice, which
	// ingest absorbs like any redelivery.
	ReplayDeadLetters(ctx context.Context, req ReplayRequest) (ReplayResult, error)
}

// DeadLetter is one record of the dead-letter queue, without its value
// (only its size): values may hold anything a shop published.
type DeadLetter struct {
	DLQPartition    int32
	DLQOffset       int64
	SourceTopic     string
	SourcePartition int32
	SourceOffset    int64
	Kind            string // why it failed: a short stable word
	Message         string
	SchemaID        int // 0 when unknown
	FailedAt        time.Time
	ReplayCount     int
	Key             string // the record key as text (shop slugs and listing keys are text)
	ValueSize       int
}

// ReplayRequest chooses dead letters to replay: those of Kind (when set)
// and, when Positions is not empty, only those at one of the source
// positions. At least one of the two is set; the API refuses an empty
// request rather than replaying everything.
type ReplayRequest struct {
	Kind      string
	Positions []SourcePosition
}

// SourcePosition is where a record sat before it was dead-lettered.
type SourcePosition struct {
	Topic     string
	Partition int32
	Offset    int64
}

// ReplayResult says what a replay did.
type ReplayResult struct {
	Replayed int
	// Exhausted counts the chosen letters left alone because they were
	// already replayed the maximum number of times.
	Exhausted int
}

// Probe is one part of readiness (database, redis, kafka, scrapes). Check
// runs with a bounded context and returns a JSON-encodable detail (lag per
// partition, age of the last successful scrape per shop) or an error that
// makes the process not ready. Errors are logged, never shown to clients.
type Probe struct {
	Name  string
	Check func(ctx context.Context) (detail any, err error)
}

// Patterns lists the stored discount patterns (the store's, in app).
// Implementations are safe for concurrent use; an invalid query or a
// malformed cursor wraps catalog.ErrInvalid. When Deps.Patterns is nil the
// route answers 503.
type Patterns interface {
	DiscountPatterns(ctx context.Context, q catalog.PatternQuery) (catalog.PatternPage, error)
}

// Stockouts lists the stored stock-out forecasts (the store's, in app),
// as Patterns does patterns.
type Stockouts interface {
	StockoutForecasts(ctx context.Context, q catalog.StockoutQuery) (catalog.StockoutPage, error)
}

// DealChecker judges a product's current prices against their history
// (app runs the pattern detectors on the stored history). When
// Deps.Deals is nil the product page shows no verdicts.
type DealChecker interface {
	// CheckDeals returns, by variant external id, the verdict on the
	// price each variant had at at, with the lowest price in the days
	// before it. Variants without an observation by then are absent. An
	// unknown product wraps catalog.ErrNotFound.
	CheckDeals(ctx context.Context, productID int64, at time.Time, days int) (map[string]DealCheck, error)
}

// DealCheck is the verdict on one variant's price at one instant.
type DealCheck struct {
	// Lowest is the lowest price in the days asked for, up to the instant,
	// in the currency of the price then; LowestAt is when it was last seen
	// and IsLowest says whether the price then is it (ties count).
	// Observations is how many prices the days held: with few, "lowest"
	// means little.
	Lowest       catalog.Money
	LowestAt     time.Time
	IsLowest     bool
	Observations int
	// RealDeal says the price is a real deal: well below the median of the
	// window before it, and not a suspected price error or fake sale
	// (Suspect names which, "" when neither). Reason says why in words.
	RealDeal bool
	Suspect  catalog.PatternKind
	Reason   string
	// Median is the median price of the window before the instant (zero
	// without earlier prices); BelowMedianBP is the price below it, and
	// ClaimedBP the discount the compare-at claims.
	Median        catalog.Money
	BelowMedianBP int
	ClaimedBP     int
}
