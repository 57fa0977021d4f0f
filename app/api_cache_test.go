package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/skatestock/skatestock/modules/api/apitest"
	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/redistest"
)

// TestAPICacheInvalidation runs serve's own pieces (openServe and run: the
// API on loopback, the response cache, the embedded broker and the
// price-updates feed) over a seeded SQLite store, and shows that a price
// update, not the cache's TTL, is what makes the next answer current: a
// product is cached, its price changes in the store (still served stale
// from the cache), a price-updates record is published as ingest would,
// and the next answers carry the new price. It runs with the in-memory
// cache and, when SKATESTOCK_TEST_REDIS_URL is set, with Redis.
func TestAPICacheInvalidation(t *testing.T) {
	if testing.Short() {
		t.Skip("starts serve with an embedded broker; skipped with -short")
	}
	t.Run("memory", func(t *testing.T) { apiCacheInvalidation(t, "") })
	t.Run("redis", func(t *testing.T) {
		redistest.RedisOptions(t) // skips, or fails under SKATESTOCK_TEST_REQUIRE_SERVICES=1
		apiCacheInvalidation(t, os.Getenv(redistest.EnvRedisURL))
	})
}

// cacheRig is serve running in this process.
type cacheRig struct {
	c        *cli
	s        *served
	base     string
	v        *apitest.Validator
	producer *bus.Producer
}

func apiCacheInvalidation(t *testing.T, redisURL string) {
	// The hang guard: nothing below, cleanups included, waits past it.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	r := startCacheRig(t, ctx, redisURL)

	r.waitFeedLive(t, ctx)
	var page scnPage
	r.getJSON(t, "/api/v1/products?limit=1&sort=title", &page)
	if len(page.Items) == 0 {
		t.Fatal("the seeded catalog lists no product")
	}
	path := fmt.Sprintf("/api/v1/products/%d", page.Items[0].ID)
	var p scnProduct

	// Cached: the second answer comes from the cache. A MISS is excused
	// only by an invalidation between the two requests.
	for {
		before := r.invalidations()
		first := r.getJSON(t, path, &p)
		second := r.getJSON(t, path, &p)
		if first != "MISS" && first != "HIT" {
			t.Fatalf("GET %s: X-Cache %q", path, first)
		}
		if second == "HIT" {
			break
		}
		if r.invalidations() == before {
			t.Fatalf("GET %s twice: second X-Cache %q with no invalidation between", path, second)
		}
	}
	v := p.Variants[0]
	if !v.Observed {
		t.Fatalf("product %d variant %s was never observed", p.ID, v.ExternalID)
	}
	prev := catalog.PriceObservation{
		Variant:      catalog.VariantKey{ShopSlug: p.Shop, ListingExternalID: p.ExternalID, VariantExternalID: v.ExternalID},
		Price:        catalog.Money{Amount: v.Price.Minor, Currency: v.Price.Currency},
		Availability: catalog.InStock, SourceRun: "seed",
	}
	if v.CompareAt != nil {
		prev.CompareAt = catalog.Money{Amount: v.CompareAt.Minor, Currency: v.CompareAt.Currency}
	}
	if !v.InStock {
		prev.Availability = catalog.OutOfStock
	}
	cur := prev
	cur.Price.Amount += 777
	cur.ObservedAt, cur.SourceRun = time.Now().UTC().Truncate(time.Second), "api-cache-test"

	// The store has the new price; the cache still answers the old one.
	res, err := r.s.db.RecordObservations(ctx, []catalog.PriceObservation{cur})
	if err != nil || res.ChangePoints != 1 {
		t.Fatalf("record the new price: %+v, %v", res, err)
	}
	if x := r.getJSON(t, path, &p); x != "HIT" || p.Variants[0].Price.Minor != prev.Price.Amount {
		t.Fatalf("before the price update: X-Cache %s, price %d; want the cached %d", x, p.Variants[0].Price.Minor, prev.Price.Amount)
	}

	// What ingest publishes after the write, through the pipeline's codec.
	invBefore := r.invalidations()
	r.publishUpdate(t, ctx, &prev, cur)
	for {
		x := r.getJSON(t, path, &p)
		if p.Variants[0].Price.Minor == cur.Price.Amount {
			if x != "MISS" {
				t.Errorf("first answer with the new price: X-Cache %s, want MISS (filled after the invalidation)", x)
			}
			break
		}
		if x != "HIT" {
			t.Fatalf("a fill after the price update still read %d, not the stored %d", p.Variants[0].Price.Minor, cur.Price.Amount)
		}
		pause(t, ctx, 10*time.Millisecond)
	}
	if r.invalidations() <= invBefore {
		t.Errorf("the new price showed without an invalidation (%v before, %v after)", invBefore, r.invalidations())
	}
	if x := r.getJSON(t, path, &p); x != "HIT" || p.Variants[0].Price.Minor != cur.Price.Amount {
		t.Errorf("after the refill: X-Cache %s, price %d; want a HIT of %d", x, p.Variants[0].Price.Minor, cur.Price.Amount)
	}
}

