package app

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/store"
)

// TestSimScrapeKeepsSeededIDs seeds a catalog into SQLite, as `seed` and
// demo's first run do, then scrapes every shop of a simulator serving the
// same catalog once into the same store, as `scrape --profile local` and
// the demo do: every listing the scrape finds must be one the seed wrote,
// on every platform, so the store holds no more listings than before. The
// simulator's shops answer on loopback ports while the seed's catalog
// names "https://<slug>.example" hosts, so this holds only when no
// platform's listing id depends on the host.
func TestSimScrapeKeepsSeededIDs(t *testing.T) {
	const products = 60
	ctx := t.Context()
	h := startSimulator(t, products, nil)

	cfg := defaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Seed.Products = products
	cfg.Seed.Days = 2
	c := &cli{cfg: cfg, log: slog.New(slog.DiscardHandler), stdout: io.Discard, stderr: io.Discard}
	db, err := openStore(ctx, cfg, c.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.seedStore(ctx, db); err != nil {
		t.Fatal(err)
	}
	seeded := map[store.ListingKey]bool{}
	seededVariants := map[catalog.VariantKey]bool{}
	for _, l := range h.gen.Listings() {
		seeded[store.ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID}] = true
		for _, v := range l.Variants {
			seededVariants[catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: v.ExternalID}] = true
		}
	}
	before := simShopCounts(t, db)
	if n := sumCounts(before); n != int64(len(seeded)) {
		t.Fatalf("the seed stored %d listings, the simulator serves a catalog of %d: not the same catalog", n, len(seeded))
	}

	var mu sync.Mutex
	scraped := map[catalog.Platform]map[store.ListingKey]bool{}
	var strangeVariants []catalog.VariantKey // Shopify's only, see below
	w := newStoreWriter(db)
	sink := scrape.SinkFunc(func(ctx context.Context, b scrape.Batch) error {
		mu.Lock()
		for _, l := range b.Listings {
			if scraped[b.Shop.Platform] == nil {
				scraped[b.Shop.Platform] = map[store.ListingKey]bool{}
			}
			scraped[b.Shop.Platform][store.ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID}] = true
			for _, v := range l.Variants {
				k := catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: v.ExternalID}
				if b.Shop.Platform == catalog.PlatformShopify && !seededVariants[k] {
					strangeVariants = append(strangeVariants, k)
				}
			}
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

	// Variant ids agree on Shopify only, so far: a WooCommerce simple
	// product's one variant is the product id to the scraper and the next
	// post id to the seed; a JSON-LD variant is its SKU, GTIN or link to the
	// scraper and an article number with a size suffix to the seed.
	if len(strangeVariants) > 0 {
		t.Errorf("%d scraped Shopify variants are not the seed's, first %s", len(strangeVariants), strangeVariants[0])
	}
	after := simShopCounts(t, db)
	for _, p := range platforms() {
		t.Run(string(p), func(t *testing.T) {
			if len(scraped[p]) == 0 {
				t.Fatalf("the scrape found no %s listing", p)
			}
			var strangers []store.ListingKey
			for k := range scraped[p] {
				if !seeded[k] {
					strangers = append(strangers, k)
				}
			}
			if len(strangers) > 0 {
				t.Errorf("%d of %d scraped listings are not the seed's, first %s/%s", len(strangers), len(scraped[p]), strangers[0].ShopSlug, strangers[0].ExternalID)
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
