// Package shops is the local shop simulator used by the demo and tests: every
// shop of a Catalog is served on its own loopback port in the real format of
// its platform, so that scrapers are exercised offline exactly as they are
// against real shops.
//
//   - Shopify: /products.json, /collections.json,
//     /collections/<handle>/products.json, /products/<handle>.json;
//   - WooCommerce Store API: /wp-json/wc/store/v1/products[/<id>], with
//     X-WP-Total, X-WP-TotalPages and WordPress's error objects;
//   - every shop, and the JSON-LD shops alone: product pages with
//     schema.org Product markup, /sitemap.xml, /robots.txt.
//
// Prices move with simulated time: each response asks Catalog.Observe for
// every variant at Start + elapsed wall time × Speed, so the planted sales,
// clearances, stock-outs and restocks of the catalog play out live, and a
// few listings appear and disappear (see shop_catalog.go). Responses carry
// strong ETags and Last-Modified and answer conditional requests with 304.
// Faults (slow, 429, 5xx bursts, malformed, HTML, truncated, huge,
// redirect, bad prices) are switched on per shop and hit requests by count,
// so tests are reproducible.
package shops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Simulator serves the shops of one Catalog. Build it with New, then either
// call Start (listeners bound, Shops known) and Run, or Run alone and wait
// for Ready. All methods are safe for concurrent use.
type Simulator struct {
	cfg   Config
	log   *slog.Logger
	cat   Catalog
	clock *simClock
	gz    gzipPool
	shops []*shopServer

	startOnce sync.Once
	startErr  error
	ready     chan struct{}

	// reqCtx is the parent of every request context; cancelling it ends
	// slow responses at once when Run shuts down.
	reqCtx    context.Context
	cancelReq context.CancelFunc
	silent    *silentConns

	mu      sync.Mutex
	running bool
}

// Running is one shop as served: the catalog shop with BaseURL moved to the
// local server (http://127.0.0.1:port), and the address it listens on.
type Running struct {
	Shop catalog.Shop
	Addr string
}

