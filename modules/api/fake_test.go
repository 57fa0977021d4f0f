package api

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skatestock/skatestock/modules/catalog"
)

// fakeCatalog answers from fixed data and records the queries it got.
// Hooks replace a method's answer when set.
type fakeCatalog struct {
	mu      sync.Mutex
	queries []catalog.ProductQuery
	calls   int

	products     func(ctx context.Context, q catalog.ProductQuery) (catalog.ProductPage, error)
	history      func(ctx context.Context, id int64, from, to time.Time) ([]catalog.VariantHistory, error)
	shopStatuses func(ctx context.Context) ([]catalog.ShopStatus, error)
}

func usd(minor int64) catalog.Money { return catalog.Money{Amount: minor, Currency: "USD"} }

var testEpoch = time.Date(2025, 6, 15, 12, 30, 0, 0, time.UTC)

func sampleSummary(id int64) catalog.ProductSummary {
	return catalog.ProductSummary{
		ID: id, ShopSlug: "skate-warehouse", ShopName: "Skate Warehouse", ExternalID: fmt.Sprint(1000 + id),
		Handle: "indy-149", Title: "Independent Stage 11 149 Trucks", Brand: "Independent",
		Category: catalog.CategoryTrucks, URL: "https://shop.example/products/indy-149",
		ImageURL: "https://shop.example/img/indy.jpg", Price: usd(5995), DiscountBP: 2000,
		DealPrice: usd(5995), DealCompareAt: usd(7494), InStock: true,
		PriceUpdatedAt: testEpoch.Add(-time.Hour), UpdatedAt: testEpoch.Add(-time.Hour),
	}
}

func (f *fakeCatalog) Products(ctx context.Context, q catalog.ProductQuery) (catalog.ProductPage, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.calls++
	f.mu.Unlock()
	if f.products != nil {
		return f.products(ctx, q)
	}
	if q.After == "garbage" {
		return catalog.ProductPage{}, fmt.Errorf("%w after: malformed cursor", catalog.ErrInvalid)
	}
	page := catalog.ProductPage{Items: []catalog.ProductSummary{sampleSummary(1), sampleSummary(2)}, Next: "c2"}
	// A product never observed: no price, no deal, no times.
	page.Items = append(page.Items, catalog.ProductSummary{ID: 3, ShopSlug: "skate-warehouse", ShopName: "Skate Warehouse",
		ExternalID: "3", Title: "Mystery Deck", Category: catalog.CategoryDecks, URL: "https://shop.example/p/3"})
	return page, nil
}

func (f *fakeCatalog) lastQuery(t *testing.T) catalog.ProductQuery {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queries) == 0 {
		t.Fatal("catalog got no query")
	}
	return f.queries[len(f.queries)-1]
}

func (f *fakeCatalog) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *fakeCatalog) Product(_ context.Context, id int64) (catalog.Product, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	if id != 1 {
		return catalog.Product{}, fmt.Errorf("product %d: %w", id, catalog.ErrNotFound)
	}
	return catalog.Product{
		ProductSummary: sampleSummary(1),
		Tags:           []string{"trucks", "indy"},
		Variants: []catalog.VariantState{
			{Variant: catalog.Variant{ExternalID: "v1", SKU: "IND-149", Title: "149 / Silver",
				Options:    []catalog.Option{{Name: "Size", Value: "149"}},
				Attributes: catalog.Attributes{TruckSize: "149"}},
				Observed: true, Price: usd(5995), CompareAt: usd(7494), Availability: catalog.InStock, DiscountBP: 2000,
				PriceSince: testEpoch.Add(-48 * time.Hour), LastSeen: testEpoch.Add(-time.Hour)},
			{Variant: catalog.Variant{ExternalID: "v2", Title: "8.25 deck", Attributes: catalog.Attributes{DeckWidthHundredths: 825}}},
		},
		Offers: []catalog.Offer{{ProductID: 1, ShopSlug: "skate-warehouse", ShopName: "Skate Warehouse",
			Title: "Independent Stage 11 149 Trucks", URL: "https://shop.example/products/indy-149",
			Price: usd(5995), DiscountBP: 2000, InStock: true, Match: "self", Score: 1}},
	}, nil
}

func (f *fakeCatalog) ProductHistory(ctx context.Context, id int64, from, to time.Time) ([]catalog.VariantHistory, error) {
	if f.history != nil {
		return f.history(ctx, id, from, to)
	}
	if id != 1 {
		return nil, fmt.Errorf("product %d: %w", id, catalog.ErrNotFound)
	}
	return []catalog.VariantHistory{{
		ExternalID: "v1", Title: "149", Attributes: catalog.Attributes{TruckSize: "149"},
		Spans: []catalog.PriceSpan{
			{ValidFrom: from.Add(-time.Hour), LastSeen: from.Add(time.Hour), Price: usd(6995), Availability: catalog.InStock},
			{ValidFrom: from.Add(90 * time.Minute), LastSeen: to, Price: usd(5995), CompareAt: usd(6995), Availability: catalog.OutOfStock},
		},
	}}, nil
}

