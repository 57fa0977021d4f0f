package shops

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// shopServer is one simulated shop: its listings, faults and HTTP server.
// Everything but the request counter is fixed once Start returns, so
// requests read it without locks.
type shopServer struct {
	sim        *Simulator
	index      int
	shop       catalog.Shop // BaseURL is the local one after Start
	publicBase string       // the catalog's BaseURL
	entries    []*entry
	cat        *shopCatalog // built at Start, when URLs are known
	faults     Faults
	tracker    *changeTracker
	log        *slog.Logger
	loc        locale

	requests atomic.Uint64 // requests other than robots.txt, for faults

	ln  net.Listener
	srv *http.Server
}

// request is what one response is rendered for.
type request struct {
	now       time.Time // simulated
	badPrices bool      // the badprice fault is on
}

// open moves the shop onto its local base URL and indexes its listings.
func (s *shopServer) open(base string) {
	s.shop.BaseURL = base
	for _, e := range s.entries {
		e.rebase(s.publicBase, base)
	}
	s.cat = newShopCatalog(s.entries)
}

// ServeHTTP applies the shop's faults, routes the request and logs it.
func (s *shopServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	begin := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	fault, abort := s.serve(sw, r)
	s.log.Debug("request served", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
		"status", sw.status, "bytes", sw.bytes, "fault", string(fault), "duration_ms", time.Since(begin).Milliseconds())
	if abort {
		// Drop the connection: an empty 200 would tell the client a lie.
		panic(http.ErrAbortHandler)
	}
}

// serve answers one request; it returns the fault applied and whether the
// connection must be dropped without a response.
func (s *shopServer) serve(w http.ResponseWriter, r *http.Request) (FaultMode, bool) {
	s.platformHeaders(w.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.sim.gz.send(w, r, &doc{status: http.StatusMethodNotAllowed, contentType: "text/plain; charset=utf-8", body: []byte("Method Not Allowed\n")})
		return "", false
	}
	if r.URL.Path == "/robots.txt" {
		s.sim.gz.send(w, r, s.robots())
		return "", false
	}
	plan := s.faults.plan(s.requests.Add(1))
	if plan.delay > 0 && !sleepCtx(r.Context(), plan.delay) {
		return FaultSlow, true
	}
	if d := s.faultResponse(r, plan); d != nil {
		s.sim.gz.send(w, r, d)
		return plan.mode, false
	}
	q := request{now: s.sim.clock.now(), badPrices: s.faults.Has(FaultBadPrice)}
	d := s.route(r, q)
	if plan.mode != "" && d.status == http.StatusOK {
		s.spoil(w, r, d, plan)
		return plan.mode, false
	}
	s.sim.gz.send(w, r, d)
	if plan.delay > 0 {
		return FaultSlow, false
	}
	return "", false
}

// route finds the document for a request: sitemaps and pages on every
// shop, the platform's API on Shopify and WooCommerce shops.
func (s *shopServer) route(r *http.Request, q request) *doc {
	p := r.URL.Path
	switch {
	case p == "/":
		return s.homePage(q)
	case p == "/sitemap.xml":
		return s.sitemapIndex(q)
	case strings.HasPrefix(p, "/sitemap-"):
		return s.sitemapFile(p, q)
	}
	switch s.shop.Platform {
	case catalog.PlatformShopify:
		if d := s.routeShopify(r, q); d != nil {
			return d
		}
	case catalog.PlatformWooCommerce:
		if d := s.routeWoo(r, q); d != nil {
			return d
		}
	}
	return s.routePage(r, q)
}

// platformHeaders are the headers each platform's servers send on every
// response; scrapers sometimes fingerprint platforms by them.
func (s *shopServer) platformHeaders(h http.Header) {
	switch s.shop.Platform {
	case catalog.PlatformShopify:
		h.Set("Server", "cloudflare")
		h.Set("Powered-By", "Shopify")
		h.Set("X-Shopify-Stage", "production")
		h.Set("X-Shopid", s.shopID())
	case catalog.PlatformWooCommerce:
		h.Set("Server", "nginx")
		h.Set("X-Powered-By", "PHP/8.2.24")
	default:
		h.Set("Server", "nginx")
	}
}

// shopID is a stable number for the shop, as Shopify's X-Shopid header.
func (s *shopServer) shopID() string {
	return strconv.Itoa(10_000_000 + s.index*7919)
}

// statusWriter records what was written, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection to flush it.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// sleepCtx waits d, or less when ctx ends first; it reports whether the
// whole wait passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
