package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/lake"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// scrapeOutputs is where a scrape's results go: the store and the lake, or
// for a dry run stdout and nowhere.
type scrapeOutputs struct {
	sink   scrape.Sink
	raw    scrape.RawArchive // nil: pages are not archived
	writer *storeWriter      // nil on a dry run and with the kafka sink
	kafka  *kafkaSink        // the kafka sink, else nil
	db     database
	lake   *lake.Lake
	pipe   *pipeline // with the kafka sink
}

// openScrapeOutputs opens the store (refusing a schema that is not current)
// and the lake, or on a dry run prints observations to stdout. Close what it
// opened with closeScrapeOutputs, also when it fails.
// With the kafka sink (scrape.sink) observations go to product-events
// instead, through the pipeline; only shops are written to the store.
func (c *cli) openScrapeOutputs(ctx context.Context, dryRun bool) (*scrapeOutputs, error) {
	if dryRun {
		return &scrapeOutputs{sink: scrape.JSONLSink(c.stdout)}, nil
	}
	o := &scrapeOutputs{}
	db, err := openStore(ctx, c.cfg, c.log)
	if err != nil {
		return o, err
	}
	o.db = db
	// Writing to an old schema would fail half-way through a run with a
	// driver error; say what to do instead, before any shop is read.
	if err := db.CheckSchema(ctx); err != nil {
		return o, fmt.Errorf("scrape: %w", err)
	}
	if o.lake, err = openLake(ctx, c.cfg, c.log); err != nil {
		return o, err
	}
	o.raw = rawArchive{lake: o.lake}
	if c.cfg.Scrape.Sink != sinkKafka {
		o.writer = newStoreWriter(db)
		o.sink = o.writer
		return o, nil
	}
	if o.pipe, err = c.openPipeline(ctx, db); err != nil {
		return o, fmt.Errorf("scrape: %w", err)
	}
	producer, err := bus.NewProducer(o.pipe.bus, c.log)
	if err != nil {
		return o, fmt.Errorf("scrape: %w", err)
	}
	o.kafka = &kafkaSink{shops: newStoreWriter(db), producer: producer, serde: o.pipe.serde, topic: o.pipe.bus.Topics.ProductEvents}
	o.sink = o.kafka
	return o, nil
}

// closeScrapeOutputs closes what openScrapeOutputs opened, reporting a
// failure through *errp as closeDatabase does.
func (c *cli) closeScrapeOutputs(o *scrapeOutputs, errp *error) {
	if o.kafka != nil {
		// Publish has waited for every record; this only closes.
		ctx, cancel := context.WithTimeout(context.Background(), producerCloseTimeout)
		if err := o.kafka.producer.Close(ctx); err != nil && *errp == nil {
			*errp = fmt.Errorf("scrape: %w", err)
		}
		cancel()
	}
	if o.pipe != nil {
		o.pipe.close(c, errp)
	}
	if o.lake != nil {
		c.closeLake(o.lake, errp)
	}
	if o.db != nil {
		c.closeDatabase(o.db, errp)
	}
}

// producerCloseTimeout bounds flushing a producer on the way out.
const producerCloseTimeout = 10 * time.Second

// rawArchive adapts the lake to the scrape's RawArchive port; the two page
// types have the same fields, so a conversion does.
type rawArchive struct{ lake *lake.Lake }

func (a rawArchive) PutRaw(ctx context.Context, p scrape.RawPage) (string, error) {
	return a.lake.PutRaw(ctx, lake.RawPage(p))
}

// newScrapeRunner builds the Runner for t: one fetcher per shop from the
// scrape.* settings, identifying as this build with t's contact URL.
func (c *cli) newScrapeRunner(t scrapeTarget, out *scrapeOutputs, opts ...scrape.Option) (*scrape.Runner, error) {
	factory := fetcherShop(scrape.NewFetcherFactory(c.cfg.fetchConfig(t.contact), c.log), t.fetcherShop)
	cfg := scrape.DefaultConfig()
	if len(t.shops) == 1 || !slices.ContainsFunc(t.shops, func(s scrape.ShopConfig) bool { return !s.Local }) {
		// The start jitter spreads the first runs of many shops over a
		// minute; a single shop has no one to make room for, and local
		// (simulated) shops need no politeness.
		cfg.StartJitter = 0
	}
	r, err := scrape.New(cfg, c.log, factory, out.sink, out.raw, opts...)
	if err != nil {
		return nil, fmt.Errorf("scrape: %w", err)
	}
	return r, nil
}

// fetcherShop returns a factory that builds each shop's fetcher from
// adjust(shop): the Runner keeps the shop as configured and validated, while
// its fetcher gets the permissions app decides on (the --allow-local of an
// ad-hoc shop; lifted rate limits in benchmarks).
func fetcherShop(f scrape.FetcherFactory, adjust func(scrape.ShopConfig) scrape.ShopConfig) scrape.FetcherFactory {
	return func(shop scrape.ShopConfig, cache fetch.ValidatorCache) (scrape.Getter, error) {
		return f(adjust(shop), cache)
	}
}
