package api

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

func analyticsServer(t *testing.T, edit func(*Config, *Deps)) (*Server, *fakeTrends) {
	t.Helper()
	tr := &fakeTrends{}
	s, _, _ := testServer(t, func(c *Config, d *Deps) {
		d.Trends = tr
		if edit != nil {
			edit(c, d)
		}
	})
	return s, tr
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestTrendsResponse(t *testing.T) {
	s, tr := analyticsServer(t, nil)
	got := decodeJSON[trendsJSON](t, get(t, s, "/api/v1/analytics/trends"))
	// The 30 days up to today (testEpoch is 2025-06-15).
	if q := tr.lastTrends(t); q.GroupBy != catalog.TrendAll || !q.From.Equal(day(2025, 5, 17)) || !q.To.Equal(day(2025, 6, 15)) || q.Currency != "" {
		t.Errorf("query = %+v, want all of 2025-05-17..2025-06-15 in the busiest currency", q)
	}
	if got.GroupBy != "all" || got.From != "2025-05-17" || got.To != "2025-06-15" || got.Currency == nil || *got.Currency != "USD" ||
		len(got.Series) != 1 || got.Series[0].Key != "Independent" || len(got.Series[0].Points) != 2 {
		t.Fatalf("trends = %+v", got)
	}
	p := got.Series[0].Points[0]
	if p.Day != "2025-06-14" || p.Variants != 2 || p.MeanPrice.Minor != 5996 || p.MeanPrice.Amount != "59.96" ||
		p.MinPrice.Minor != 5995 || p.MaxPrice.Minor != 5996 || p.MeanCompareAt == nil || p.MeanCompareAt.Minor != 7494 ||
		p.MeanDiscountPercent != 10 || p.OnSaleShare != 0.5 || p.InStockShare != 0.5 {
		t.Errorf("first point = %+v", p)
	}
	p = got.Series[0].Points[1]
	if p.MeanPrice.Minor != 3333 || p.MeanCompareAt != nil || p.MeanDiscountPercent != 0 || p.InStockShare != 1 {
		t.Errorf("second point = %+v, want a rounded mean and no compare-at", p)
	}
	if body := get(t, s, "/api/v1/analytics/trends").Body.String(); !strings.Contains(body, `"mean_compare_at":null`) {
		t.Errorf("body %s: want mean_compare_at null where no variant publishes one", body)
	}
}

func TestTrendsQuery(t *testing.T) {
	s, tr := analyticsServer(t, nil)
	tests := []struct {
		query string
		want  catalog.TrendQuery
	}{
		{"group_by=brand&brand=indy&brand=Independent&category=wheels&from=2025-06-01&to=2025-06-10T23:00:00Z&currency=EUR",
			catalog.TrendQuery{GroupBy: catalog.TrendBrand, From: day(2025, 6, 1), To: day(2025, 6, 10), Currency: "EUR",
				Brands: []string{"Independent"}, Categories: []catalog.Category{catalog.CategoryWheels}}},
		{"group_by=shop&shop=north-skate&shop=brett-haus&to=2025-06-10",
			catalog.TrendQuery{GroupBy: catalog.TrendShop, From: day(2025, 5, 12), To: day(2025, 6, 10),
				Shops: []string{"brett-haus", "north-skate"}}},
		{"shop=north-skate&from=2025-06-15", // group_by all, to today
			catalog.TrendQuery{GroupBy: catalog.TrendAll, From: day(2025, 6, 15), To: day(2025, 6, 15), Shops: []string{"north-skate"}}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if rec := get(t, s, "/api/v1/analytics/trends?"+tt.query); rec.Code != http.StatusOK {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			got := tr.lastTrends(t)
			got.Brands, got.Categories, got.Shops = nilIfEmpty(got.Brands), nilIfEmpty(got.Categories), nilIfEmpty(got.Shops)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("query = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestTrendsInvalid(t *testing.T) {
	s, tr := analyticsServer(t, nil)
	tests := []struct{ query, param string }{
		{"group_by=tag", "group_by"},
		{"group_by=brand&group_by=shop", "group_by"},
		{"currency=usd", "currency"},
		{"currency=XYZ", "currency"},
		{"from=2025-06-10&to=2025-06-01", "from"},
		{"from=2025-06-16", "from"}, // after today
		{"from=2020-01-01", "from"}, // wider than HistoryMaxRange
		{"to=tomorrow", "to"},
		{"category=boards", "category"},
		{"shop=North+Skate", "shop"},
		{"group_by=brand&shop=north-skate", "shop"},
		{"brand=Baker&shop=north-skate", "shop"},
		{"group_by=shop&category=decks", "group_by"},
		{"limit=5", "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantInvalid(t, get(t, s, "/api/v1/analytics/trends?"+tt.query), tt.param)
		})
	}
	if len(tr.trends) != 0 {
		t.Errorf("the store got %d queries for refused requests", len(tr.trends))
	}
}

func TestTrendsStoreErrors(t *testing.T) {
	s, tr := analyticsServer(t, nil)
	tr.err = fmt.Errorf("trends: %w from: too early", catalog.ErrInvalid)
	decodeProblem(t, get(t, s, "/api/v1/analytics/trends"), http.StatusBadRequest)
	decodeProblem(t, get(t, s, "/api/v1/analytics/heatmap"), http.StatusBadRequest)
	tr.err = errBoom
	for _, path := range []string{"/api/v1/analytics/trends", "/api/v1/analytics/heatmap"} {
		rec := get(t, s, path)
		decodeProblem(t, rec, http.StatusInternalServerError)
		if strings.Contains(rec.Body.String(), "secret-host") {
			t.Errorf("%s leaks the store's error: %s", path, rec.Body)
		}
	}
}

func TestAnalyticsUnavailable(t *testing.T) {
	s, _, _ := testServer(t, nil)
	for _, path := range []string{"/api/v1/analytics/trends", "/api/v1/analytics/heatmap"} {
		decodeProblem(t, get(t, s, path), http.StatusServiceUnavailable)
	}
	// The rest of the API does not depend on analytics.
	if rec := get(t, s, "/api/v1/brands"); rec.Code != http.StatusOK {
		t.Errorf("brands = %d without analytics", rec.Code)
	}
}

func TestAnalyticsCached(t *testing.T) {
	c := newFakeCache()
	s, tr := analyticsServer(t, func(_ *Config, d *Deps) { d.Cache = c })
	for i, want := range []string{"MISS", "HIT"} {
		rec := get(t, s, "/api/v1/analytics/trends?group_by=brand&brand=Baker")
		if got := rec.Header().Get(headerXCache); got != want {
			t.Errorf("request %d: X-Cache %q, want %q", i, got, want)
		}
	}
	// The same query in another order is the same entry.
	get(t, s, "/api/v1/analytics/trends?brand=Baker&group_by=brand")
	if len(tr.trends) != 1 {
		t.Errorf("store got %d queries, want 1", len(tr.trends))
	}
}

func TestHeatmap(t *testing.T) {
	s, tr := analyticsServer(t, nil)
	got := decodeJSON[heatmapJSON](t, get(t, s, "/api/v1/analytics/heatmap"))
	if q := tr.heatmap[0]; q.By != catalog.HeatmapWeek || !q.From.Equal(day(2025, 5, 17)) || !q.To.Equal(day(2025, 6, 15)) {
		t.Errorf("query = %+v, want weeks of the last 30 days", q)
	}
	values := func(v [][]*float64) string {
		var rows []string
		for _, r := range v {
			var cells []string
			for _, x := range r {
				if x == nil {
					cells = append(cells, "null")
				} else {
					cells = append(cells, fmt.Sprint(*x))
				}
			}
			rows = append(rows, strings.Join(cells, " "))
		}
		return strings.Join(rows, "|")
	}
	if got.By != "week" || got.From != "2025-05-17" || !reflect.DeepEqual(got.Rows, []string{"Baker", "Spitfire"}) ||
		values(got.Values) != "13.33 null|0 12.5" || !reflect.DeepEqual(got.Counts, [][]int64{{3, 0}, {7, 2}}) {
		t.Errorf("heatmap = %+v, values %s", got, values(got.Values))
	}
	get(t, s, "/api/v1/analytics/heatmap?by=category&from=2025-06-01&to=2025-06-07")
	if q := tr.heatmap[1]; q.By != catalog.HeatmapCategory || !q.From.Equal(day(2025, 6, 1)) || !q.To.Equal(day(2025, 6, 7)) {
		t.Errorf("query = %+v", q)
	}
	wantInvalid(t, get(t, s, "/api/v1/analytics/heatmap?by=month"), "by")
	wantInvalid(t, get(t, s, "/api/v1/analytics/heatmap?brand=Baker"), "brand")
	wantInvalid(t, get(t, s, "/api/v1/analytics/heatmap?from=2025-07-01"), "from")
}
