package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/shops"
)

// demoFlags are demo's own flags; the catalog sizes are the seed.* keys.
type demoFlags struct {
	speed       float64
	scrapeEvery time.Duration
}

// Demo defaults: an hour of shop time every five real seconds, so a
// scrape a minute sees about twelve simulated hours of price moves.
const (
	demoSpeed       = 720
	demoScrapeEvery = scrape.MinSchedule
	demoHTTPAddr    = "127.0.0.1:8080"
	// drainTimeout bounds how long a stopping demo waits for ingest to
	// store what the scrapes already published.
	drainTimeout = 30 * time.Second
)

func newDemoCmd(c *cli) *cobra.Command {
	d := defaultConfig().Seed
	var f demoFlags
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole system in one process: shops, scrapes, Kafka, ingest, API and dashboard",
		Long: `Run everything on the embedded defaults in one process: the shop simulator
(--shops shops, --products listings, prices moving at --speed), scrapes of
every simulated shop at once and then every --scrape-every, the embedded
Kafka broker and Schema Registry, the ingest consumer, and serve's API,
docs, metrics and dashboard. The first run migrates the database and seeds
the same catalog's past days of history (seed.days), so charts have data at
once (it is written in the background while the rest already runs); later runs carry on
with what --data-dir holds.

The URLs are printed once the API listens. Ctrl-C stops the scrapes, waits
for ingest to store every event already published, then stops the rest.`,
		Example: `  skatestock demo
  skatestock demo --shops 3 --products 500 --speed 3600 --http-addr 127.0.0.1:9000`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runDemo(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.Int("shops", d.Shops, "number of simulated shops")
	bind(fl, "shops", "seed.shops")
	fl.Int("products", d.Products, "number of listings across the shops")
	bind(fl, "products", "seed.products")
	fl.Int("days", d.Days, "days of history to seed on the first run")
	bind(fl, "days", "seed.days")
	fl.String("http-addr", demoHTTPAddr, "`host:port` of the API and dashboard")
	bind(fl, "http-addr", "http.addr")
	fl.Float64Var(&f.speed, "speed", demoSpeed, "simulated seconds per real second in the shops")
	fl.DurationVar(&f.scrapeEvery, "scrape-every", demoScrapeEvery, "how often each shop is scraped, at least 1m")
	return cmd
}

func (c *cli) runDemo(ctx context.Context, f demoFlags) (err error) {
	if f.scrapeEvery < scrape.MinSchedule || f.scrapeEvery > scrape.MaxSchedule {
		return usageErrorf("--scrape-every %s: must be between %s and %s", f.scrapeEvery, shortDuration(scrape.MinSchedule), shortDuration(scrape.MaxSchedule))
	}
	if math.IsNaN(f.speed) || f.speed <= 0 || f.speed > shops.MaxSpeed {
		return usageErrorf("--speed %g: must be above 0 and at most %g", f.speed, float64(shops.MaxSpeed))
	}
	// The demo is the pipeline: scrapes publish to Kafka and ingest stores.
	c.cfg.Scrape.Sink = sinkKafka
	empty, err := c.prepareDemoData(ctx)
	if err != nil {
		return err
	}
	sim, err := c.startDemoShops(ctx, f.speed)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := sim.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("demo: stop shops: %w", cerr)
		}
	}()
	s, err := c.openServe(ctx, scrapeScope{shops: demoShops(sim.Shops(), f.scrapeEvery), contact: c.contactURL()})
	defer s.close(c, &err)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return c.runDemoParts(ctx, s, sim, empty)
}

// prepareDemoData migrates the database and reports whether it holds no
// listing yet, so that the first run seeds the catalog's history.
func (c *cli) prepareDemoData(ctx context.Context) (empty bool, err error) {
	db, err := openStore(ctx, c.cfg, c.log)
	if err != nil {
		return false, err
	}
	defer c.closeDatabase(db, &err)
	if _, err := db.MigrateUp(ctx); err != nil {
		return false, fmt.Errorf("demo: migrate: %w", err)
	}
	counts, err := db.Counts(ctx)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	if counts.Listings > 0 {
		c.log.Info("demo_resumed", "listings", counts.Listings, "price_points", counts.PricePoints)
	}
	return counts.Listings == 0, nil
}

