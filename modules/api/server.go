// Package api is SkateStock's public HTTP API: the catalog under /api/v1
// (products, history, deals, facets, stats, analytics), admin operations
// behind an API key, health, readiness, Prometheus metrics and the OpenAPI
// description with Swagger UI. It reads through the ports in ports.go, which app fills;
// it builds catalog queries and never SQL.
//
// Every error is an RFC 9457 problem (errors.go); every 200 JSON response
// has a strong ETag; catalog GETs go through the optional response cache.
package api

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Deps are what the API reads and reports through. Catalog is required;
// a nil Cache turns caching off, nil limiters turn rate limiting off, and
// nil Scrape, DeadLetters, Trends or Matches make those routes answer 503.
type Deps struct {
	Catalog     Catalog
	Cache       Cache
	IPLimiter   Limiter // per client IP, every request but health, readiness and metrics
	KeyLimiter  Limiter // per API key, when a configured key is presented
	Scrape      ScrapeTrigger
	DeadLetters DeadLetters
	Probes      []Probe      // /readyz parts; none means always ready
	Trends      Trends       // the analytics routes; nil makes them answer 503
	Matches     MatchReviews // the match review queue; nil makes it answer 503
	Patterns    Patterns     // the discount patterns; nil makes them answer 503
	Stockouts   Stockouts    // the stock-out forecasts; nil makes them answer 503
	Deals       DealChecker  // the product page's price verdicts; nil leaves them out

	// Registerer takes the API's metrics and Gatherer is what /metrics
	// serves, so app registers the pipeline's metrics in the same registry.
	// Both nil: a private registry.
	Registerer prometheus.Registerer
	Gatherer   prometheus.Gatherer

	// Now is the clock behind "today" and history windows; nil is time.Now.
	Now func() time.Time
}

// Server is the HTTP API. Its handler is safe for concurrent use; Mount
// must be called before Run.
type Server struct {
	cfg     Config
	log     *slog.Logger
	deps    Deps
	now     func() time.Time
	e       *echo.Echo
	metrics *metrics
	spec    *spec
	docs    *docs
	tls     *tls.Config

	limits             pageLimits
	keyHashes          [][32]byte
	publicCacheControl string
	routePaths         map[string]bool // the templates of registered routes
	keys               keyMemo         // cache keys of recent queries

	mu      sync.Mutex
	addr    net.Addr
	running bool
	started chan struct{}
}

// New builds the server and its routes. It listens only in Run.
func New(cfg Config, log *slog.Logger, deps Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := checkDeps(&deps); err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, log: log.With("module", "api"), deps: deps, now: deps.Now,
		limits:             pageLimits{def: cfg.DefaultLimit, max: cfg.MaxLimit},
		publicCacheControl: cacheControlFor(int(cfg.MaxAge / time.Second)),
		started:            make(chan struct{}),
	}
	for _, k := range cfg.AdminKeys {
		s.keyHashes = append(s.keyHashes, sha256.Sum256([]byte(k)))
	}
	var err error
	if s.metrics, err = newMetrics(deps.Registerer); err != nil {
		return nil, err
	}
	if s.spec, err = newSpec(s.limits); err != nil {
		return nil, err
	}
	if s.docs, err = newDocs(specPath); err != nil {
		return nil, err
	}
	if cfg.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("api config TLSCertFile: load key pair: %w", err)
		}
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	extract, err := ipExtractor(cfg.TrustedProxies)
	if err != nil {
		return nil, fmt.Errorf("api config TrustedProxies: %w", err)
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(io.Discard) // everything logs through slog
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = extract
	e.Use(requestIDs, s.observe, s.recoverPanic, s.secureHeaders)
	if len(cfg.CORSOrigins) > 0 {
		e.Use(s.cors())
	}
	e.Use(s.rateLimit, s.bodyLimit)
	s.e = e
	s.registerRoutes()
	return s, nil
}