// startCacheRig seeds a small catalog into a SQLite file, then opens and
// runs serve over it as runServe does, with a cache TTL far beyond the
// test so that only an invalidation can refresh an answer. It stops serve
// and closes what it opened when t ends.
func startCacheRig(t *testing.T, ctx context.Context, redisURL string) *cacheRig {
	t.Helper()
	cfg := defaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.API.CacheTTL = time.Hour
	cfg.Limits.IPPerMinute = 0 // the test polls; rate limits have their own tests
	cfg.Redis.URL = redisURL
	cfg.Seed = seedConfig{Shops: 2, Products: 20, Days: 2, PerDay: 1, RandSeed: 5, End: scenarioSeedEnd.Format(time.RFC3339)}
	c := &cli{cfg: cfg, log: slog.New(slog.DiscardHandler), stdout: io.Discard, stderr: io.Discard}

	db, err := openStore(ctx, cfg, c.log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.seedStore(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := c.openServe(ctx, scrapeScope{})
	t.Cleanup(func() {
		var err error
		s.close(c, &err)
		if err != nil {
			t.Errorf("close serve: %v", err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// A shared Redis may hold this path's answer from an earlier run;
	// start from an empty cache, as after any price update.
	if err := s.cache.Invalidate(ctx); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.run(runCtx, c) }()
	t.Cleanup(func() {
		stop()
		// Its own hang guard: ctx may be the one that ran out.
		guard := time.NewTimer(time.Minute)
		defer guard.Stop()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-guard.C:
			t.Errorf("serve did not stop within a minute of its context's end")
		}
	})
	select {
	case <-s.api.Started():
	case err := <-done:
		t.Fatalf("serve stopped before listening: %v", err)
	case <-ctx.Done():
		t.Fatal("serve did not start listening")
	}
	if s.api.Addr() == nil {
		t.Fatal("serve failed to listen")
	}
	r := &cacheRig{c: c, s: s, base: "http://" + s.api.Addr().String()}
	r.v = apitest.ForURL(t, nil, r.base)
	if r.producer, err = bus.NewProducer(s.pipe.bus, c.log); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.producer.Close(context.WithoutCancel(ctx)) })
	return r
}

// getJSON GETs path from the running serve, validates the answer against
// the spec, requires a 200, decodes it into out and returns X-Cache.
func (r *cacheRig) getJSON(t *testing.T, path string, out any) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, r.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body := r.v.Check(t, req, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d: %.300s", path, resp.StatusCode, body)
	}
	mustJSON(t, body, out)
	return resp.Header.Get("X-Cache")
}

// publishUpdate publishes the price update of prev to cur on
// price-updates, keyed and encoded as ingest does.
func (r *cacheRig) publishUpdate(t *testing.T, ctx context.Context, prev *catalog.PriceObservation, cur catalog.PriceObservation) {
	t.Helper()
	value, err := serdeCodec{serde: r.s.pipe.serde}.EncodePriceUpdate(prev, cur)
	if err != nil {
		t.Fatal(err)
	}
	key := cur.Variant.ShopSlug + "/" + cur.Variant.ListingExternalID
	rec := bus.Record{Topic: r.s.pipe.bus.Topics.PriceUpdates, Key: []byte(key), Value: value}
	if err := r.producer.Publish(ctx, []bus.Record{rec}); err != nil {
		t.Fatalf("publish price update: %v", err)
	}
}

// waitFeedLive returns once serve's price-updates feed reads the topic:
// the feed starts at the topic's end when it connects, so an update
// published earlier would never reach it. It publishes a harmless update
// (a first sighting of nothing the test reads) every few seconds until the
// feed reports one.
func (r *cacheRig) waitFeedLive(t *testing.T, ctx context.Context) {
	t.Helper()
	probe := catalog.PriceObservation{
		Variant:    catalog.VariantKey{ShopSlug: "api-cache-test", ListingExternalID: "probe", VariantExternalID: "probe"},
		ObservedAt: time.Now().UTC(), Price: catalog.Money{Amount: 100, Currency: "USD"}, Availability: catalog.InStock,
	}
	for attempt := 0; ; attempt++ {
		r.publishUpdate(t, ctx, nil, probe)
		for range 300 {
			if testutil.ToFloat64(r.s.metrics.priceUpdates) > 0 && r.invalidations() > 0 {
				return
			}
			pause(t, ctx, 10*time.Millisecond)
		}
		t.Logf("price-updates feed not reading yet after %d probes", attempt+1)
	}
}

func (r *cacheRig) invalidations() float64 { return testutil.ToFloat64(r.s.metrics.invalidations) }

// pause waits d, failing t when the hang guard ends first.
func pause(t *testing.T, ctx context.Context, d time.Duration) {
	t.Helper()
	if !sleepFor(ctx, d) {
		t.Fatalf("hang guard: %v", ctx.Err())
	}
}
