package api

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

func signalsServer(t *testing.T) (*Server, *fakeSignals) {
	t.Helper()
	f := &fakeSignals{}
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.Patterns, d.Stockouts = f, f })
	return s, f
}

func TestDiscountPatternsQuery(t *testing.T) {
	s, f := signalsServer(t)
	endOf := func(d time.Time) time.Time { return d.Add(24*time.Hour - time.Microsecond) }
	tests := []struct {
		query string
		want  catalog.PatternQuery
	}{
		// The 30 days up to today (testEpoch is 2025-06-15), every type.
		{"", catalog.PatternQuery{From: day(2025, 5, 17), To: endOf(day(2025, 6, 15)), Limit: 24}},
		{"type=Clearance&type=flash_sale&type=clearance&shop=north-skate&brand=indy&category=trucks&from=2025-06-01&to=2025-06-02&limit=3",
			catalog.PatternQuery{Kinds: []catalog.PatternKind{catalog.PatternClearance, catalog.PatternFlashSale},
				Shops: []string{"north-skate"}, Brands: []string{"Independent"}, Categories: []catalog.Category{catalog.CategoryTrucks},
				From: day(2025, 6, 1), To: endOf(day(2025, 6, 2)), Limit: 3}},
		{"type=price_error&cursor=p1", catalog.PatternQuery{Kinds: []catalog.PatternKind{catalog.PatternPriceError},
			From: day(2025, 5, 17), To: endOf(day(2025, 6, 15)), Limit: 24, After: "p1"}},
		{"type=Seasonal", catalog.PatternQuery{Kinds: []catalog.PatternKind{catalog.PatternSeasonal},
			From: day(2025, 5, 17), To: endOf(day(2025, 6, 15)), Limit: 24}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if rec := get(t, s, "/api/v1/analytics/discount-patterns?"+tt.query); rec.Code != http.StatusOK {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			got := f.lastPatterns(t)
			got.Brands, got.Categories, got.Shops, got.Kinds = nilIfEmpty(got.Brands), nilIfEmpty(got.Categories), nilIfEmpty(got.Shops), nilIfEmpty(got.Kinds)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("query = %+v\nwant %+v", got, tt.want)
			}
		})
	}
	for query, names := range map[string][]string{
		"type=doorbuster":                     {"type"},
		"type=":                               {"type"},
		"limit=0":                             {"limit"},
		"limit=101":                           {"limit"},
		"from=2025-06-10&to=2025-06-01":       {"from"},
		"from=yesterday":                      {"from"},
		"shop=Not+A+Slug&category=boards":     {"shop", "category"},
		"min_probability=0.5":                 {"min_probability"},
		"cursor=" + strings.Repeat("x", 3000): {"cursor"},
		"cursor=p9":                           {"cursor"}, // refused by the store
	} {
		t.Run(query, func(t *testing.T) {
			wantInvalid(t, get(t, s, "/api/v1/analytics/discount-patterns?"+query), names...)
		})
	}
}

func TestDiscountPatternsResponse(t *testing.T) {
	s, _ := signalsServer(t)
	rec := get(t, s, "/api/v1/analytics/discount-patterns?type=weekly&type=price_error&limit=1")
	page := decodeJSON[discountPatternPageJSON](t, rec)
	if len(page.Items) != 1 || page.NextCursor == nil || *page.NextCursor != "p1" {
		t.Fatalf("page = %+v", page)
	}
	if want := "/api/v1/analytics/discount-patterns?cursor=p1&limit=1&type=price_error&type=weekly"; page.Links.Next == nil || *page.Links.Next != want {
		t.Errorf("links.next = %v, want %s", page.Links.Next, want)
	}
	w := page.Items[0]
	if w.Type != "weekly" || w.ProductID != 1 || w.Shop != "skate-warehouse" || w.Variant.ExternalID != "v1" ||
		w.Variant.Attributes.TruckSize != "149" || w.ReferencePrice.Amount != "69.95" || w.LowPrice.Minor != 5995 ||
		w.DiscountPercent != 14.3 || !reflect.DeepEqual(w.Weekdays, []string{"saturday", "sunday"}) ||
		!w.To.Equal(testEpoch.AddDate(0, 0, -1)) || !w.DetectedAt.Equal(testEpoch) || w.Evidence == "" {
		t.Errorf("weekly pattern = %+v", w)
	}
	last := decodeJSON[discountPatternPageJSON](t, get(t, s, *page.Links.Next))
	if len(last.Items) != 1 || last.NextCursor != nil || last.Links.Next != nil || last.Items[0].Type != "price_error" ||
		last.Items[0].Weekdays == nil || len(last.Items[0].Weekdays) != 0 {
		t.Errorf("last page = %+v, want the price error with no weekdays and no next link", last)
	}
	if body := get(t, s, *page.Links.Next).Body.String(); !strings.Contains(body, `"weekdays":[]`) {
		t.Errorf("body %s: want weekdays [] for a pattern that does not recur", body)
	}
}