// New checks cfg against the catalog and prepares every shop; it binds no
// port yet. A nil log discards logs. Errors wrap catalog.ErrInvalid when cfg
// or the catalog is unusable.
func New(cfg Config, log *slog.Logger, cat Catalog) (*Simulator, error) {
	if cat == nil {
		return nil, fmt.Errorf("new shop simulator: %w: catalog is nil", catalog.ErrInvalid)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("new shop simulator: %w", err)
	}
	cfg = cfg.withDefaults()
	if cfg.Start.IsZero() {
		cfg.Start = cfg.WallClock().UTC().Truncate(time.Second)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	shops := cat.Shops()
	if err := checkShops(cfg, shops); err != nil {
		return nil, fmt.Errorf("new shop simulator: %w", err)
	}
	s := &Simulator{
		cfg:    cfg,
		log:    log.With("module", "shops"),
		cat:    cat,
		clock:  newSimClock(cfg.WallClock, cfg.Start, cfg.Speed),
		ready:  make(chan struct{}),
		silent: newSilentConns(),
	}
	s.reqCtx, s.cancelReq = context.WithCancel(context.Background())
	tracker := newChangeTracker(cat, cfg.Start)
	for i, shop := range shops {
		idx := cat.ShopListings(i)
		entries := make([]*entry, len(idx))
		for k, li := range idx {
			entries[k] = newEntry(shop, li, cat.Listing(li), cfg.Start)
		}
		s.shops = append(s.shops, &shopServer{
			sim: s, index: i, shop: shop, publicBase: shop.BaseURL, entries: entries,
			faults: cfg.faultsFor(shop.Slug), tracker: tracker,
			log: s.log.With("shop", shop.Slug), loc: localeOf(shop),
		})
	}
	return s, nil
}

// checkShops validates the catalog's shops and that cfg names only those.
func checkShops(cfg Config, shops []catalog.Shop) error {
	if len(shops) == 0 {
		return fmt.Errorf("%w: the catalog has no shops", catalog.ErrInvalid)
	}
	known := make(map[string]bool, len(shops))
	for _, sh := range shops {
		if err := sh.Validate(); err != nil {
			return fmt.Errorf("catalog shop %q: %w", sh.Slug, err)
		}
		known[sh.Slug] = true
	}
	for _, slug := range sortedKeys(cfg.Addrs) {
		if !known[slug] {
			return invalidf("addrs", fmt.Sprintf("%q", slug), "a shop of the catalog")
		}
	}
	for _, slug := range sortedKeys(cfg.Faults) {
		if slug != "*" && !known[slug] {
			return invalidf("faults", fmt.Sprintf("%q", slug), `a shop of the catalog or "*"`)
		}
	}
	if cfg.BasePort != 0 && cfg.BasePort+len(shops)-1 > 65535 {
		return invalidf("base_port", fmt.Sprint(cfg.BasePort), fmt.Sprintf("at most %d for %d shops", 65536-len(shops), len(shops)))
	}
	return nil
}

// Start binds every shop's port and anchors simulated time to now; Shops
// is known when it returns. It is idempotent: later calls return the first
// call's result. On error no port stays bound.
func (s *Simulator) Start(ctx context.Context) error {
	s.startOnce.Do(func() { s.startErr = s.start(ctx) })
	return s.startErr
}

func (s *Simulator) start(ctx context.Context) error {
	var lc net.ListenConfig
	for i, sh := range s.shops {
		addr := s.cfg.addrFor(i, sh.shop.Slug)
		ln, err := lc.Listen(ctx, "tcp", addr)
		if err != nil {
			for _, prev := range s.shops[:i] {
				_ = prev.ln.Close() // nothing was served on them
			}
			return fmt.Errorf("start shop %s on %s: %w", sh.shop.Slug, addr, err)
		}
		sh.ln = ln
	}
	for _, sh := range s.shops {
		sh.open("http://" + sh.ln.Addr().String())
		sh.srv = &http.Server{
			Handler:           sh,
			ReadHeaderTimeout: 10 * time.Second,
			IdleTimeout:       2 * time.Minute,
			BaseContext:       func(net.Listener) context.Context { return s.reqCtx },
			ConnState:         s.silent.track,
			ErrorLog:          slog.NewLogLogger(sh.log.Handler(), slog.LevelDebug),
		}
	}
	s.clock.begin()
	close(s.ready)
	for _, sh := range s.shops {
		sh.log.Info("shop listening", "platform", string(sh.shop.Platform), "url", sh.shop.BaseURL,
			"listings", len(sh.entries), "faults", sh.faults.String())
	}
	return nil
}

// Ready is closed once every shop listens (after Start succeeded).
func (s *Simulator) Ready() <-chan struct{} { return s.ready }

// Shops returns the served shops in catalog order, or nil before Start.
func (s *Simulator) Shops() []Running {
	select {
	case <-s.ready:
	default:
		return nil
	}
	out := make([]Running, len(s.shops))
	for i, sh := range s.shops {
		out[i] = Running{Shop: sh.shop, Addr: sh.ln.Addr().String()}
	}
	return out
}

// Now is the simulated instant the shops are serving.
func (s *Simulator) Now() time.Time { return s.clock.now() }

// Listed returns the catalog indexes of the listings shop slug shows at
// simulated instant at, in catalog order: what a full crawl then finds.
// The error wraps catalog.ErrNotFound for an unknown slug.
func (s *Simulator) Listed(slug string, at time.Time) ([]int, error) {
	for _, sh := range s.shops {
		if sh.shop.Slug == slug {
			var out []int
			for _, e := range sh.entries {
				if e.listed(at) {
					out = append(out, e.index)
				}
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("listed %s: %w", slug, catalog.ErrNotFound)
}

// Run starts the shops when Start has not, serves until ctx is cancelled,
// then shuts down gracefully: new connections are refused, slow responses
// are cut short, and in-flight requests get ShutdownTimeout to finish. It
// returns nil after a shutdown caused by ctx, or the first serving error.
// It may be called once.
func (s *Simulator) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return errors.New("run shop simulator: already running")
	}
	s.running = true
	s.mu.Unlock()
	if err := s.Start(ctx); err != nil {
		return fmt.Errorf("run shop simulator: %w", err)
	}
	errc := make(chan error, len(s.shops))
	for _, sh := range s.shops {
		go func() {
			err := sh.srv.Serve(sh.ln)
			if errors.Is(err, http.ErrServerClosed) {
				err = nil
			} else if err != nil {
				err = fmt.Errorf("serve shop %s: %w", sh.shop.Slug, err)
			}
			errc <- err
		}()
	}
	var firstErr error
	pending := len(s.shops)
	select {
	case <-ctx.Done():
	case firstErr = <-errc:
		pending--
	}
	shutdownErr := s.shutdown()
	for range pending {
		if err := <-errc; err != nil && firstErr == nil {
			firstErr = err
		}
	}
	s.log.Info("shop simulator stopped")
	return errors.Join(firstErr, shutdownErr)
}

// shutdown stops every server within ShutdownTimeout, forcing connections
// closed when the time is up. Connections that never sent a request are
// dropped at once (silentConns).
func (s *Simulator) shutdown() error {
	s.cancelReq()
	s.silent.drop()
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	for _, sh := range s.shops {
		if err := sh.srv.Shutdown(ctx); err != nil {
			_ = sh.srv.Close() // the deadline passed; drop what is left
			errs = append(errs, fmt.Errorf("shut down shop %s: %w", sh.shop.Slug, err))
		}
	}
	return errors.Join(errs...)
}

// Close releases the ports of a Simulator that was started but will not be
// Run. While Run serves, cancel its context instead.
func (s *Simulator) Close() error {
	select {
	case <-s.ready:
	default:
		return nil
	}
	s.cancelReq()
	var errs []error
	for _, sh := range s.shops {
		if err := sh.srv.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close shop %s: %w", sh.shop.Slug, err))
		}
		// Serve was never called when Run was not: close the listener too.
		if err := sh.ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, fmt.Errorf("close shop %s listener: %w", sh.shop.Slug, err))
		}
	}
	return errors.Join(errs...)
}
