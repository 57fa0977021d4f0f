package shops_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/shops"
)

// testStart is the simulated instant the test shops open. The seed history
// runs from ten days before to twenty days after it, so planted events are
// both under way and still to come.
var testStart = time.Date(2025, time.June, 2, 9, 0, 0, 0, time.UTC)

// newGenerator builds a small catalog with every platform among its five
// shops: Shopify (USD, GBP), WooCommerce (CAD, USD) and JSON-LD (EUR).
func newGenerator(t testing.TB) *seed.Generator {
	t.Helper()
	g, err := seed.New(seed.Config{
		Shops: 5, Products: 600, Days: 30, PerDay: 4, RandSeed: 11,
		End: testStart.Add(20 * 24 * time.Hour),
	})
	if err != nil {
		t.Fatalf("seed.New: %v", err)
	}
	return g
}

// fakeWall is a wall clock that moves only when told to.
type fakeWall struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeWall() *fakeWall { return &fakeWall{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (f *fakeWall) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeWall) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

// harness is a running simulator with a fake wall clock at Speed 1, so
// advancing the wall advances simulated time by as much.
type harness struct {
	sim    *shops.Simulator
	wall   *fakeWall
	client *http.Client
	byPlat map[catalog.Platform]shops.Running
	bySlug map[string]shops.Running
}

// testConfig is the harness default: free loopback ports, a fake clock.
func testConfig(wall *fakeWall) shops.Config {
	cfg := shops.DefaultConfig()
	cfg.Start = testStart
	cfg.WallClock = wall.Now
	cfg.ShutdownTimeout = 2 * time.Second
	return cfg
}

// runSim starts Run of a simulator of cfg over the demo generator and
// waits until it is ready; cancel stops it and done then delivers what Run
// returned.
func runSim(t *testing.T, cfg shops.Config) (sim *shops.Simulator, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	sim, err := shops.New(cfg, testLogger(), newGenerator(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- sim.Run(ctx) }()
	<-sim.Ready()
	return sim, cancel, ran
}

// startSim runs a simulator for the test's duration and stops it after.
func startSim(t testing.TB, cfg shops.Config, cat shops.Catalog) *harness {
	t.Helper()
	sim, err := shops.New(cfg, testLogger(), cat)
	if err != nil {
		t.Fatalf("shops.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := sim.Start(ctx); err != nil {
		cancel()
		t.Fatalf("Start: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- sim.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	h := &harness{
		sim: sim,
		client: &http.Client{
			Timeout: 20 * time.Second,
			// Raw bytes and raw redirects: the tests look at both.
			Transport:     &http.Transport{DisableCompression: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		byPlat: map[catalog.Platform]shops.Running{},
		bySlug: map[string]shops.Running{},
	}
	for _, r := range sim.Shops() {
		if _, ok := h.byPlat[r.Shop.Platform]; !ok {
			h.byPlat[r.Shop.Platform] = r
		}
		h.bySlug[r.Shop.Slug] = r
	}
	return h
}

func testLogger() *slog.Logger {
	if testing.Verbose() && os.Getenv("SHOPS_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// get fetches url with optional header pairs and returns the response with
// its body read.
func (h *harness) get(t testing.TB, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("new request %s: %v", url, err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := h.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read %s: %v", url, err)
	}
	return res, body
}

// getJSON fetches url, wants 200 and decodes the body with numbers kept.
func (h *harness) getJSON(t testing.TB, url string, v any) *http.Response {
	t.Helper()
	res, body := h.get(t, url)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %.300s", url, res.StatusCode, body)
	}
	if err := decodeStrict(body, v); err != nil {
		t.Fatalf("GET %s: decode: %v (body %.300s)", url, err, body)
	}
	return res
}

func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// listingKeys maps listing external ids of slug's shop to catalog indexes.
func listingKeys(g *seed.Generator, shop int) map[string]int {
	out := map[string]int{}
	for _, li := range g.ShopListings(shop) {
		out[g.Listing(li).ExternalID] = li
	}
	return out
}

// shopIndex is the catalog index of the shop with slug.
func shopIndex(t testing.TB, g *seed.Generator, slug string) int {
	t.Helper()
	for i, s := range g.Shops() {
		if s.Slug == slug {
			return i
		}
	}
	t.Fatalf("no shop %s", slug)
	return -1
}
