package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/store"
)

// TestLocalProfileMatchesSeed keeps the local profile of configs/shops.yaml
// in step with what `shops serve` serves by default: the generator's first
// shops, in order, on LocalBasePort+i.
func TestLocalProfileMatchesSeed(t *testing.T) {
	file, err := scrape.LoadShopsFile("../configs/shops.yaml")
	if err != nil {
		t.Fatal(err)
	}
	local, err := file.Profile(scrape.LocalProfile)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := seed.New(defaultConfig().simulatorCatalog(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	served := gen.Shops()
	if len(local) != len(served) {
		t.Fatalf("the local profile has %d shops, shops serve serves %d by default", len(local), len(served))
	}
	for i, got := range local {
		want := served[i]
		url := fmt.Sprintf("http://127.0.0.1:%d", scrape.LocalBasePort+i)
		if got.Slug != want.Slug || got.Name != want.Name || got.Platform != want.Platform ||
			got.Currency != want.Currency || got.Country != want.Country || got.BaseURL != url || !got.Local {
			t.Errorf("local[%d] = %s %q %s %s %s %s local=%t; want %s %q %s %s %s %s local=true", i,
				got.Slug, got.Name, got.Platform, got.Currency, got.Country, got.BaseURL, got.Local,
				want.Slug, want.Name, want.Platform, want.Currency, want.Country, url)
		}
	}
	serve, _, err := newRootCmd(&cli{}).Find([]string{"shops", "serve"})
	if err != nil {
		t.Fatal(err)
	}
	if p := serve.Flags().Lookup("base-port").DefValue; p != fmt.Sprint(scrape.LocalBasePort) {
		t.Errorf("shops serve --base-port defaults to %s, want the local profile's %d", p, scrape.LocalBasePort)
	}
}

func TestHostSlug(t *testing.T) {
	tests := map[string]string{
		"laborskateshop.com":      "laborskateshop-com",
		"www.Shop.example:8443":   "shop-example-8443",
		"127.0.0.1:18081":         "127-0-0-1-18081",
		"[::1]:8080":              "1-8080",
		"xn--skte-loa.example":    "xn-skte-loa-example",
		"--":                      "shop",
		strings.Repeat("a", 70):   strings.Repeat("a", 64),
		strings.Repeat("ab.", 30): strings.TrimRight(strings.Repeat("ab-", 22)[:64], "-"),
	}
	for host, want := range tests {
		got := hostSlug(host)
		if got != want || !catalog.ValidSlug(got) {
			t.Errorf("hostSlug(%q) = %q (valid %t), want %q", host, got, catalog.ValidSlug(got), want)
		}
	}
}

func TestUserAgent(t *testing.T) {
	for v, want := range map[string]string{
		"v1.4.2":              "SkateStockBot/v1.4.2",
		"v0.3.0-4-gabc-dirty": "SkateStockBot/v0.3.0-4-gabc-dirty",
		"1.0 (beta)/x":        "SkateStockBot/1.0--beta--x",
		"":                    "SkateStockBot/dev",
	} {
		got := userAgent(v)
		cfg := fetch.DefaultConfig()
		cfg.UserAgent, cfg.ContactURL = got, "https://skatestock.example/bot"
		if got != want || cfg.Validate() != nil {
			t.Errorf("userAgent(%q) = %q (%v), want %q", v, got, cfg.Validate(), want)
		}
	}
}

func TestAdHocShopAndFetcherPermission(t *testing.T) {
	for _, tt := range []struct {
		url        string
		allowLocal bool
		wantLocal  bool // what the fetcher may dial
	}{
		{"http://127.0.0.1:18081", true, true},
		{"http://127.0.0.1:18081", false, false},
		{"http://localhost:8080/", false, false},
		{"https://shop.example", true, true},
		{"https://shop.example", false, false},
	} {
		f := scrapeFlags{url: tt.url, platform: "shopify", currency: "usd", country: "us", rateLimit: 2, allowLocal: tt.allowLocal}
		shop, err := f.adHocShop()
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		if shop.Currency != "USD" || shop.Country != "US" || shop.RateLimit != 2 {
			t.Errorf("%s: shop %+v", tt.url, shop)
		}
		var got scrape.ShopConfig
		inner := func(s scrape.ShopConfig, _ fetch.ValidatorCache) (scrape.Getter, error) { got = s; return nil, nil }
		target := scrapeTarget{shops: []scrape.ShopConfig{shop}, adHoc: shop.Slug, allowLocal: tt.allowLocal}
		_, _ = fetcherShop(inner, target.fetcherShop)(shop, nil)
		if got.Local != tt.wantLocal || got.Slug != shop.Slug {
			t.Errorf("%s --allow-local=%t: the fetcher's shop has local=%t, want %t", tt.url, tt.allowLocal, got.Local, tt.wantLocal)
		}
		other := scrape.ShopConfig{Slug: "elsewhere", Local: true}
		if _, _ = fetcherShop(inner, target.fetcherShop)(other, nil); !got.Local {
			t.Errorf("a shop other than the --url one lost its local setting")
		}
	}
}

// callStore records the store calls of a Publish.
type callStore struct {
	store.Store
	calls []string
}

func (s *callStore) UpsertShops(_ context.Context, shops []catalog.Shop) error {
	s.calls = append(s.calls, fmt.Sprintf("shops %d", len(shops)))
	return nil
}

func (s *callStore) UpsertListings(_ context.Context, listings []catalog.Listing) error {
	s.calls = append(s.calls, fmt.Sprintf("listings %d", len(listings)))
	return nil
}

func (s *callStore) RecordObservations(_ context.Context, obs []catalog.PriceObservation) (store.RecordResult, error) {
	s.calls = append(s.calls, fmt.Sprintf("observations %d", len(obs)))
	return store.RecordResult{Observations: len(obs), ChangePoints: len(obs)}, nil
}

func TestStoreWriterPublish(t *testing.T) {
	s := &callStore{}
	w := newStoreWriter(s)
	shop := catalog.Shop{Slug: "labor", Name: "Labor"}
	ctx := context.Background()
	batches := []scrape.Batch{
		{Shop: shop, Listings: make([]catalog.Listing, 2), Observations: make([]catalog.PriceObservation, 3)},
		{Shop: shop, Listings: make([]catalog.Listing, 1)},
		{Shop: catalog.Shop{Slug: "labor", Name: "Labor Skate Shop"}, Observations: make([]catalog.PriceObservation, 1)},
	}
	for _, b := range batches {
		if err := w.Publish(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	want := "shops 1, listings 2, observations 3, listings 1, shops 1, observations 1"
	if got := strings.Join(s.calls, ", "); got != want {
		t.Errorf("store calls: %s\nwant: %s (the shop once, again when it changed; nothing empty)", got, want)
	}
	if got := w.totals(); got.Observations != 4 || got.ChangePoints != 4 {
		t.Errorf("totals %+v", got)
	}
}

func TestScrapeProgressPlainLines(t *testing.T) {
	var stderr, summaries bytes.Buffer
	p := (&cli{stderr: &stderr}).newScrapeProgress(&summaries)
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return now }
	for i := range 25 {
		p.update(scrape.Progress{Shop: "labor", Pages: i + 1, Observations: 100 * (i + 1)})
		now = now.Add(time.Second)
	}
	p.report(scrape.RunReport{Shop: "labor", Pages: 25})
	p.finish()
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	want := []string{
		"scrape labor: 11 pages, 0 listings, 1100 observations, 0 failed pages so far",
		"scrape labor: 21 pages, 0 listings, 2100 observations, 0 failed pages so far",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress lines:\n%s\nwant a line per shop every %s:\n%s", stderr.String(), plainProgressEvery, strings.Join(want, "\n"))
	}
	if !strings.HasPrefix(summaries.String(), "scrape labor: 25 pages,") {
		t.Errorf("summary: %q", summaries.String())
	}
}

func TestProgressOnATerminal(t *testing.T) {
	var stderr, stdout bytes.Buffer
	p := (&cli{stderr: &stderr, stderrTTY: true}).newScrapeProgress(&stdout)
	p.update(scrape.Progress{Shop: "labor", Pages: 3, Observations: 500})
	p.report(scrape.RunReport{Shop: "labor", Pages: 3})
	p.finish()
	p.update(scrape.Progress{Shop: "labor", Pages: 4}) // after finish: ignored
	// The bar renders at most every 100ms, so only its first frame is sure.
	if !strings.Contains(stderr.String(), "\r| scraping") {
		t.Errorf("no spinner drawn: %q", stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "scrape labor: 3 pages") || strings.Count(stdout.String(), "\n") != 1 {
		t.Errorf("summary on stdout: %q", stdout.String())
	}
}