// seedDemoHistory writes the simulated catalog's past days while the demo
// already runs: the dashboard is up at once and fills in as the history
// lands. The store folds the scrapes' fresh observations and the older
// seeded ones together whatever their order.
func (c *cli) seedDemoHistory(ctx context.Context, s *served, log *slog.Logger) error {
	start := time.Now()
	res, err := c.seedStore(ctx, s.db)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped before the history was written; the next run carries on
		}
		return fmt.Errorf("seed history: %w", err)
	}
	// Answers cached while the history was landing are stale now.
	if err := s.cache.Invalidate(ctx); err != nil {
		log.Warn("demo_cache_invalidate_failed", "err", err)
	}
	log.Info("demo_history_seeded", "listings", res.summary.Listings, "observations", res.summary.Observations,
		"took", time.Since(start).Round(time.Millisecond).String())
	// The analytics consumer sees only what the scrapes publish: the
	// seeded history's patterns and forecasts (and the model that scores
	// the scraped listings from now on) come from a rebuild.
	return c.rebuildDemoSignals(ctx, s, log)
}

// rebuildDemoSignals detects the patterns of every listing's history,
// trains the stock-out model and forecasts every variant in stock, and
// logs what it did.
func (c *cli) rebuildDemoSignals(ctx context.Context, s *served, log *slog.Logger) error {
	start := time.Now()
	settings, err := defaultSignalSettings()
	if err != nil {
		return err
	}
	span, err := s.db.HistoryDays(ctx)
	if err != nil || span.IsZero() {
		return wrapOp("demo analytics", err)
	}
	rep, err := settings.rebuildSignals(ctx, s.db, span, time.Now(), func(string, int) {})
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped; `skatestock analytics rebuild` fills them in
		}
		return fmt.Errorf("demo analytics: %w", err)
	}
	if err := s.cache.Invalidate(ctx); err != nil {
		log.Warn("demo_cache_invalidate_failed", "err", err)
	}
	for _, line := range rep.lines() {
		log.Info("demo_analytics_rebuilt", "summary", line)
	}
	log.Info("demo_analytics_done", "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// startDemoShops starts the simulator on free loopback ports.
func (c *cli) startDemoShops(ctx context.Context, speed float64) (*shops.Simulator, error) {
	sim, _, err := c.newSimulator(serveFlags{speed: speed, basePort: 0, listen: shops.DefaultHost})
	if err != nil {
		return nil, err
	}
	if err := sim.Start(ctx); err != nil {
		return nil, fmt.Errorf("demo: start shops: %w", err)
	}
	return sim, nil
}

// defaultContactURL is who the scraper says it is when no shops file
// names a contact: the same as configs/shops.yaml.
const defaultContactURL = "https://github.com/skatestock/skatestock#skatestockbot"

// contactURL is the shops file's contact URL, or the default when there is
// no shops file (a demo run outside the repository).
func (c *cli) contactURL() string {
	if file, err := scrape.LoadShopsFile(c.cfg.Scrape.ShopsFile); err == nil {
		return file.ContactURL
	}
	return defaultContactURL
}

// simProductPages is where the simulator serves its JSON-LD product pages
// (/p/<id>/<handle>), as the local profile of configs/shops.yaml says too.
const simProductPages = `^/p/[^/]+/[^/]+$`

// demoShops is the scrape configuration of the simulated shops: local, as
// fast as the simulator takes, scraped every every.
func demoShops(running []shops.Running, every time.Duration) []scrape.ShopConfig {
	out := make([]scrape.ShopConfig, len(running))
	for i, r := range running {
		sc := scrape.ShopConfig{
			Slug: r.Shop.Slug, Name: r.Shop.Name, Platform: r.Shop.Platform, BaseURL: r.Shop.BaseURL,
			Currency: r.Shop.Currency, Country: r.Shop.Country,
			Schedule: every, RateLimit: scrape.MaxRateLimit, Concurrency: 4, Local: true,
		}
		if r.Shop.Platform == catalog.PlatformJSONLD {
			sc.ProductURLPattern = simProductPages
		}
		out[i] = sc
	}
	return out
}

// runDemoParts runs the shops, the scrape schedule, ingest and the API
// until ctx ends, then stops them so that nothing published is lost:
// scrapes first, then ingest once it has caught up, then the rest.
func (c *cli) runDemoParts(ctx context.Context, s *served, sim *shops.Simulator, seedHistory bool) error {
	log := c.log.With("module", "demo")
	filter, closeFilter, err := c.openDedup(ctx)
	if err != nil {
		return err
	}
	defer closeFilter()
	in, err := newIngester(s.pipe, filter, s.db, c.databaseKind(), c.log.With("module", "ingest"))
	if err != nil {
		return err
	}
	consumer, err := bus.NewTransactConsumer(ingestBus(s.pipe.bus), c.log, s.pipe.bus.Topics.ProductEvents)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	// Ingest outlives ctx: it stops only once what the scrapes published
	// is stored.
	ingestCtx, stopIngest := context.WithCancel(context.WithoutCancel(ctx))
	defer stopIngest()
	ingestDone := make(chan error, 1)
	go func() { ingestDone <- consumer.Run(ingestCtx, ingestHandler(in)) }()
	// Matching, patterns and forecasts follow what ingest produces
	// (analytics_consumer.go).
	stopAnalytics := c.startDemoAnalytics(ctx, s)

	seedDone := make(chan error, 1)
	if seedHistory {
		go func() { seedDone <- c.seedDemoHistory(ctx, s, log) }()
	} else {
		seedDone <- nil
	}
	simDone := make(chan error, 1)
	go func() { simDone <- sim.Run(ctx) }()
	scrapesDone := make(chan error, 1)
	go func() { scrapesDone <- s.runner.Run(ctx, demoShopsOf(s)) }()
	log.Info("demo_started", "shops", len(sim.Shops()), "data_dir", c.cfg.DataDir)

	serveErr := s.run(ctx, c)
	errs := []error{serveErr, <-scrapesDone, <-simDone, <-seedDone}
	// The scrapes have returned, so their producer has been answered for
	// everything it published: wait for ingest to store it.
	if err := c.drainIngest(s, log); err != nil {
		errs = append(errs, err)
	}
	stopIngest()
	errs = append(errs, <-ingestDone)
	errs = append(errs, stopAnalytics())
	st := in.Stats()
	log.Info("demo_stopped", "consumed", st.Consumed, "observations", st.Observations, "change_points", st.ChangePoints)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// demoShopsOf lists the shops the trigger scrapes, for the schedule.
func demoShopsOf(s *served) []scrape.ShopConfig {
	out := make([]scrape.ShopConfig, 0, len(s.scrape.shops))
	for _, sh := range s.scrape.shops {
		out = append(out, sh)
	}
	return out
}

// drainIngest waits until the ingest group has committed everything in
// product-events, or drainTimeout passes.
func (c *cli) drainIngest(s *served, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	group, topic := s.pipe.bus.Consumer.Group, s.pipe.bus.Topics.ProductEvents
	for {
		lag, err := s.admin.Lag(ctx, group, topic)
		if err == nil && lag.Total() == 0 {
			log.Info("demo_drained")
			return nil
		}
		if !sleepFor(ctx, 200*time.Millisecond) {
			if err == nil {
				err = fmt.Errorf("%d events not yet stored", lag.Total())
			}
			return fmt.Errorf("ingest did not catch up within %s (they are stored on the next run): %w", drainTimeout, err)
		}
	}
}
