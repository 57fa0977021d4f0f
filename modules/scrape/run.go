package scrape

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Runner runs scrapes: RunOnce reads one shop's catalog now, Run reads a set
// of shops on their schedules until its context ends. It is safe for
// concurrent use, except that runs of one shop never overlap: a RunOnce for
// a shop whose run is in progress fails at once. Create it with New.
type Runner struct {
	cfg       Config
	log       *slog.Logger
	fetchers  FetcherFactory
	sink      Sink
	raw       RawArchive // nil: pages are not archived
	clock     clockwork.Clock
	progress  func(Progress)
	onReport  func(RunReport)
	memo      *pageMemo
	jitterFor func(limit time.Duration) time.Duration

	mu      sync.Mutex
	getters map[ShopConfig]Getter
	running map[string]bool
}

// Option customises a Runner beyond its Config.
type Option func(*Runner)

// WithClock sets the clock for observation times, run ids and Run's
// schedule. Tests pass a clockwork fake clock. The fetchers keep their own.
func WithClock(c clockwork.Clock) Option {
	return func(r *Runner) { r.clock = c }
}

// WithProgress sets a callback that receives a run's counts after every page,
// for a progress display. Calls for one run are serialized; runs of
// different shops call it concurrently. It must be quick and must not call
// the Runner.
func WithProgress(f func(Progress)) Option {
	return func(r *Runner) { r.progress = f }
}

// WithReports sets a callback that Run calls with the report of every run
// that finished (failed or not) before ctx ended, from the shop's goroutine.
// RunOnce returns its report instead.
func WithReports(f func(RunReport)) Option {
	return func(r *Runner) { r.onReport = f }
}

// New checks cfg and builds a Runner that reads shops through fetchers and
// hands what it reads to sink, archiving every response in raw (nil: no
// archive). A nil log discards logs.
func New(cfg Config, log *slog.Logger, fetchers FetcherFactory, sink Sink, raw RawArchive, opts ...Option) (*Runner, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if fetchers == nil || sink == nil {
		return nil, errors.New("scrape: New needs a FetcherFactory and a Sink")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Runner{
		cfg: cfg, log: log.With("module", "scrape"), fetchers: fetchers, sink: sink, raw: raw,
		clock:     clockwork.NewRealClock(),
		memo:      newPageMemo(cfg.MemoEntries),
		jitterFor: uniformJitter,
		getters:   map[ShopConfig]Getter{},
		running:   map[string]bool{},
	}
	for _, opt := range opts {
		opt(r)
	}
	return r, nil
}

// Close releases the fetchers' idle connections. Runs in progress are not
// affected; the Runner must not be used for new runs afterwards.
func (r *Runner) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range r.getters {
		if c, ok := g.(interface{ Close() }); ok {
			c.Close()
		}
	}
	clear(r.getters)
}

// RunOnce reads shop's catalog once and publishes it to the Sink. Zero
// optional fields of shop take their defaults. The report is complete
// whether or not the run failed; the error is the report's Err: the first
// page could not be read (fetch.KindOf tells why, e.g. robots), no catalog
// page could, the Sink failed, or ctx ended. Pages that fail in a run that
// otherwise read the catalog are counted in the report, and what was read
// is published.
func (r *Runner) RunOnce(ctx context.Context, shop ShopConfig) (RunReport, error) {
	sr, rep, err := r.begin(shop)
	if err != nil {
		return rep, err
	}
	defer r.release(shop.Slug)
	return sr.finish(ctx)
}

// Start begins a run of shop like RunOnce and returns its id at once; the
// run goes on in the background and its report arrives on the channel,
// which is then closed. An invalid shop, or one with a run in progress
// (ErrRunInProgress), is an error at once and starts nothing.
func (r *Runner) Start(ctx context.Context, shop ShopConfig) (string, <-chan RunReport, error) {
	sr, _, err := r.begin(shop)
	if err != nil {
		return "", nil, err
	}
	done := make(chan RunReport, 1)
	go func() {
		defer close(done)
		defer r.release(sr.shop.Slug)
		rep, _ := sr.finish(ctx)
		done <- rep
	}()
	return sr.id, done, nil
}

