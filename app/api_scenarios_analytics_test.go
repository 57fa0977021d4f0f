package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The scenarios of the analytics routes: the discount patterns and the
// stock-out forecasts the harness rebuilt, and the verdicts of the product
// page, each filter held to the complete answer.

type scnListed struct {
	ProductID int64  `json:"product_id"`
	Shop      string `json:"shop"`
	Title     string `json:"title"`
	Brand     string `json:"brand"`
	Category  string `json:"category"`
	Variant   struct {
		ExternalID string `json:"external_id"`
	} `json:"variant"`
}

func (l scnListed) variantKey() string {
	return fmt.Sprintf("%d/%s", l.ProductID, l.Variant.ExternalID)
}

type scnPattern struct {
	scnListed
	Type            string    `json:"type"`
	From            time.Time `json:"from"`
	To              time.Time `json:"to"`
	ReferencePrice  *scnMoney `json:"reference_price"`
	LowPrice        *scnMoney `json:"low_price"`
	DiscountPercent float64   `json:"discount_percent"`
	Weekdays        []string  `json:"weekdays"`
}

func (p scnPattern) id() string {
	return fmt.Sprintf("%s %s %s", p.variantKey(), p.Type, p.From.Format(time.RFC3339))
}

type scnStockout struct {
	scnListed
	Price       *scnMoney `json:"price"`
	Probability float64   `json:"probability"`
	HorizonDays float64   `json:"horizon_days"`
	AsOf        time.Time `json:"as_of"`
}

// scnAnalyticsPage is a page of either route.
type scnAnalyticsPage[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
	Links      struct {
		Next *string `json:"next"`
	} `json:"links"`
}

// pageItems follows links.next from target to the last page and returns
// every item in order; key must be unique across pages.
func pageItems[T any](t *testing.T, a *scenarioAPI, target string, key func(T) string) []T {
	t.Helper()
	var all []T
	seen := map[string]bool{}
	for page := 0; target != ""; page++ {
		if page > 1000 {
			t.Fatalf("%s: more than 1000 pages", target)
		}
		var p scnAnalyticsPage[T]
		a.getJSON(t, target, &p)
		for _, it := range p.Items {
			if k := key(it); seen[k] {
				t.Fatalf("%s: %s came twice", target, k)
			} else {
				seen[k] = true
			}
		}
		all = append(all, p.Items...)
		if (p.NextCursor == nil) != (p.Links.Next == nil) {
			t.Fatalf("%s: next_cursor %v and links.next %v disagree", target, p.NextCursor, p.Links.Next)
		}
		target = ""
		if p.Links.Next != nil {
			if len(p.Items) == 0 {
				t.Fatalf("an empty page with a next link")
			}
			target = *p.Links.Next
		}
	}
	return all
}

