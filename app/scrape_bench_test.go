package app

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// BenchmarkScrapeSimulator is a full scrape of every shop of a simulator
// holding 10,000 products, in-process and over loopback HTTP: the real
// fetchers (robots.txt honoured, retries on) and a Sink that only counts,
// with the rate limits lifted so that what is measured is the work, not the
// politeness. Shops run at the same time, as `scrape --once` runs them.
// Conditional requests are off, so every iteration reads every page again.
func BenchmarkScrapeSimulator(b *testing.B) {
	h := startSimulator(b, 10000, nil)
	base := defaultConfig().fetchConfig("https://skatestock.example/bot")
	base.Burst = 100
	lift := func(s scrape.ShopConfig) scrape.ShopConfig {
		s.RateLimit = 100 // fetch's highest, past ShopConfig's: the fetcher does not check it
		return s
	}
	var observations atomic.Int64
	sink := scrape.SinkFunc(func(_ context.Context, batch scrape.Batch) error {
		observations.Add(int64(len(batch.Observations)))
		return nil
	})
	cfg := scrape.DefaultConfig()
	cfg.MemoEntries = 0
	runner, err := scrape.New(cfg, nil, spread(fetcherShop(scrape.NewFetcherFactory(base, nil), lift), benchFetchersPerShop), sink, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer runner.Close()
	var shops []scrape.ShopConfig
	for _, r := range h.sim.Shops() {
		s := r.Shop
		shop := scrape.ShopConfig{Slug: s.Slug, Name: s.Name, Platform: s.Platform, BaseURL: s.BaseURL,
			Currency: s.Currency, Country: s.Country, RateLimit: scrape.MaxRateLimit, Concurrency: scrape.MaxConcurrency, Local: true}
		if s.Platform == catalog.PlatformJSONLD {
			shop.ProductURLPattern = simProductPattern
		}
		shops = append(shops, shop)
	}

	var listings, pages atomic.Int64
	for b.Loop() {
		var wg sync.WaitGroup
		for _, shop := range shops {
			wg.Go(func() {
				rep, err := runner.RunOnce(context.Background(), shop)
				if err != nil || len(rep.Errors) > 0 {
					b.Errorf("%s", rep.Summary())
				}
				listings.Add(int64(rep.Listings))
				pages.Add(int64(rep.Pages))
			})
		}
		wg.Wait()
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(listings.Load())/secs, "products/s")
	b.ReportMetric(float64(observations.Load())/secs, "observations/s")
	b.ReportMetric(float64(pages.Load())/secs, "pages/s")
	b.ReportMetric(float64(listings.Load())/float64(b.N), "products/op")
}

// benchFetchersPerShop lifts the rate limit of a shop from the 100 requests
// a second one fetcher allows to a rate no loopback crawl reaches.
const benchFetchersPerShop = 64

// spread reads each shop through n fetchers in turn, each with its own rate
// limit; they share the Runner's validator cache.
func spread(f scrape.FetcherFactory, n int) scrape.FetcherFactory {
	return func(shop scrape.ShopConfig, cache fetch.ValidatorCache) (scrape.Getter, error) {
		p := &getterPool{}
		for range n {
			g, err := f(shop, cache)
			if err != nil {
				return nil, err
			}
			p.getters = append(p.getters, g)
		}
		return p, nil
	}
}

// getterPool is a Getter that hands each request to the next of its getters.
type getterPool struct {
	getters []scrape.Getter
	next    atomic.Uint64
}

func (p *getterPool) Get(ctx context.Context, url string, accept ...string) (*fetch.Response, error) {
	return p.getters[p.next.Add(1)%uint64(len(p.getters))].Get(ctx, url, accept...)
}

// Close closes the fetchers, as Runner.Close closes a single one.
func (p *getterPool) Close() {
	for _, g := range p.getters {
		if c, ok := g.(interface{ Close() }); ok {
			c.Close()
		}
	}
}