func TestStockoutsQuery(t *testing.T) {
	s, f := signalsServer(t)
	for query, want := range map[string]catalog.StockoutQuery{
		"": {Limit: 24},
		"min_probability=0.25&shop=north-skate&category=shoes&brand=Vans&limit=5": {MinProbability: 0.25,
			Shops: []string{"north-skate"}, Categories: []catalog.Category{catalog.CategoryShoes}, Brands: []string{"Vans"}, Limit: 5},
		"min_probability=1":      {MinProbability: 1, Limit: 24},
		"min_probability=0.0001": {MinProbability: 0.0001, Limit: 24},
	} {
		t.Run(query, func(t *testing.T) {
			if rec := get(t, s, "/api/v1/analytics/stockouts?"+query); rec.Code != http.StatusOK {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			got := f.lastStockouts(t)
			got.Brands, got.Categories, got.Shops = nilIfEmpty(got.Brands), nilIfEmpty(got.Categories), nilIfEmpty(got.Shops)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("query = %+v\nwant %+v", got, want)
			}
		})
	}
	for _, bad := range []string{"1.5", "-0.1", "abc", "0.12345", "1e-1", "NaN", ".5", "0.5.1"} {
		wantInvalid(t, get(t, s, "/api/v1/analytics/stockouts?min_probability="+bad), "min_probability")
	}
	wantInvalid(t, get(t, s, "/api/v1/analytics/stockouts?type=weekly&limit=x"), "type", "limit")
	wantInvalid(t, get(t, s, "/api/v1/analytics/stockouts?cursor=p9"), "cursor")
}

func TestStockoutsResponse(t *testing.T) {
	s, _ := signalsServer(t)
	page := decodeJSON[stockoutPageJSON](t, get(t, s, "/api/v1/analytics/stockouts?limit=1"))
	if len(page.Items) != 1 || page.NextCursor == nil || page.Links.Next == nil || *page.Links.Next != "/api/v1/analytics/stockouts?cursor=p1&limit=1" {
		t.Fatalf("page = %+v", page)
	}
	it := page.Items[0]
	if it.Probability != 0.8123 || it.HorizonDays != 7 || it.Price == nil || it.Price.Minor != 5995 || it.Title == "" ||
		!it.AsOf.Equal(testEpoch.Add(-time.Hour)) || !it.ModelTrainedAt.Equal(testEpoch.Add(-2*time.Hour)) {
		t.Errorf("forecast = %+v", it)
	}
	last := decodeJSON[stockoutPageJSON](t, get(t, s, *page.Links.Next))
	if len(last.Items) != 1 || last.Items[0].Price != nil || last.NextCursor != nil {
		t.Errorf("last page = %+v, want the unpriced variant and no next cursor", last)
	}
}

func TestSignalsUnavailableAndFailing(t *testing.T) {
	s, _, _ := testServer(t, nil)
	for _, path := range []string{"/api/v1/analytics/discount-patterns", "/api/v1/analytics/stockouts"} {
		decodeProblem(t, get(t, s, path), http.StatusServiceUnavailable)
	}
	s, f := signalsServer(t)
	f.err = errBoom
	for _, path := range []string{"/api/v1/analytics/discount-patterns", "/api/v1/analytics/stockouts"} {
		p := decodeProblem(t, get(t, s, path), http.StatusInternalServerError)
		if strings.Contains(p.Detail, "secret-host") {
			t.Errorf("%s: the store's error leaked: %q", path, p.Detail)
		}
	}
	// An invalid query the store refuses without a cursor is a 400 too.
	f.err = fmt.Errorf("discount patterns: %w limit: too big", catalog.ErrInvalid)
	decodeProblem(t, get(t, s, "/api/v1/analytics/discount-patterns"), http.StatusBadRequest)
}

func TestProductDealChecks(t *testing.T) {
	deals := &fakeDeals{}
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.Deals = deals })
	p := decodeJSON[productJSON](t, get(t, s, "/api/v1/products/1"))
	v := p.Variants[0]
	if v.Lowest == nil || v.Lowest.Days != 30 || v.Lowest.Price.Minor != 5495 || v.Lowest.IsLowest || v.Lowest.Observations != 30 ||
		!v.Lowest.At.Equal(testEpoch.AddDate(0, 0, -12)) {
		t.Errorf("lowest = %+v", v.Lowest)
	}
	if v.Verdict == nil || v.Verdict.RealDeal || v.Verdict.Suspect == nil || *v.Verdict.Suspect != "fake_sale" ||
		!strings.HasPrefix(v.Verdict.Reason, "a fake sale") || v.Verdict.MedianPrice.Minor != 5995 || v.Verdict.ClaimedDiscountPercent != 20 {
		t.Errorf("verdict = %+v", v.Verdict)
	}
	if u := p.Variants[1]; u.Lowest != nil || u.Verdict != nil {
		t.Errorf("a variant never observed has lowest %+v and verdict %+v, want null", u.Lowest, u.Verdict)
	}
	get(t, s, "/api/v1/products/1?days=90")
	if deals.days[len(deals.days)-1] != 90 || !deals.at[len(deals.at)-1].Equal(testEpoch) {
		t.Errorf("checked %v days at %v, want 90 at the API's clock", deals.days, deals.at)
	}
	if p := decodeJSON[productJSON](t, get(t, s, "/api/v1/products/1?days=90")); p.Variants[0].Lowest.Days != 90 {
		t.Errorf("lowest = %+v, want it over 90 days", p.Variants[0].Lowest)
	}
	for _, bad := range []string{"0", "366", "x", "7.5", "-1"} {
		wantInvalid(t, get(t, s, "/api/v1/products/1?days="+bad), "days")
	}
	wantInvalid(t, get(t, s, "/api/v1/products/1?days=7&day=7"), "day")

	deals.err = errors.Join(errBoom)
	decodeProblem(t, get(t, s, "/api/v1/products/1?days=8"), http.StatusInternalServerError)
	deals.err = fmt.Errorf("history: %w", catalog.ErrNotFound)
	decodeProblem(t, get(t, s, "/api/v1/products/1?days=9"), http.StatusNotFound)

	// Without a checker the product page still answers, without verdicts.
	plain, _, _ := testServer(t, nil)
	if rec := get(t, plain, "/api/v1/products/1?days=7"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"lowest":null,"verdict":null`) {
		t.Errorf("no checker: %d %.300s", rec.Code, rec.Body)
	}
}