// scenarioPatterns pages through every pattern of the seeded month, then
// holds each filter to the subset of them it names.
func scenarioPatterns(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	const base = "/api/v1/analytics/discount-patterns?limit=7&from=2025-05-01"
	all := pageItems(t, a, base, scnPattern.id)
	kinds := map[string]int{}
	for i, p := range all {
		kinds[p.Type]++
		prod, ok := m.products[p.ProductID]
		if !ok || prod.Shop != p.Shop || prod.Brand != p.Brand || prod.Category != p.Category || p.To.Before(p.From) {
			t.Fatalf("pattern %+v: not of a product of the catalog as it shows it", p)
		}
		if i > 0 && all[i-1].To.Before(p.To) {
			t.Errorf("pattern %s ends after the one before it: want the latest first", p.id())
		}
		if p.LowPrice == nil || p.ReferencePrice == nil || p.LowPrice.Currency != p.ReferencePrice.Currency ||
			(p.Type != "weekly") != (len(p.Weekdays) == 0) {
			t.Errorf("pattern %+v: prices or weekdays amiss", p)
		}
	}
	for _, k := range []string{"flash_sale", "clearance", "fake_sale", "weekly"} {
		if kinds[k] == 0 {
			t.Errorf("no %s among %d patterns (%v): the scenario tests less than it should", k, len(all), kinds)
		}
	}
	ans.add("discount patterns", strings.Join(ids(all, scnPattern.id), ","))
	shop, brand := m.shops[1], "Spitfire"
	mid := scenarioSeedEnd.AddDate(0, 0, -10)
	midEnd := mid.UTC().Truncate(24 * time.Hour).Add(24*time.Hour - time.Microsecond)
	cases := []struct {
		name, query string
		keep        func(scnPattern) bool
	}{
		{"one type", "type=clearance", func(p scnPattern) bool { return p.Type == "clearance" }},
		{"two types", "type=flash_sale&type=FAKE_SALE", func(p scnPattern) bool { return p.Type == "flash_sale" || p.Type == "fake_sale" }},
		{"shop", "shop=" + shop, func(p scnPattern) bool { return p.Shop == shop }},
		{"brand", "brand=" + brand, func(p scnPattern) bool { return p.Brand == brand }},
		{"category", "category=decks&category=shoes", func(p scnPattern) bool { return p.Category == "decks" || p.Category == "shoes" }},
		{"window", "to=" + mid.Format(time.DateOnly), func(p scnPattern) bool { return !p.From.After(midEnd) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := pageItems(t, a, base+"&"+tc.query, scnPattern.id)
			var want []scnPattern
			for _, p := range all {
				if tc.keep(p) {
					want = append(want, p)
				}
			}
			if len(want) == 0 {
				t.Fatalf("%s: no pattern to find; the scenario tests nothing", tc.query)
			}
			if g, w := ids(got, scnPattern.id), ids(want, scnPattern.id); !slices.Equal(g, w) {
				t.Errorf("%s: %d patterns, want %d\n got %.300v\nwant %.300v", tc.query, len(g), len(w), g, w)
			}
			ans.add("discount patterns "+tc.name, strings.Join(ids(got, scnPattern.id), ","))
		})
	}
	wantParamError(t, a, "/api/v1/analytics/discount-patterns?type=bogus", "type")
}

// scenarioStockouts pages through every forecast, checks each is of a
// variant in stock at the price the product page shows, likeliest first,
// then holds each filter to the subset it names.
func scenarioStockouts(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	const base = "/api/v1/analytics/stockouts?limit=9"
	key := func(s scnStockout) string { return s.variantKey() }
	all := pageItems(t, a, base, key)
	inStock := 0
	for _, p := range m.products {
		for _, v := range p.Variants {
			if v.InStock {
				inStock++
			}
		}
	}
	if len(all) == 0 || len(all) != inStock {
		t.Fatalf("%d forecasts, %d variants in stock", len(all), inStock)
	}
	probs := make([]float64, len(all))
	for i, s := range all {
		probs[i] = s.Probability
		prod := m.products[s.ProductID]
		j := slices.IndexFunc(prod.Variants, func(v scnVariant) bool { return v.ExternalID == s.Variant.ExternalID })
		if j < 0 || !prod.Variants[j].InStock || fmt.Sprint(prod.Variants[j].Price) != fmt.Sprint(s.Price) {
			t.Errorf("forecast %+v: not of a variant in stock at its price", s)
		}
		if s.HorizonDays != 7 || !s.AsOf.Equal(scenarioStockOut) || s.Probability < 0 || s.Probability > 1 {
			t.Errorf("forecast %+v: want a probability over 7 days as of the last observation", s)
		}
		if i > 0 && all[i-1].Probability < s.Probability {
			t.Errorf("forecast %s (%v) after one less likely", key(s), s.Probability)
		}
	}
	ans.add("stockouts", strings.Join(ids(all, key), ","))
	median := slices.Sorted(slices.Values(probs))[len(probs)/2]
	cases := []struct {
		name, query string
		keep        func(scnStockout) bool
	}{
		{"min probability", fmt.Sprintf("min_probability=%.4f", median), func(s scnStockout) bool { return s.Probability >= median }},
		{"shop", "shop=" + m.shops[0], func(s scnStockout) bool { return s.Shop == m.shops[0] }},
		{"category and brand", "category=wheels&brand=Spitfire", func(s scnStockout) bool { return s.Category == "wheels" && s.Brand == "Spitfire" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := pageItems(t, a, base+"&"+tc.query, key)
			var want []scnStockout
			for _, s := range all {
				if tc.keep(s) {
					want = append(want, s)
				}
			}
			if len(want) == 0 {
				t.Fatalf("%s: nothing to find", tc.query)
			}
			// Displayed probabilities are rounded; the filter reads the
			// stored ones, so a forecast at the bound may go either way.
			g, w := ids(got, key), ids(want, key)
			if tc.name == "min probability" {
				w = ids(slices.DeleteFunc(slices.Clone(want), func(s scnStockout) bool { return s.Probability == median }), key)
				g = ids(slices.DeleteFunc(slices.Clone(got), func(s scnStockout) bool { return s.Probability == median }), key)
			}
			if !slices.Equal(g, w) {
				t.Errorf("%s: %d forecasts, want %d", tc.query, len(g), len(w))
			}
			ans.add("stockouts "+tc.name, strings.Join(ids(got, key), ","))
		})
	}
	wantParamError(t, a, "/api/v1/analytics/stockouts?min_probability=2", "min_probability")
}

