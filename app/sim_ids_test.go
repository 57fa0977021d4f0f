package app

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/shops"
	"github.com/skatestock/skatestock/modules/store"
)

// TestSimScrapeKeepsSeededIDs seeds a catalog into SQLite, as `seed` and
// demo's first run do, then scrapes every shop of a simulator serving the
// same catalog once into the same store, as `scrape --profile local` and
// the demo do: every listing the scrape finds must be one the seed wrote,
// with the variants the seed wrote for it, on every platform, so the store
// holds no more listings or variants than before. The simulator's shops
// answer on loopback ports while the seed's catalog names
// "https://<slug>.example" hosts, so this holds only when no platform's
// listing or variant id depends on the host, and when the seed names
// variants as the crawler does (a WooCommerce simple product's by the
// product id; a JSON-LD variant by SKU, GTIN, link or "default").
func TestSimScrapeKeepsSeededIDs(t *testing.T) {
	tests := []struct {
		name            string
		shops, products int
	}{
		{"default shops", 0, 60},
		// The default JSON-LD shop publishes SKUs; the sixth to tenth shops
		// add JSON-LD shops that do not, whose variants are known by GTIN,
		// by link, or as "default".
		{"ten shops", 10, 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			simScrapeKeepsSeededIDs(t, tt.shops, tt.products)
		})
	}
}

func simScrapeKeepsSeededIDs(t *testing.T, shopCount, products int) {
	ctx := t.Context()
	h := startSimulatorOf(t, shopCount, products)

	cfg := defaultConfig()
	cfg.DataDir = t.TempDir()
	if shopCount > 0 {
		cfg.Seed.Shops = shopCount
	}
	cfg.Seed.Products = products
	cfg.Seed.Days = 2
	db, c := seededStore(t, cfg)
	seeded := map[store.ListingKey][]string{} // variant ids, sorted
	for _, l := range h.gen.Listings() {
		ids := make([]string, len(l.Variants))
		for i, v := range l.Variants {
			ids[i] = v.ExternalID
		}
		slices.Sort(ids)
		seeded[store.ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID}] = ids
	}
	before := simShopCounts(t, db)
	if n := sumCounts(before); n != int64(len(seeded)) {
		t.Fatalf("the seed stored %d listings, the simulator serves a catalog of %d: not the same catalog", n, len(seeded))
	}
	rowsBefore, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	scraped := map[catalog.Platform]map[store.ListingKey][]string{} // variant ids, sorted
	w := newStoreWriter(db)
	sink := scrape.SinkFunc(func(ctx context.Context, b scrape.Batch) error {
		mu.Lock()
		for _, l := range b.Listings {
			if scraped[b.Shop.Platform] == nil {
				scraped[b.Shop.Platform] = map[store.ListingKey][]string{}
			}
			ids := make([]string, len(l.Variants))
			for i, v := range l.Variants {
				ids[i] = v.ExternalID
			}
			slices.Sort(ids)
			scraped[b.Shop.Platform][store.ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID}] = ids
		}
		mu.Unlock()
		return w.Publish(ctx, b)
	})
	scfg := scrape.DefaultConfig()
	scfg.StartJitter = 0
	runner, err := scrape.New(scfg, c.log, scrape.NewFetcherFactory(cfg.fetchConfig(defaultContactURL), c.log), sink, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(runner.Close)
	if err := scrapeOnce(ctx, runner, demoShops(h.sim.Shops(), scrape.MinSchedule), func(scrape.RunReport) {}); err != nil {
		t.Fatal(err)
	}

	after := simShopCounts(t, db)
	rowsAfter, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rowsAfter.Variants != rowsBefore.Variants {
		t.Errorf("the store held %d variants after the seed and %d after a scrape", rowsBefore.Variants, rowsAfter.Variants)
	}
	for _, p := range platforms() {
		t.Run(string(p), func(t *testing.T) {
			if len(scraped[p]) == 0 {
				t.Fatalf("the scrape found no %s listing", p)
			}
			var strangers, otherVariants []store.ListingKey
			variants := 0
			for k, ids := range scraped[p] {
				want, ok := seeded[k]
				switch {
				case !ok:
					strangers = append(strangers, k)
				case !slices.Equal(ids, want):
					otherVariants = append(otherVariants, k)
				}
				variants += len(ids)
			}
			if len(strangers) > 0 {
				t.Errorf("%d of %d scraped listings are not the seed's, first %s/%s", len(strangers), len(scraped[p]), strangers[0].ShopSlug, strangers[0].ExternalID)
			}
			if len(otherVariants) > 0 {
				k := otherVariants[0]
				t.Errorf("%d of %d scraped listings have other variants than the seed's (%d variants scraped), first %s/%s: scraped %q, seeded %q",
					len(otherVariants), len(scraped[p]), variants, k.ShopSlug, k.ExternalID, scraped[p][k], seeded[k])
			}
			for _, r := range h.sim.Shops() {
				if r.Shop.Platform != p {
					continue
				}
				if got, want := after[r.Shop.Slug], before[r.Shop.Slug]; got != want {
					t.Errorf("shop %s held %d listings after the seed and %d after a scrape", r.Shop.Slug, want, got)
				}
			}
		})
	}
}

// simShopCounts is the number of listings the store holds per shop slug.
func simShopCounts(t *testing.T, db database) map[string]int64 {
	t.Helper()
	statuses, err := db.ShopStatuses(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, s := range statuses {
		out[s.Slug] = s.Products
	}
	return out
}

func sumCounts(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// startSimulatorOf is startSimulator over the first shopCount shops of the
// seed's table, or the default ones when shopCount is 0.
func startSimulatorOf(t *testing.T, shopCount, products int) *simHarness {
	t.Helper()
	if shopCount == 0 {
		return startSimulator(t, products, nil)
	}
	start := time.Now().UTC().Truncate(time.Second)
	c := defaultConfig()
	c.Seed.Shops, c.Seed.Products = shopCount, products
	gen, err := seed.New(c.simulatorCatalog(start))
	if err != nil {
		t.Fatal(err)
	}
	cfg := shops.DefaultConfig()
	cfg.Start, cfg.ShutdownTimeout = start, 2*time.Second
	sim, err := shops.New(cfg, nil, gen)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := sim.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sim.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("simulator: %v", err)
		}
	})
	return &simHarness{sim: sim, gen: gen}
}