func checkDeps(d *Deps) error {
	if d.Catalog == nil {
		return errors.New("api: Deps.Catalog is required")
	}
	seen := map[string]bool{}
	for i, p := range d.Probes {
		if p.Name == "" || p.Check == nil || seen[p.Name] {
			return fmt.Errorf("api: Deps.Probes[%d] needs a unique name and a Check", i)
		}
		seen[p.Name] = true
	}
	switch {
	case d.Registerer == nil && d.Gatherer == nil:
		reg := prometheus.NewRegistry()
		d.Registerer, d.Gatherer = reg, reg
	case d.Registerer == nil || d.Gatherer == nil:
		return errors.New("api: Deps.Registerer and Deps.Gatherer are set together")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return nil
}

// registerRoutes adds every route of the API. Catalog routes are cached
// and compressed, and what they read from the store runs under
// RequestTimeout (see cached); admin routes run under it whole, after the
// key check.
func (s *Server) registerRoutes() {
	e := s.e
	gzip := middleware.GzipWithConfig(middleware.GzipConfig{MinLength: gzipMinLength})
	const v1 = "/api/v1"
	e.GET(v1+"/products", s.cached(s.listProducts), gzip)
	e.GET(v1+"/products/:id", s.cached(s.getProduct), gzip)
	e.GET(v1+"/products/:id/history", s.cached(s.productHistory), gzip)
	e.GET(v1+"/deals", s.cached(s.listDeals), gzip)
	e.GET(v1+"/shops", s.cached(s.listShops), gzip)
	e.GET(v1+"/brands", s.cached(s.listBrands), gzip)
	e.GET(v1+"/categories", s.cached(s.listCategories), gzip)
	e.GET(v1+"/stats", s.cached(s.getStats), gzip)
	e.GET(v1+"/analytics/trends", s.cached(s.getTrends), gzip)
	e.GET(v1+"/analytics/heatmap", s.cached(s.getHeatmap), gzip)
	e.GET(v1+"/analytics/discount-patterns", s.cached(s.listDiscountPatterns), gzip)
	e.GET(v1+"/analytics/stockouts", s.cached(s.listStockouts), gzip)

	admin := []echo.MiddlewareFunc{s.adminAuth, gzip, s.requestTimeout}
	e.POST(v1+"/admin/scrape/:shop", s.triggerScrape, admin...)
	e.GET(v1+"/admin/dlq", s.listDeadLetters, admin...)
	e.POST(v1+"/admin/dlq/replay", s.replayDeadLetters, admin...)
	e.GET(v1+"/admin/matches/review", s.listMatchReviews, admin...)

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz, gzip)
	// promhttp negotiates its own compression.
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(s.deps.Gatherer, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(s.log.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
	})))
	e.GET(specPath, s.serveSpec, gzip)
	// The UI's assets are precompressed; gzip must not wrap them again.
	e.GET(docsBase, s.docs.index)
	e.GET(docsBase+"/:asset", s.docs.asset)
	s.indexRoutes()
}

func (s *Server) indexRoutes() {
	s.routePaths = map[string]bool{}
	for _, r := range s.e.Routes() {
		s.routePaths[r.Path] = true
	}
}

// Mount lets app add routes (the dashboard) to the same server. They get
// the global middleware: request id, access log and metrics, recover,
// secure headers, CORS, rate limit and body limit; not gzip nor the request
// timeout, so a live stream is not cut off. Call it before Run.
func (s *Server) Mount(fn func(e *echo.Echo)) {
	fn(s.e)
	s.indexRoutes()
}

// Handler is the server's handler, for tests and for serving elsewhere.
func (s *Server) Handler() http.Handler { return s.e }

// Addr is the address Run listens on, nil until it does.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Started is closed once Run listens (Addr is then set) or failed to.
func (s *Server) Started() <-chan struct{} { return s.started }

// Run listens on Config.Addr and serves until ctx is cancelled, then shuts
// down gracefully: it stops accepting, lets in-flight requests finish
// within ShutdownTimeout, closes what is left and returns. It returns nil
// after a shutdown that completed in time. Run may be called once.
func (s *Server) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return errors.New("api: Run called twice")
	}
	s.running = true
	s.mu.Unlock()

	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		close(s.started)
		return fmt.Errorf("api: listen on %s: %w", s.cfg.Addr, err)
	}
	s.mu.Lock()
	s.addr = ln.Addr()
	s.mu.Unlock()
	close(s.started)

	srv := &http.Server{
		Handler:           s.e,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		TLSConfig:         s.tls,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		// Requests must outlive ctx: cancelling it starts the graceful
		// shutdown, it does not abort what is in flight.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() {
		if s.tls != nil {
			served <- srv.ServeTLS(ln, "", "")
			return
		}
		served <- srv.Serve(ln)
	}()
	s.log.Info("api_listening", "addr", ln.Addr().String(), "tls", s.tls != nil)

	select {
	case err := <-served:
		return fmt.Errorf("api: serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	<-served // http.ErrServerClosed, as soon as Shutdown began
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("api: shutdown: %w", err)
	}
	s.log.Info("api_stopped")
	return nil
}
