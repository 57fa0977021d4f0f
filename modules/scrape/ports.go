package scrape

import (
	"context"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// Getter fetches one URL politely. *fetch.Fetcher satisfies it; its contract
// (errors are *fetch.Error, a 304 comes back as a Response with NotModified)
// is the one the crawlers rely on. It must be safe for concurrent use.
type Getter interface {
	Get(ctx context.Context, url string, accept ...string) (*fetch.Response, error)
}

// FetcherFactory builds the Getter a shop is read through. Rate limit,
// concurrency, robots.txt and the loopback permission are per shop in
// shops.yaml but per Fetcher in fetch, so every shop gets its own. The Runner
// calls the factory once per distinct ShopConfig, from any goroutine, and
// passes the validator cache that ties conditional requests to its memory of
// parsed pages: an implementation must install it (fetch.WithValidatorCache)
// or no request is ever conditional. NewFetcherFactory is the production one.
type FetcherFactory func(shop ShopConfig, cache fetch.ValidatorCache) (Getter, error)

// Sink receives what a scrape run read, batch by batch. The store implements
// it for the demo (upsert the shop and listings, then record the
// observations); the product-events producer will implement it by sending
// Batch.Events, one record per observation.
//
// Calls for one run are sequential and in crawl order; runs of different
// shops call concurrently, so an implementation must be safe for concurrent
// use. Publish must not modify the batch: the Runner keeps its listings for
// reuse on a 304. An error fails the run (nothing more is read), so Publish
// should retry what it can retry itself. Writes should be idempotent: a run
// repeated after a failure publishes the same listings again.
type Sink interface {
	Publish(ctx context.Context, b Batch) error
}

// SinkFunc adapts a function to Sink.
type SinkFunc func(ctx context.Context, b Batch) error

// Publish calls f.
func (f SinkFunc) Publish(ctx context.Context, b Batch) error { return f(ctx, b) }

// Batch is a slice of one run's results. Every observation in it belongs to
// a listing in the same batch that has the observed variant, so a consumer
// never has to look elsewhere for the listing; a listing may come without
// observations (its prices could not be read). Everything in it passes
// catalog validation.
type Batch struct {
	Shop         catalog.Shop // the shop read; its slug is on every listing and observation
	RunID        string       // the run that read it, also each observation's SourceRun
	Listings     []catalog.Listing
	Observations []catalog.PriceObservation
}

// Events returns one catalog.ProductEvent per observation, in order: the records a
// product-events producer sends. It fails only for a batch built by hand
// that breaks the listing invariant.
func (b Batch) Events() ([]catalog.ProductEvent, error) {
	idx := IndexListings(b.Listings)
	events := make([]catalog.ProductEvent, 0, len(b.Observations))
	for _, o := range b.Observations {
		ev, err := idx.Event(o)
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	return events, nil
}

// RawArchive stores every response a run fetched, for replay and debugging.
// modules/lake implements it; app adapts it with a conversion, since RawPage
// has lake.RawPage's exact fields: lake.RawPage(p). It must be safe for
// concurrent use. A failure is counted in the run's errors (kind "archive")
// and does not stop the run: losing a raw copy must not lose the prices.
type RawArchive interface {
	PutRaw(ctx context.Context, p RawPage) (string, error)
}

// RawPage is one response as fetched. Its fields are those of lake.RawPage,
// in the same order and with the same types, so that the two convert.
type RawPage struct {
	Shop        string    // shop slug
	FetchedAt   time.Time // when the response arrived, UTC
	RunID       string    // the scrape run: A-Z a-z 0-9 _ - only
	Seq         int       // 0, 1, 2... in the order the run's responses arrived
	URL         string    // the final URL, after redirects
	Status      int       // 2xx, or 304 for a page not modified (then Body is empty)
	ContentType string    // the Content-Type header, at most 256 bytes
	Body        []byte    // the decoded body
}