func (f *fakeCatalog) BrandCounts(context.Context) ([]catalog.FacetCount, error) {
	return []catalog.FacetCount{{Value: "Independent", Products: 12, InStock: 10, OnSale: 3}}, nil
}

func (f *fakeCatalog) CategoryCounts(context.Context) ([]catalog.FacetCount, error) {
	return []catalog.FacetCount{{Value: "trucks", Products: 12, InStock: 10, OnSale: 3}}, nil
}

func (f *fakeCatalog) ShopStatuses(ctx context.Context) ([]catalog.ShopStatus, error) {
	if f.shopStatuses != nil {
		return f.shopStatuses(ctx)
	}
	run := &catalog.ScrapeRun{ID: "run-1", ShopSlug: "skate-warehouse", StartedAt: testEpoch.Add(-2 * time.Hour),
		FinishedAt: testEpoch.Add(-time.Hour), Status: catalog.ScrapeOK, Pages: 3, Listings: 120, Observations: 480}
	return []catalog.ShopStatus{
		{Shop: catalog.Shop{Slug: "skate-warehouse", Name: "Skate Warehouse", Platform: catalog.PlatformShopify,
			BaseURL: "https://shop.example", Currency: "USD", Country: "US"},
			Products: 120, LastObservedAt: testEpoch.Add(-time.Hour), LastRun: run, LastSuccessAt: testEpoch.Add(-time.Hour)},
		{Shop: catalog.Shop{Slug: "new-shop", Name: "New Shop", Platform: catalog.PlatformJSONLD,
			BaseURL: "https://new.example", Currency: "EUR", Country: "DE"}},
	}, nil
}

func (f *fakeCatalog) Stats(_ context.Context, since time.Time) (catalog.Stats, error) {
	return catalog.Stats{Since: since, Products: 120, Variants: 480, ProductsObserved: 100, VariantsObserved: 400,
		PriceChanges: 12, Observations: 480, ScrapeRuns: 2, FailedScrapeRuns: 1, LatestObservation: testEpoch.Add(-time.Hour)}, nil
}

// fakeCache is an in-memory Cache that can be made to fail.
type fakeCache struct {
	mu   sync.Mutex
	m    map[string][]byte
	fail error
	sets int
}

func newFakeCache() *fakeCache { return &fakeCache{m: map[string][]byte{}} }

// Fetch behaves like cache.FailOpen: a failing cache is a miss whose value
// is not stored.
func (c *fakeCache) Fetch(ctx context.Context, key string, _ time.Duration, fill func(context.Context) ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	v, ok := c.m[key]
	failing := c.fail != nil
	c.mu.Unlock()
	if ok && !failing {
		return v, nil
	}
	v, err := fill(ctx)
	if err != nil || failing {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sets++
	c.m[key] = append([]byte(nil), v...)
	return v, nil
}

func (c *fakeCache) keys() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.m {
		out = append(out, k)
	}
	return out
}

// fakeLimiter allows budget requests per key, then refuses.
type fakeLimiter struct {
	mu     sync.Mutex
	budget int
	used   map[string]int
	err    error
}

func (l *fakeLimiter) Allow(_ context.Context, key string) (Decision, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return Decision{}, l.err
	}
	if l.used == nil {
		l.used = map[string]int{}
	}
	l.used[key]++
	n := l.used[key]
	if n > l.budget {
		return Decision{Allowed: false, Limit: l.budget, RetryAfter: 1500 * time.Millisecond, ResetAfter: 1500 * time.Millisecond}, nil
	}
	return Decision{Allowed: true, Limit: l.budget, Remaining: l.budget - n, ResetAfter: time.Second}, nil
}

func (l *fakeLimiter) keys() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for k, v := range l.used {
		out[k] = v
	}
	return out
}

type fakeScrape struct{ err error }

func (f fakeScrape) TriggerScrape(_ context.Context, shop string) (string, error) {
	if shop != "skate-warehouse" {
		return "", fmt.Errorf("shop %s: %w", shop, catalog.ErrNotFound)
	}
	return "run-42", f.err
}

type fakeDLQ struct {
	mu  sync.Mutex
	got []ReplayRequest
}

func (f *fakeDLQ) ListDeadLetters(_ context.Context, limit int) ([]DeadLetter, error) {
	return []DeadLetter{{DLQPartition: 0, DLQOffset: 7, SourceTopic: "product-events", SourcePartition: 3, SourceOffset: 99,
		Kind: "unknown_shop", Message: "shop nope is not configured", SchemaID: 1, FailedAt: testEpoch,
		ReplayCount: 1, Key: "nope", ValueSize: 512}}[:min(limit, 1)], nil
}

func (f *fakeDLQ) ReplayDeadLetters(_ context.Context, req ReplayRequest) (ReplayResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, req)
	return ReplayResult{Replayed: 2, Exhausted: 1}, nil
}

const testKey = "test-admin-key-0123456789"

