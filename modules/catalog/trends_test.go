package catalog_test

import (
	"errors"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

func TestTrendPointMeans(t *testing.T) {
	tests := []struct {
		sum, n int64
		want   int64
	}{
		{10000, 3, 3333}, {11991, 2, 5996}, {5, 2, 3}, {4, 3, 1}, {0, 1, 0}, {7, 0, 0},
	}
	for _, tt := range tests {
		p := catalog.TrendPoint{Currency: "USD", Variants: tt.n, PriceSum: tt.sum}
		if got := p.MeanPrice(); got != (catalog.Money{Amount: tt.want, Currency: "USD"}) {
			t.Errorf("mean of %d over %d = %v, want %d (half up)", tt.sum, tt.n, got, tt.want)
		}
	}
	p := catalog.TrendPoint{Currency: "EUR", Variants: 4, DiscountSumBP: 2500, OnSale: 1, InStock: 3}
	if !p.MeanCompareAt().IsZero() || p.MeanDiscountPercent() != 6.25 || p.OnSaleShare() != 0.25 || p.InStockShare() != 0.75 {
		t.Errorf("point %+v: compare-at %v, discount %v, sale %v, stock %v", p, p.MeanCompareAt(),
			p.MeanDiscountPercent(), p.OnSaleShare(), p.InStockShare())
	}
	if _, ok := (catalog.HeatmapCell{}).MeanDiscountPercent(); ok {
		t.Error("an empty heatmap cell has a value")
	}
}

func TestISOWeekAndDays(t *testing.T) {
	for day, want := range map[string]string{
		"2024-12-30": "2025-W01", "2025-01-05": "2025-W01", "2021-01-03": "2020-W53", "2025-06-02": "2025-W23",
	} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := catalog.ISOWeek(d); got != want {
			t.Errorf("ISOWeek(%s) = %s, want %s", day, got, want)
		}
	}
	late := time.Date(2025, 6, 1, 23, 30, 0, 0, time.FixedZone("UTC-2", -2*3600)) // 01:30 UTC on the 2nd
	if got := catalog.Day(late); !got.Equal(time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("Day(%s) = %s, want the UTC day", late, got)
	}
	span := catalog.DaySpan{First: time.Date(2025, 5, 31, 0, 0, 0, 0, time.UTC), Last: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}
	if span.Days() != 31 || span.IsZero() || (catalog.DaySpan{}).Days() != 0 {
		t.Errorf("%+v: %d days", span, span.Days())
	}
}

func TestTrendQueryValidate(t *testing.T) {
	d0, d1 := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	valid := []catalog.TrendQuery{
		{GroupBy: catalog.TrendAll, From: d0, To: d0.Add(time.Hour)}, // one day, given as times
		{GroupBy: catalog.TrendBrand, From: d0, To: d1, Brands: []string{"Baker"}, Categories: []catalog.Category{catalog.CategoryDecks}},
		{GroupBy: catalog.TrendCategory, From: d0, To: d1, Brands: []string{"Baker"}},
		{GroupBy: catalog.TrendAll, From: d0, To: d1, Shops: []string{"north-skate"}, Currency: "EUR"},
		{GroupBy: catalog.TrendShop, From: d0, To: d1, Shops: []string{"north-skate"}},
	}
	for _, q := range valid {
		if err := q.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v", q, err)
		}
	}
	invalid := []catalog.TrendQuery{
		{GroupBy: "", From: d0, To: d1},
		{GroupBy: catalog.TrendAll, From: d1, To: d0},
		{GroupBy: catalog.TrendAll, From: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), To: d0},
		{GroupBy: catalog.TrendAll, From: d0, To: d1, Currency: "usd"},
		{GroupBy: catalog.TrendAll, From: d0, To: d1, Brands: []string{""}},
		{GroupBy: catalog.TrendAll, From: d0, To: d1, Categories: []catalog.Category{"boards"}},
		{GroupBy: catalog.TrendAll, From: d0, To: d1, Shops: []string{"North Skate"}},
		{GroupBy: catalog.TrendAll, From: d0, To: d1, Shops: []string{"a"}, Brands: []string{"Baker"}},
		{GroupBy: catalog.TrendShop, From: d0, To: d1, Categories: []catalog.Category{catalog.CategoryDecks}},
		{GroupBy: catalog.TrendCategory, From: d0, To: d1, Shops: []string{"a"}},
	}
	for _, q := range invalid {
		if err := q.Validate(); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("Validate(%+v) = %v, want ErrInvalid", q, err)
		}
	}
	if err := (catalog.HeatmapQuery{By: "day", From: d0, To: d1}).Validate(); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("heatmap by day: %v", err)
	}
}
