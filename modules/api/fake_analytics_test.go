package api

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// fakeSignals answers the discount-pattern and stock-out routes from
// fixed rows and records the queries it got; err, when set, is every
// answer. A page holds the rows after cursor ("" or "p<n>": from row n).
type fakeSignals struct {
	mu        sync.Mutex
	patterns  []catalog.PatternQuery
	stockouts []catalog.StockoutQuery
	err       error
}

func sampleListed(variant string) (catalog.VariantKey, catalog.ListedVariant) {
	return catalog.VariantKey{ShopSlug: "skate-warehouse", ListingExternalID: "1001", VariantExternalID: variant},
		catalog.ListedVariant{ProductID: 1, ShopName: "Skate Warehouse", Title: "Independent Stage 11 149 Trucks",
			Brand: "Independent", Category: catalog.CategoryTrucks, URL: "https://shop.example/products/indy-149",
			VariantTitle: "149 / Silver", Attributes: catalog.Attributes{TruckSize: "149"}}
}

func samplePatterns() []catalog.PatternItem {
	k, lv := sampleListed("v1")
	return []catalog.PatternItem{
		{DiscountPattern: catalog.DiscountPattern{Variant: k, Kind: catalog.PatternWeekly, From: testEpoch.AddDate(0, 0, -20),
			To: testEpoch.AddDate(0, 0, -1), Reference: usd(6995), Price: usd(5995), DiscountBP: 1430,
			Weekdays: []time.Weekday{time.Saturday, time.Sunday}, Evidence: "about 14% off on [Saturday Sunday], week after week",
			DetectedAt: testEpoch}, ListedVariant: lv},
		{DiscountPattern: catalog.DiscountPattern{Variant: k, Kind: catalog.PatternPriceError, From: testEpoch.AddDate(0, 0, -9),
			To: testEpoch.AddDate(0, 0, -9), Reference: usd(6995), Price: usd(69), DiscountBP: 9901,
			Evidence: "one observation at a hundredth of its neighbours", DetectedAt: testEpoch}, ListedVariant: lv},
	}
}

func (f *fakeSignals) DiscountPatterns(_ context.Context, q catalog.PatternQuery) (catalog.PatternPage, error) {
	f.mu.Lock()
	f.patterns = append(f.patterns, q)
	f.mu.Unlock()
	if f.err != nil {
		return catalog.PatternPage{}, f.err
	}
	items, next, err := fakePage(samplePatterns(), q.Limit, q.After)
	return catalog.PatternPage{Items: items, Next: next}, err
}

func (f *fakeSignals) StockoutForecasts(_ context.Context, q catalog.StockoutQuery) (catalog.StockoutPage, error) {
	f.mu.Lock()
	f.stockouts = append(f.stockouts, q)
	f.mu.Unlock()
	if f.err != nil {
		return catalog.StockoutPage{}, f.err
	}
	k1, lv := sampleListed("v1")
	k2, _ := sampleListed("v2")
	fc := func(k catalog.VariantKey, p float64, price catalog.Money) catalog.StockoutItem {
		return catalog.StockoutItem{StockoutForecast: catalog.StockoutForecast{Variant: k, Probability: p, AsOf: testEpoch.Add(-time.Hour),
			Horizon: 7 * 24 * time.Hour, ModelTrainedAt: testEpoch.Add(-2 * time.Hour)}, ListedVariant: lv, Price: price}
	}
	items, next, err := fakePage([]catalog.StockoutItem{fc(k1, 0.812345678, usd(5995)), fc(k2, 0.1, catalog.Money{})}, q.Limit, q.After)
	return catalog.StockoutPage{Items: items, Next: next}, err
}

// fakePage pages through all, limit at a time, after cursor.
func fakePage[T any](all []T, limit int, cursor string) ([]T, string, error) {
	from := 0
	if cursor != "" {
		if _, err := fmt.Sscanf(cursor, "p%d", &from); err != nil || from < 0 || from > len(all) {
			return nil, "", fmt.Errorf("%w cursor: malformed", catalog.ErrInvalid)
		}
	}
	to := min(from+limit, len(all))
	next := ""
	if to < len(all) {
		next = fmt.Sprintf("p%d", to)
	}
	return all[from:to], next, nil
}

func (f *fakeSignals) lastPatterns(t *testing.T) catalog.PatternQuery {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.patterns) == 0 {
		t.Fatal("patterns got no query")
	}
	return f.patterns[len(f.patterns)-1]
}

func (f *fakeSignals) lastStockouts(t *testing.T) catalog.StockoutQuery {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.stockouts) == 0 {
		t.Fatal("stockouts got no query")
	}
	return f.stockouts[len(f.stockouts)-1]
}

// fakeDeals checks product 1's variant v1 and records the days asked.
type fakeDeals struct {
	mu   sync.Mutex
	days []int
	at   []time.Time
	err  error
}

func (f *fakeDeals) CheckDeals(_ context.Context, id int64, at time.Time, days int) (map[string]DealCheck, error) {
	f.mu.Lock()
	f.days, f.at = append(f.days, days), append(f.at, at)
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	if id != 1 {
		return nil, fmt.Errorf("product %d: %w", id, catalog.ErrNotFound)
	}
	return map[string]DealCheck{"v1": {
		Lowest: usd(5495), LowestAt: testEpoch.AddDate(0, 0, -12), IsLowest: false, Observations: 30,
		RealDeal: false, Suspect: catalog.PatternFakeSale,
		Reason: "a fake sale: the compare-at claims 20% off, the price is 0% below the 30-day median of 59.95 USD",
		Median: usd(5995), BelowMedianBP: 0, ClaimedBP: 2000,
	}}, nil
}
