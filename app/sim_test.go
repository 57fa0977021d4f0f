package app

import (
	"context"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/shops"
)

// simHarness is a shop simulator running in the test process on free
// loopback ports, serving the catalog `shops serve` would for products.
type simHarness struct {
	sim *shops.Simulator
	gen *seed.Generator
}

// startSimulator serves products listings over the default five shops at
// real-time speed, with faults, until the test ends.
func startSimulator(tb testing.TB, products int, faults map[string]shops.Faults) *simHarness {
	tb.Helper()
	h := newSimHarness(tb, products, faults)
	ctx, cancel := context.WithCancel(context.Background())
	if err := h.sim.Start(ctx); err != nil {
		cancel()
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- h.sim.Run(ctx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("simulator: %v", err)
		}
	})
	return h
}

// newSimHarness builds the simulator without starting it: enough to know
// what a `shops serve` of the same size serves in its first hour, before any
// listing comes or goes.
func newSimHarness(tb testing.TB, products int, faults map[string]shops.Faults) *simHarness {
	tb.Helper()
	start := time.Now().UTC().Truncate(time.Second)
	c := defaultConfig()
	c.Seed.Products = products
	gen, err := seed.New(c.simulatorCatalog(start))
	if err != nil {
		tb.Fatal(err)
	}
	cfg := shops.DefaultConfig()
	cfg.Start, cfg.Faults, cfg.ShutdownTimeout = start, faults, 2*time.Second
	sim, err := shops.New(cfg, nil, gen)
	if err != nil {
		tb.Fatal(err)
	}
	return &simHarness{sim: sim, gen: gen}
}

// shop is the first served shop on platform p.
func (h *simHarness) shop(tb testing.TB, p catalog.Platform) shops.Running {
	tb.Helper()
	for _, r := range h.sim.Shops() {
		if r.Shop.Platform == p {
			return r
		}
	}
	tb.Fatalf("the simulator serves no %s shop", p)
	return shops.Running{}
}

// served is what a complete crawl of shop slug finds now: one price per
// variant of every listed listing, in minor units, as a multiset.
func (h *simHarness) served(tb testing.TB, slug string) map[catalog.Money]int {
	tb.Helper()
	now := h.sim.Now()
	listed, err := h.sim.Listed(slug, now)
	if err != nil {
		tb.Fatal(err)
	}
	prices := map[catalog.Money]int{}
	for _, li := range listed {
		for v := range h.gen.Listing(li).Variants {
			prices[h.gen.Observe(li, v, now).Price]++
		}
	}
	return prices
}

// variantIDs is every (listing, variant) external id pair of shop slug's
// catalog.
func (h *simHarness) variantIDs(slug string) map[[2]string]bool {
	ids := map[[2]string]bool{}
	for i, s := range h.gen.Shops() {
		if s.Slug != slug {
			continue
		}
		for _, li := range h.gen.ShopListings(i) {
			l := h.gen.Listing(li)
			for _, v := range l.Variants {
				ids[[2]string{l.ExternalID, v.ExternalID}] = true
			}
		}
	}
	return ids
}

// count is the number of items in a multiset.
func count[K comparable](m map[K]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// platforms are the three the simulator serves, in a fixed order.
func platforms() []catalog.Platform {
	return []catalog.Platform{catalog.PlatformShopify, catalog.PlatformWooCommerce, catalog.PlatformJSONLD}
}