// ErrRunInProgress refuses a second run of a shop while one is running:
// two runs would only split its rate limit and publish everything twice.
var ErrRunInProgress = errors.New("a run of this shop is already in progress")

// begin validates and claims shop and prepares its run. On error, the
// report is the failed run's and nothing is claimed.
func (r *Runner) begin(shop ShopConfig) (*run, RunReport, error) {
	shop = shop.withDefaults()
	failed := func(err error) (*run, RunReport, error) {
		err = fmt.Errorf("scrape %s: %w", shop.Slug, err)
		// A run refused at once still gets an id: it is recorded like any
		// other, and a record needs one.
		now := r.clock.Now().UTC()
		return nil, RunReport{RunID: newRunID(now), Shop: shop.Slug, Platform: shop.Platform, Start: now, End: now, Err: err}, err
	}
	if err := shop.Validate(); err != nil {
		return failed(err)
	}
	if !r.claim(shop.Slug) {
		return failed(ErrRunInProgress)
	}
	g, err := r.getter(shop)
	if err != nil {
		r.release(shop.Slug)
		return failed(err)
	}
	start := r.clock.Now().UTC()
	id := newRunID(start)
	stats := newRunStats(RunReport{RunID: id, Shop: shop.Slug, Platform: shop.Platform, Start: start}, r.cfg, r.progress)
	cat := shop.Shop()
	return &run{
		r: r, shop: shop, cat: cat, id: id, getter: g, stats: stats,
		collect: newCollector(cat, id, r.sink, stats, r.cfg.BatchSize),
		log:     r.log.With("shop", shop.Slug, "run_id", id),
	}, RunReport{}, nil
}

// finish crawls and publishes, and returns the complete report.
func (sr *run) finish(ctx context.Context) (RunReport, error) {
	err := sr.crawl(ctx)
	if ctx.Err() == nil {
		// Publish what was read even when the crawl failed part-way.
		if ferr := sr.collect.flush(ctx); err == nil {
			err = ferr
		}
	}
	if err == nil && sr.stats.noCatalogPageRead() {
		err = errors.New("no catalog page could be read")
	}
	rep := sr.stats.snapshot()
	rep.End = sr.r.clock.Now().UTC()
	if err != nil {
		rep.Err = fmt.Errorf("scrape %s: %w", sr.shop.Slug, err)
	}
	return rep, rep.Err
}

// claim marks slug as running; false if it already is.
func (r *Runner) claim(slug string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running[slug] {
		return false
	}
	r.running[slug] = true
	return true
}

func (r *Runner) release(slug string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.running, slug)
}

// getter returns the Getter for shop, building it on first use. A shop
// whose settings changed gets a new one.
func (r *Runner) getter(shop ShopConfig) (Getter, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if g, ok := r.getters[shop]; ok {
		return g, nil
	}
	g, err := r.fetchers(shop, r.memo)
	if err != nil {
		return nil, fmt.Errorf("build fetcher: %w", err)
	}
	r.getters[shop] = g
	return g, nil
}

// newRunID is sortable by start time to the millisecond, with a random
// suffix so that two runs never share one: 20261101T120000123Z-3f9a1c. It
// fits lake's run id alphabet (A-Z a-z 0-9 _ -).
func newRunID(start time.Time) string {
	t := start.UTC()
	return fmt.Sprintf("%s%03dZ-%06x", t.Format("20060102T150405"), t.Nanosecond()/int(time.Millisecond), rand.Uint32()&0xffffff)
}

// uniformJitter is a random duration in [0, limit).
func uniformJitter(limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(limit)))
}

// crawl reads the catalog the way its platform publishes it. A crawl that
// stopped early on purpose (errStop) keeps what it read and is no failure;
// the report's Incomplete says why it stopped.
func (sr *run) crawl(ctx context.Context) error {
	var err error
	switch sr.shop.Platform {
	case catalog.PlatformShopify:
		err = sr.crawlShopify(ctx)
	case catalog.PlatformWooCommerce:
		err = sr.crawlWoo(ctx)
	case catalog.PlatformJSONLD:
		err = sr.crawlJSONLD(ctx)
	default:
		err = fmt.Errorf("platform %q has no crawler", sr.shop.Platform)
	}
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}
