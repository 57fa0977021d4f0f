package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/rueidis"

	"github.com/skatestock/skatestock/modules/api"
	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/ratelimit"
	"github.com/skatestock/skatestock/modules/scrape"
)

// served is everything `skatestock serve` runs: the API over the store,
// the cache it invalidates from price-updates, the rate limiters, and the
// Kafka clients behind readiness and the admin routes.
type served struct {
	db      database
	redis   rueidis.Client // nil: in-memory cache and limiters
	cache   *cache.FailOpen
	pipe    *pipeline
	admin   *bus.Admin
	dlq     *bus.DLQ
	scrape  *scrapeTrigger
	runner  *scrape.Runner
	out     *scrapeOutputs
	api     *api.Server
	metrics *pipelineMetrics
	rollups *rollupRefresher // keeps the recent days' trend rollups current
}

// scrapeScope is the shops the admin API may scrape (and demo schedules):
// none when shops is empty.
type scrapeScope struct {
	shops   []scrape.ShopConfig
	contact string // the contact URL of the User-Agent
}

// openServe opens what serve needs; close it with close, also on error.
func (c *cli) openServe(ctx context.Context, scope scrapeScope) (*served, error) {
	s := &served{}
	var err error
	if s.db, err = openStore(ctx, c.cfg, c.log); err != nil {
		return s, err
	}
	if err := s.db.CheckSchema(ctx); err != nil {
		return s, err
	}
	if s.redis, err = c.openRedis(); err != nil {
		return s, err
	}
	if s.cache, err = c.openCache(s.redis); err != nil {
		return s, err
	}
	ipLimiter, keyLimiter, err := c.openLimiters(s.redis)
	if err != nil {
		return s, err
	}
	if s.pipe, err = c.openPipeline(ctx, s.db); err != nil {
		return s, err
	}
	if s.admin, err = bus.NewAdmin(s.pipe.bus, c.log); err != nil {
		return s, err
	}
	if s.dlq, err = bus.NewDLQ(s.pipe.bus, c.log); err != nil {
		return s, err
	}
	if len(scope.shops) > 0 {
		if err := c.openServeScrapes(ctx, s, scope); err != nil {
			return s, err
		}
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.metrics = newPipelineMetrics(s.admin, s.pipe.bus.Consumer.Group, s.pipe.bus.Topics.ProductEvents, s.cache)
	if err := reg.Register(s.metrics); err != nil {
		return s, fmt.Errorf("metrics: %w", err)
	}
	s.rollups = newRollupRefresher(s.db, s.pipe.serde, s.invalidateAfterRollups(c.log), c.log)
	deps := api.Deps{
		Catalog: s.db, Cache: s.cache, Scrape: s.scrape, DeadLetters: deadLetters{dlq: s.dlq},
		Trends:     s.db,
		Matches:    s.db,
		Patterns:   s.db,
		Stockouts:  s.db,
		Deals:      dealChecker{db: s.db},
		Registerer: reg, Gatherer: reg,
		Probes: []api.Probe{
			pingProbe(probeDatabase, s.db),
			kafkaProbe(func() (lagReader, error) { return s.admin, nil }, s.pipe.bus.Consumer.Group, s.pipe.bus.Topics.ProductEvents),
			scrapesProbe(s.db, c.cfg.API.MaxScrapeAge, time.Now),
		},
	}
	if s.redis != nil {
		deps.Probes = append(deps.Probes, pingProbe(probeRedis, redisPinger{s.redis}))
	}
	// A nil *Fallback in the interface would not read as "no limit".
	if ipLimiter != nil {
		deps.IPLimiter = limiterPort{ipLimiter}
	}
	if keyLimiter != nil {
		deps.KeyLimiter = limiterPort{keyLimiter}
	}
	if s.api, err = api.New(c.apiConfig(), c.log, deps); err != nil {
		return s, err
	}
	return s, nil
}

// run serves until ctx ends, with the price-updates feed that invalidates
// the cache running beside it.
func (s *served) run(ctx context.Context, c *cli) error {
	log := c.log.With("module", "app")
	feedCtx, stopFeed := context.WithCancel(ctx)
	var wg sync.WaitGroup
	c.mountDashboard(ctx, s, &wg)
	wg.Go(func() { s.invalidateOnPriceUpdates(feedCtx, log) })
	wg.Go(func() { s.rollups.run(feedCtx) })
	go func() {
		select {
		case <-s.api.Started():
			base := baseURL(s.api.Addr(), c.cfg.HTTP.TLSCertFile != "")
			log.Info("serve_started", "url", base)
			lines := []string{"dashboard\t" + base + "/", "api\t" + base + "/api/v1", "docs\t" + base + "/docs",
				"metrics\t" + base + "/metrics", "ready\t" + base + "/readyz"}
			// The embedded broker and registry listen on free ports: say
			// which, so scrape, consume or a Kafka client can join them.
			if s.pipe.embedded != nil {
				lines = append(lines, "kafka\t"+strings.Join(s.pipe.embedded.Addrs(), ","))
			}
			if s.pipe.registry != nil {
				lines = append(lines, "schema registry\t"+s.pipe.registry.url)
			}
			if err := writeTable(c.stdout, lines...); err != nil {
				log.Warn("serve_print_failed", "err", err)
			}
		case <-ctx.Done():
		}
	}()
	err := s.api.Run(ctx)
	stopFeed()
	wg.Wait()
	if s.scrape != nil {
		s.scrape.wait()
	}
	return err
}

// invalidateOnPriceUpdates drops every cached answer when price updates
// land, at most once per invalidateEvery: a scrape writes thousands of
// updates in a burst, and one invalidation after the burst's first batch
// plus one after its end serve as well as thousands. A broker that is away
// only delays the feed; it retries until ctx ends.
func (s *served) invalidateOnPriceUpdates(ctx context.Context, log *slog.Logger) {
	for ctx.Err() == nil {
		tail, err := bus.NewTail(ctx, s.pipe.bus, log, s.pipe.bus.Topics.PriceUpdates)
		if err != nil {
			log.Warn("price_updates_feed_unavailable", "err", err)
			if !sleepFor(ctx, 5*time.Second) {
				return
			}
			continue
		}
		var pending bool
		var last time.Time
		flush := func(ctx context.Context) {
			if err := s.cache.Invalidate(ctx); err != nil {
				log.Warn("cache_invalidate_failed", "err", err)
				return
			}
			s.metrics.invalidations.Inc()
			pending, last = false, time.Now()
		}
		ticker := time.NewTicker(invalidateEvery)
		done := make(chan struct{})
		var mu sync.Mutex
		go func() {
			defer close(done)
			for {
				select {
				case <-ctx.Done():
					return
				case <-ticker.C:
					mu.Lock()
					if pending {
						flush(ctx)
					}
					mu.Unlock()
				}
			}
		}()
		err = tail.Run(ctx, func(ctx context.Context, batch []bus.Record) {
			s.metrics.priceUpdates.Add(float64(len(batch)))
			s.rollups.noteUpdates(batch)
			mu.Lock()
			defer mu.Unlock()
			pending = true
			if time.Since(last) >= invalidateEvery {
				flush(ctx)
			}
		})
		ticker.Stop()
		<-done
		if err != nil {
			log.Warn("price_updates_feed_stopped", "err", err)
		}
	}
}

// invalidateEvery bounds how often the feed invalidates the cache.
const invalidateEvery = 250 * time.Millisecond

// baseURL is how a user on this machine reaches addr: a wildcard listen
// address is spelled localhost.
func baseURL(addr net.Addr, tls bool) string {
	scheme := "http"
	if tls {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return scheme + "://" + addr.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// sleepFor waits d or until ctx ends; false when ctx ended.
func sleepFor(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// close releases what openServe opened, in reverse order.
func (s *served) close(c *cli, errp *error) {
	if s.out != nil {
		c.closeScrapeOutputs(s.out, errp)
	}
	if s.runner != nil {
		s.runner.Close()
	}
	if s.dlq != nil {
		s.dlq.Close()
	}
	if s.admin != nil {
		s.admin.Close()
	}
	if s.pipe != nil {
		s.pipe.close(c, errp)
	}
	if s.redis != nil {
		s.redis.Close()
	}
	if s.db != nil {
		c.closeDatabase(s.db, errp)
	}
}

// openServeScrapes builds the scrape Runner over scope's shops, writing to
// the sink scrape.sink names as `skatestock scrape` would, and the admin
// trigger over it.
func (c *cli) openServeScrapes(ctx context.Context, s *served, scope scrapeScope) error {
	t := scrapeTarget{shops: scope.shops, contact: scope.contact}
	var err error
	if s.out, err = c.serveScrapeOutputs(ctx, s); err != nil {
		return err
	}
	runs := &scrapeRuns{db: s.db, log: c.log.With("module", "scrape"), redact: c.redact}
	if s.runner, err = c.newScrapeRunner(t, s.out, scrape.WithReports(func(rep scrape.RunReport) { runs.record(ctx, rep) })); err != nil {
		return err
	}
	byslug := make(map[string]scrape.ShopConfig, len(scope.shops))
	for _, sh := range scope.shops {
		byslug[sh.Slug] = sh
	}
	s.scrape = &scrapeTrigger{ctx: ctx, runner: s.runner, shops: byslug, runs: runs, log: c.log.With("module", "scrape")}
	return nil
}

// serveScrapeOutputs is where admin-triggered scrapes write: the sink
// scrape.sink names, over serve's own store and pipeline (a second
// embedded broker could not start), with pages archived in the lake.
// closeScrapeOutputs closes only what it opened: the producer and the lake.
func (c *cli) serveScrapeOutputs(ctx context.Context, s *served) (*scrapeOutputs, error) {
	o := &scrapeOutputs{}
	var err error
	if o.lake, err = openLake(ctx, c.cfg, c.log); err != nil {
		return o, err
	}
	o.raw = rawArchive{lake: o.lake}
	if c.cfg.Scrape.Sink != sinkKafka {
		o.writer = newStoreWriter(s.db)
		o.sink = o.writer
		return o, nil
	}
	producer, err := bus.NewProducer(s.pipe.bus, c.log)
	if err != nil {
		return o, err
	}
	o.kafka = &kafkaSink{shops: newStoreWriter(s.db), producer: producer, serde: s.pipe.serde, topic: s.pipe.bus.Topics.ProductEvents}
	o.sink = o.kafka
	return o, nil
}

// apiConfig maps the http.* and api.* keys onto the API's configuration.
func (c *cli) apiConfig() api.Config {
	h, a := c.cfg.HTTP, c.cfg.API
	cfg := api.DefaultConfig()
	cfg.Addr = h.Addr
	cfg.ReadHeaderTimeout, cfg.ReadTimeout, cfg.WriteTimeout, cfg.IdleTimeout = h.ReadHeaderTimeout, h.ReadTimeout, h.WriteTimeout, h.IdleTimeout
	cfg.RequestTimeout, cfg.ShutdownTimeout, cfg.BodyLimit = h.RequestTimeout, h.ShutdownTimeout, h.BodyLimit
	cfg.CORSOrigins, cfg.TrustedProxies = h.CORSOrigins, h.TrustedProxies
	cfg.TLSCertFile, cfg.TLSKeyFile = h.TLSCertFile, h.TLSKeyFile
	cfg.AdminKeys = a.AdminKeys
	cfg.CacheTTL, cfg.DefaultLimit, cfg.MaxLimit = a.CacheTTL, a.DefaultLimit, a.MaxLimit
	cfg.LimiterTimeout = c.cfg.Redis.Timeout
	return cfg
}

// openRedis connects to redis.url; nil without one.
func (c *cli) openRedis() (rueidis.Client, error) {
	if c.cfg.Redis.URL == "" {
		return nil, nil
	}
	opt, err := rueidis.ParseURL(c.cfg.Redis.URL)
	if err != nil {
		return nil, usageErrorf("config: redis.url: %w", err)
	}
	client, err := rueidis.NewClient(opt)
	if err != nil {
		return nil, fmt.Errorf("connect redis %s: %w", maskURL(c.cfg.Redis.URL), err)
	}
	return client, nil
}

// openCache is the response cache: in Redis when there is one, shared by
// every instance, else in memory; failing open either way.
func (c *cli) openCache(client rueidis.Client) (*cache.FailOpen, error) {
	cfg := cache.DefaultConfig()
	cfg.Timeout = c.cfg.Redis.Timeout
	log := c.log.With("module", "cache")
	if client == nil {
		m, err := cache.NewMemory(cfg, clockwork.NewRealClock())
		if err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
		return cache.NewFailOpen(m, log), nil
	}
	r, err := cache.NewRedis(cfg, client)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return cache.NewFailOpen(r, log), nil
}

// openLimiters builds the per-IP and per-key limiters from rate_limit.*;
// nil for a limit switched off. With Redis, a limiter falls back to a
// per-instance memory one while Redis fails: an outage loosens the limit to
// per instance instead of lifting it.
func (c *cli) openLimiters(client rueidis.Client) (ip, key ratelimit.Limiter, err error) {
	l := c.cfg.Limits
	build := func(prefix string, perMinute, burst int) (ratelimit.Limiter, error) {
		if perMinute == 0 {
			return nil, nil
		}
		cfg := ratelimit.DefaultConfig()
		cfg.Prefix = "skatestock:ratelimit:" + prefix + ":"
		cfg.Rate, cfg.Burst, cfg.Timeout = float64(perMinute)/60, burst, c.cfg.Redis.Timeout
		mem, err := ratelimit.NewMemory(cfg, clockwork.NewRealClock())
		if err != nil {
			return nil, fmt.Errorf("rate_limit: %w", err)
		}
		if client == nil {
			return mem, nil
		}
		r, err := ratelimit.NewRedis(cfg, client)
		if err != nil {
			return nil, fmt.Errorf("rate_limit: %w", err)
		}
		return ratelimit.NewFallback(r, mem, c.log), nil
	}
	if ip, err = build("ip", l.IPPerMinute, l.IPBurst); err != nil {
		return nil, nil, err
	}
	if key, err = build("key", l.KeyPerMinute, l.KeyBurst); err != nil {
		return nil, nil, err
	}
	return ip, key, nil
}

// limiterPort adapts a rate limiter to the API's port.
type limiterPort struct{ l ratelimit.Limiter }

func (p limiterPort) Allow(ctx context.Context, key string) (api.Decision, error) {
	d, err := p.l.Allow(ctx, key)
	return api.Decision{Allowed: d.Allowed, Remaining: d.Remaining, RetryAfter: d.RetryAfter, ResetAfter: d.ResetAfter}, err
}

// redisPinger pings Redis for readiness.
type redisPinger struct{ client rueidis.Client }

func (p redisPinger) Ping(ctx context.Context) error {
	return p.client.Do(ctx, p.client.B().Ping().Build()).Error()
}
