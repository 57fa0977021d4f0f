package scrape_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// testStart is the fake clock's start: observation times and run ids derive
// from it.
var testStart = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// testFetchConfig is polite enough to be a real fetcher and fast enough for
// tests: short backoff, one retry.
func testFetchConfig() fetch.Config {
	cfg := fetch.DefaultConfig()
	cfg.UserAgent = "SkateStockBot/test"
	cfg.ContactURL = "https://skatestock.example/bot"
	cfg.MaxRetries = 1
	cfg.BackoffBase = time.Millisecond
	cfg.BackoffMax = 2 * time.Millisecond
	cfg.Burst = 10
	cfg.Timeout = 10 * time.Second
	return cfg
}

// testShop is a simulator-like shop at base.
func testShop(slug string, p catalog.Platform, base string) scrape.ShopConfig {
	return scrape.ShopConfig{
		Slug: slug, Name: "Test " + slug, Platform: p, BaseURL: base, Currency: "USD", Country: "US",
		Schedule: time.Minute, RateLimit: 10, Concurrency: 2, Local: true,
	}
}

// harness is a Runner with a recording Sink and RawArchive, reading through
// real fetchers.
type harness struct {
	runner *scrape.Runner
	sink   *recordingSink
	raw    *recordingArchive
	clock  *clockwork.FakeClock
}

func newHarness(t *testing.T, cfg scrape.Config, opts ...scrape.Option) *harness {
	t.Helper()
	h := &harness{sink: &recordingSink{t: t}, raw: &recordingArchive{}, clock: clockwork.NewFakeClockAt(testStart)}
	opts = append([]scrape.Option{scrape.WithClock(h.clock)}, opts...)
	r, err := scrape.New(cfg, nil, scrape.NewFetcherFactory(testFetchConfig(), nil), h.sink, h.raw, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	h.runner = r
	return h
}

// recordingSink keeps every batch and checks the Sink contract on each:
// everything validates and every observation's listing and variant are in
// the same batch.
type recordingSink struct {
	t   *testing.T
	err error // returned by Publish when set

	mu      sync.Mutex
	batches []scrape.Batch
}

func (s *recordingSink) Publish(_ context.Context, b scrape.Batch) error {
	s.t.Helper()
	for _, l := range b.Listings {
		if err := l.Validate(); err != nil {
			s.t.Errorf("sink got an invalid listing %s: %v", l.ExternalID, err)
		}
		if l.ShopSlug != b.Shop.Slug {
			s.t.Errorf("sink got listing of shop %s in a batch of %s", l.ShopSlug, b.Shop.Slug)
		}
	}
	ids := map[string]bool{}
	for _, l := range b.Listings {
		if ids[l.ExternalID] {
			s.t.Errorf("listing %s twice in one batch", l.ExternalID)
		}
		ids[l.ExternalID] = true
	}
	idx := scrape.IndexListings(b.Listings)
	for _, o := range b.Observations {
		if err := o.Validate(); err != nil {
			s.t.Errorf("sink got an invalid observation %s: %v", o.Variant, err)
		}
		if _, _, ok := idx.Lookup(o.Variant); !ok {
			s.t.Errorf("observation %s came without its listing or variant", o.Variant)
		}
		if o.SourceRun != b.RunID {
			s.t.Errorf("observation %s of run %q in a batch of run %q", o.Variant, o.SourceRun, b.RunID)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, b)
	return s.err
}

// published returns the listings (by id, last version) and observations
// of every batch of run.
func (s *recordingSink) published(run string) (map[string]catalog.Listing, []catalog.PriceObservation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	listings := map[string]catalog.Listing{}
	var obs []catalog.PriceObservation
	for _, b := range s.batches {
		if b.RunID != run {
			continue
		}
		for _, l := range b.Listings {
			listings[l.ExternalID] = l
		}
		obs = append(obs, b.Observations...)
	}
	return listings, obs
}

// recordingArchive keeps every raw page.
type recordingArchive struct {
	mu    sync.Mutex
	pages []scrape.RawPage
	err   error
}

func (a *recordingArchive) PutRaw(_ context.Context, p scrape.RawPage) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pages = append(a.pages, p)
	return fmt.Sprintf("raw/%s/%s-%05d", p.Shop, p.RunID, p.Seq), a.err
}

func (a *recordingArchive) of(run string) []scrape.RawPage {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []scrape.RawPage
	for _, p := range a.pages {
		if p.RunID == run {
			out = append(out, p)
		}
	}
	return out
}

// shopServer is a fake shop: routes by path and query, a permissive
// robots.txt unless one is set, and a log of requests.
type shopServer struct {
	*httptest.Server
	t *testing.T

	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	hits   []string // "path?query" of every request but robots.txt
}

func newShopServer(t *testing.T) *shopServer {
	t.Helper()
	s := &shopServer{t: t, routes: map[string]http.HandlerFunc{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	s.route("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /checkout\n")
	})
	return s
}

func (s *shopServer) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	h, ok := s.routes[key]
	if r.URL.Path != "/robots.txt" {
		s.hits = append(s.hits, key)
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// route serves h at key ("/products.json?limit=250&page=1").
func (s *shopServer) route(key string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[key] = h
}

// file serves testdata/name at key with an ETag, answering 304 to a
// matching If-None-Match. "{{base}}" in the file becomes the server's URL.
func (s *shopServer) file(key, name, contentType string, header ...string) {
	body := readTestdata(s.t, name)
	body = strings.ReplaceAll(body, "{{base}}", s.URL)
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	s.route(key, func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	})
}

// status serves an empty response with code at key.
func (s *shopServer) status(key string, code int) {
	s.route(key, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) })
}

// requests returns the requests made, in order.
func (s *shopServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.hits)
}

// count returns how often key was requested.
func (s *shopServer) count(key string) int {
	n := 0
	for _, h := range s.requests() {
		if h == key {
			n++
		}
	}
	return n
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// wantCounts compares a report's counts map with want.
func wantCounts(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}