// scenarioVerdicts holds the product page's verdicts to the prices it
// shows: every observed variant has one; the lowest price of N days is no
// higher than the price now, and lower over more days.
func scenarioVerdicts(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	real, suspect := 0, 0
	for _, id := range m.order {
		for _, v := range m.products[id].Variants {
			if !v.Observed {
				continue
			}
			if v.Lowest == nil || v.Verdict == nil || v.Lowest.Days != 30 || v.Lowest.Price == nil || v.Verdict.Reason == "" {
				t.Fatalf("product %d variant %s: lowest %+v, verdict %+v", id, v.ExternalID, v.Lowest, v.Verdict)
			}
			if lp := v.Lowest.Price; lp.Currency == v.Price.Currency && (lp.Minor > v.Price.Minor || v.Lowest.IsLowest != (lp.Minor == v.Price.Minor)) {
				t.Errorf("product %d variant %s: lowest %+v against the price %+v", id, v.ExternalID, v.Lowest, v.Price)
			}
			if v.Verdict.RealDeal && (v.Verdict.Suspect != nil || v.Verdict.BelowMedianPercent < 10) {
				t.Errorf("product %d variant %s: a real deal %+v", id, v.ExternalID, v.Verdict)
			}
			real += b2i(v.Verdict.RealDeal)
			suspect += b2i(v.Verdict.Suspect != nil)
		}
	}
	if real == 0 {
		t.Errorf("no variant is a real deal (%d suspect): the verdicts say nothing", suspect)
	}
	// Over fewer days the lowest price is no lower.
	picks := m.where(func(p scnProduct) bool { return p.DiscountBP > 0 })
	for _, p := range picks[:min(5, len(picks))] {
		var week scnProduct
		ans.add(fmt.Sprintf("product %s days=7", p.key()), canonical(t, a.getJSON(t, fmt.Sprintf("/api/v1/products/%d?days=7", p.ID), &week)))
		for i, v := range week.Variants {
			month := p.Variants[i].Lowest
			if v.Lowest == nil || month == nil {
				continue
			}
			if v.Lowest.Days != 7 || (v.Lowest.Price.Currency == month.Price.Currency && v.Lowest.Price.Minor < month.Price.Minor) {
				t.Errorf("product %d variant %s: lowest in 7 days %+v below the lowest in 30 %+v", p.ID, v.ExternalID, v.Lowest, month)
			}
		}
	}
	wantParamError(t, a, fmt.Sprintf("/api/v1/products/%d?days=400", m.order[0]), "days")
}

func ids[T any](items []T, key func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

// wantParamError checks target answers 400 naming param.
func wantParamError(t *testing.T, a *scenarioAPI, target, param string) {
	t.Helper()
	rec := a.get(t, target)
	var p scnProblem
	if rec.Code != 400 || json.Unmarshal(rec.Body.Bytes(), &p) != nil || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != param {
		t.Errorf("GET %s = %d %.300s, want a 400 naming %s", target, rec.Code, rec.Body, param)
	}
}
