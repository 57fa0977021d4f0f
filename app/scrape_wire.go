package app

import (
	"context"
	"fmt"

	"github.com/skatestock/skatestock/modules/lake"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// scrapeOutputs is where a scrape's results go: the store and the lake, or
// for a dry run stdout and nowhere.
type scrapeOutputs struct {
	sink   scrape.Sink
	raw    scrape.RawArchive // nil: pages are not archived
	writer *storeWriter      // nil on a dry run
	db     database
	lake   *lake.Lake
}

// openScrapeOutputs opens the store (refusing a schema that is not current)
// and the lake, or on a dry run prints observations to stdout. Close what it
// opened with closeScrapeOutputs, also when it fails.
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
	o.writer = newStoreWriter(db)
	o.sink, o.raw = o.writer, rawArchive{lake: o.lake}
	return o, nil
}

// closeScrapeOutputs closes what openScrapeOutputs opened, reporting a
// failure through *errp as closeDatabase does.
func (c *cli) closeScrapeOutputs(o *scrapeOutputs, errp *error) {
	if o.lake != nil {
		c.closeLake(o.lake, errp)
	}
	if o.db != nil {
		c.closeDatabase(o.db, errp)
	}
}

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
	if len(t.shops) == 1 {
		// The start jitter spreads the first runs of many shops over a
		// minute; a single shop has no one to make room for.
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