// testServer builds a server over a fake catalog with the test config;
// edit changes the config and deps first.
func testServer(t testing.TB, edit func(*Config, *Deps)) (*Server, *fakeCatalog, *prometheus.Registry) {
	t.Helper()
	cat := &fakeCatalog{}
	reg := prometheus.NewRegistry()
	cfg := Config{Addr: "127.0.0.1:0", AdminKeys: []string{testKey}}
	deps := Deps{Catalog: cat, Registerer: reg, Gatherer: reg, Now: func() time.Time { return testEpoch }}
	if edit != nil {
		edit(&cfg, &deps)
	}
	s, err := New(cfg, nil, deps)
	if err != nil {
		t.Fatal(err)
	}
	return s, cat, reg
}

var errBoom = errors.New("boom: secret-host:5432 refused")

// fakeTrends answers the analytics routes from fixed rollups and records
// the queries it got; err, when set, is every answer.
type fakeTrends struct {
	mu      sync.Mutex
	trends  []catalog.TrendQuery
	heatmap []catalog.HeatmapQuery
	err     error
}

func (f *fakeTrends) Trends(_ context.Context, q catalog.TrendQuery) (catalog.Trends, error) {
	f.mu.Lock()
	f.trends = append(f.trends, q)
	f.mu.Unlock()
	if f.err != nil {
		return catalog.Trends{}, f.err
	}
	day := catalog.Day(q.To)
	return catalog.Trends{GroupBy: q.GroupBy, Currency: "USD", From: catalog.Day(q.From), To: day,
		Series: []catalog.TrendSeries{{Key: "Independent", Points: []catalog.TrendPoint{
			// Two variants, one of them on sale at 20% off and sold out.
			{Day: day.AddDate(0, 0, -1), Currency: "USD", Variants: 2, PriceSum: 11991, PriceMin: 5995, PriceMax: 5996,
				CompareAtVariants: 1, CompareAtSum: 7494, DiscountSumBP: 2000, OnSale: 1, InStock: 1},
			// One variant, no compare-at.
			{Day: day, Currency: "USD", Variants: 3, PriceSum: 10000, PriceMin: 3333, PriceMax: 3334, InStock: 3},
		}}}}, nil
}

func (f *fakeTrends) Heatmap(_ context.Context, q catalog.HeatmapQuery) (catalog.Heatmap, error) {
	f.mu.Lock()
	f.heatmap = append(f.heatmap, q)
	f.mu.Unlock()
	if f.err != nil {
		return catalog.Heatmap{}, f.err
	}
	return catalog.Heatmap{By: q.By, From: catalog.Day(q.From), To: catalog.Day(q.To),
		Rows: []string{"Baker", "Spitfire"}, Columns: []string{"2025-W23", "2025-W24"},
		Cells: [][]catalog.HeatmapCell{
			{{Variants: 3, DiscountSumBP: 4000}, {}},
			{{Variants: 7, DiscountSumBP: 0}, {Variants: 2, DiscountSumBP: 2500}},
		}}, nil
}

func (f *fakeTrends) lastTrends(t *testing.T) catalog.TrendQuery {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.trends) == 0 {
		t.Fatal("trends got no query")
	}
	return f.trends[len(f.trends)-1]
}

// fakeMatchReviews pages through two fixed pairs under review, one per
// page when limit is 1; err, when set, is every answer.
type fakeMatchReviews struct {
	mu     sync.Mutex
	limits []int
	err    error
}

func (f *fakeMatchReviews) ReviewMatches(_ context.Context, limit int, cursor string) (catalog.MatchReviewPage, error) {
	f.mu.Lock()
	f.limits = append(f.limits, limit)
	f.mu.Unlock()
	if f.err != nil {
		return catalog.MatchReviewPage{}, f.err
	}
	side := func(id int64, shop, title string) catalog.MatchSide {
		return catalog.MatchSide{ProductID: id, ShopSlug: shop, ShopName: shop, ExternalID: fmt.Sprint(id), Title: title,
			URL: "https://" + shop + ".example/p/" + fmt.Sprint(id)}
	}
	all := []catalog.MatchReview{
		{A: side(1, "brett-haus", "Spitfire F4 Classics 54"), B: side(2, "north-skate", "Spitfire Formula Four Classic 54mm 99a"),
			Evidence: catalog.EvidenceTitle, Score: 0.86, TitleScore: 0.86,
			Variants: []catalog.MatchedVariant{{Size: "wheel:54 duro:99A", A: "54", B: "54-99"}}},
		{A: side(3, "brett-haus", "Baker Logo Deck"), B: side(4, "north-skate", "Baker Brand Logo Deck"),
			Evidence: catalog.EvidenceTitle, Score: 0.77, TitleScore: 0.77,
			Variants: []catalog.MatchedVariant{{Size: "deck:825", A: "825", B: "v825"}}},
	}
	switch cursor {
	case "":
	case "page-2":
		all = all[1:]
	default:
		return catalog.MatchReviewPage{}, fmt.Errorf("review matches: %w cursor: malformed", catalog.ErrInvalid)
	}
	page := catalog.MatchReviewPage{Items: all[:min(limit, len(all))]}
	if limit < len(all) && cursor == "" {
		page.NextCursor = "page-2"
	}
	return page, nil
}
