package app

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestAPIScenarios runs the API's scenario table over a seeded SQLite file
// and a seeded Postgres database, every response validated against the
// served OpenAPI description, then compares the two databases' answers.
// Every filter is checked against a model of the whole catalog the test
// reads through the API itself (every product's detail), so a filter that
// drops or adds a product fails, not only one that returns a wrong one.
func TestAPIScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds two databases; skipped with -short")
	}
	got := map[string]answers{}
	for _, kind := range []string{kindSQLite, kindPostgres} {
		t.Run(kind, func(t *testing.T) {
			got[kind] = runAPIScenarios(t, newScenarioAPI(t, kind))
		})
	}
	t.Run("same answers", func(t *testing.T) {
		lite, pg := got[kindSQLite], got[kindPostgres]
		if lite == nil || pg == nil {
			t.Skip("needs both databases' answers")
		}
		names := slices.Sorted(maps.Keys(lite))
		if pgNames := slices.Sorted(maps.Keys(pg)); !slices.Equal(names, pgNames) {
			t.Fatalf("the databases ran different scenarios:\nsqlite   %v\npostgres %v", names, pgNames)
		}
		for _, name := range names {
			if lite[name] != pg[name] {
				t.Errorf("%s: sqlite and postgres answer differently:\nsqlite   %.1500s\npostgres %.1500s", name, lite[name], pg[name])
			}
		}
		t.Logf("%d scenario answers identical on sqlite and postgres", len(names))
	})
}

// scnCatalog is the whole catalog as the API shows it: every product's
// detail, by id, in the order of the default listing.
type scnCatalog struct {
	order    []int64
	products map[int64]scnProduct
	stats    scnStats
	shops    []string
}

func (m *scnCatalog) where(keep func(scnProduct) bool) []scnProduct {
	var out []scnProduct
	for _, id := range m.order {
		if p := m.products[id]; keep(p) {
			out = append(out, p)
		}
	}
	return out
}

func runAPIScenarios(t *testing.T, a *scenarioAPI) answers {
	ans := answers{}
	m := scenarioCatalog(t, a, ans)
	t.Run("filters", func(t *testing.T) { scenarioFilters(t, a, m, ans) })
	t.Run("sorts", func(t *testing.T) { scenarioSorts(t, a, m, ans) })
	t.Run("deals", func(t *testing.T) { scenarioDeals(t, a, m, ans) })
	t.Run("facets", func(t *testing.T) { scenarioFacets(t, a, m, ans) })
	t.Run("history", func(t *testing.T) { scenarioHistory(t, a, m, ans) })
	t.Run("discount patterns", func(t *testing.T) { scenarioPatterns(t, a, m, ans) })
	t.Run("stockouts", func(t *testing.T) { scenarioStockouts(t, a, m, ans) })
	t.Run("deal verdicts", func(t *testing.T) { scenarioVerdicts(t, a, m, ans) })
	t.Run("errors", func(t *testing.T) { scenarioErrors(t, a, m, ans) })
	return ans
}

// scenarioCatalog reads the stats, pages through every product seven at a
// time, and reads each one's detail, checking that the detail agrees with
// the listing's summary.
func scenarioCatalog(t *testing.T, a *scenarioAPI, ans answers) *scnCatalog {
	m := &scnCatalog{products: map[int64]scnProduct{}}
	ans.add("stats", canonical(t, a.getJSON(t, "/api/v1/stats", &m.stats)))
	if m.stats.Products < 100 {
		t.Fatalf("stats: %d products, the seed should give %d", m.stats.Products, scenarioSeed().Products)
	}
	var shops scnShops
	ans.add("shops", canonical(t, a.getJSON(t, "/api/v1/shops", &shops)))
	for _, s := range shops.Items {
		m.shops = append(m.shops, s.Slug)
	}

	all := a.pageAll(t, "/api/v1/products?limit=7")
	if int64(len(all)) != m.stats.Products {
		t.Fatalf("paging by 7 gave %d products, /stats says %d", len(all), m.stats.Products)
	}
	ans.add("paging limit=7", strings.Join(keysOf(all), ","))
	var variants int64
	for _, s := range all {
		var p scnProduct
		body := a.getJSON(t, fmt.Sprintf("/api/v1/products/%d", s.ID), &p)
		ans.add("product "+s.key(), canonical(t, body))
		checkDetail(t, s, p)
		m.order = append(m.order, s.ID)
		m.products[s.ID] = p
		variants += int64(len(p.Variants))
	}
	if variants != m.stats.Variants {
		t.Errorf("products hold %d variants, /stats says %d", variants, m.stats.Variants)
	}
	return m
}

// checkDetail holds a product's detail to its summary: the summary's price
// is the cheapest purchasable variant's (else the cheapest variant's), its
// discount the largest, in_stock any variant's; its own offer is listed.
func checkDetail(t *testing.T, s scnSummary, p scnProduct) {
	t.Helper()
	if p.ID != s.ID || p.Title != s.Title || p.Brand != s.Brand || p.DiscountBP != s.DiscountBP {
		t.Errorf("product %d: detail %+v disagrees with its summary %+v", s.ID, p.scnSummary, s)
	}
	var cheapest, cheapestInStock *scnMoney
	inStock, maxBP := false, 0
	for _, v := range p.Variants {
		if !v.Observed {
			if v.Price != nil || v.InStock {
				t.Errorf("product %d variant %s: never observed yet priced or in stock", s.ID, v.ExternalID)
			}
			continue
		}
		if cheapest == nil || v.Price.Minor < cheapest.Minor {
			cheapest = v.Price
		}
		if v.InStock && (cheapestInStock == nil || v.Price.Minor < cheapestInStock.Minor) {
			cheapestInStock = v.Price
		}
		inStock = inStock || v.InStock
		maxBP = max(maxBP, v.DiscountBP)
	}
	want := cmp.Or(cheapestInStock, cheapest)
	if (want == nil) != (s.Price == nil) || (want != nil && *want != *s.Price) {
		t.Errorf("product %d: summary price %v, its variants make it %v", s.ID, s.Price, want)
	}
	if inStock != s.InStock || maxBP != s.DiscountBP {
		t.Errorf("product %d: summary in_stock %v discount %d, variants say %v %d", s.ID, s.InStock, s.DiscountBP, inStock, maxBP)
	}
	if !slices.ContainsFunc(p.Offers, func(o scnOffer) bool { return o.ProductID == s.ID && o.Match == "self" }) {
		t.Errorf("product %d: offers %+v lack its own (match self)", s.ID, p.Offers)
	}
}

// hasVariant reports whether p has a variant for which ok holds.
func hasVariant(p scnProduct, ok func(scnVariant) bool) bool {
	return slices.ContainsFunc(p.Variants, ok)
}

func deck(hundredths int) func(scnVariant) bool {
	return func(v scnVariant) bool { return v.Attributes.DeckWidthHundredths == hundredths }
}

func inStockToo(size func(scnVariant) bool) func(scnVariant) bool {
	return func(v scnVariant) bool { return size(v) && v.InStock }
}

func priceIn(lo, hi int64) func(scnProduct) bool {
	return func(p scnProduct) bool { return p.Price != nil && p.Price.Minor >= lo && p.Price.Minor <= hi }
}

// scenarioFilters runs each filter and holds its complete answer (every
// page) to the model: exactly the products the predicate keeps, in the
// default order. Spellings of one query must answer alike.
func scenarioFilters(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	shop := m.shops[0]
	// A shop selling a discounted deck in stock, and a price ceiling above
	// it, so that every filter at once still finds something.
	mixed := m.where(func(p scnProduct) bool { return p.Category == "decks" && p.InStock && p.DiscountBP >= 500 })
	if len(mixed) == 0 {
		t.Fatal("the seeded catalog has no discounted deck in stock")
	}
	mixShop, mixMax := mixed[0].Shop, mixed[0].Price.Minor/100+10
	wheel54 := func(v scnVariant) bool { return v.Attributes.WheelDiameterMM == 54 }
	shoe95 := func(v scnVariant) bool {
		return v.Attributes.ShoeSizeUS == "9.5" || v.Attributes.DeckWidthHundredths == 950
	}
	cases := []struct {
		name, query string
		keep        func(scnProduct) bool
		sameAs      string // a query that must give the same answer
	}{
		{"brand and discount", "brand=Independent&discount_min=20",
			func(p scnProduct) bool { return p.Brand == "Independent" && p.DiscountBP >= 2000 }, ""},
		{"brand spelling", "brand=INDY", func(p scnProduct) bool { return p.Brand == "Independent" }, "brand=Independent"},
		{"brands or", "brand=Spitfire&brand=Bones",
			func(p scnProduct) bool { return p.Brand == "Spitfire" || p.Brand == "Bones" }, "brand=bones&brand=spitfire"},
		{"discount", "discount_min=12.5", func(p scnProduct) bool { return p.DiscountBP >= 1250 }, ""},
		{"text", "q=baker+deck", func(p scnProduct) bool { return matchesText(p.scnSummary, "baker deck") }, ""},
		{"text case accents order", "q=" + url.QueryEscape("DÉCK   bäkér"),
			func(p scnProduct) bool { return matchesText(p.scnSummary, "baker deck") }, "q=baker+deck"},
		{"text prefix", "q=spit+whe", func(p scnProduct) bool { return matchesText(p.scnSummary, "spit whe") }, ""},
		{"deck width", "size=8.25", func(p scnProduct) bool { return hasVariant(p, deck(825)) }, ""},
		{"deck width in stock", "size=8.25&in_stock=true", func(p scnProduct) bool { return hasVariant(p, inStockToo(deck(825))) }, ""},
		{"wheel mm", "size=54mm", func(p scnProduct) bool { return hasVariant(p, wheel54) }, "size=54"},
		{"shoe or deck 9.5", "size=9.5", func(p scnProduct) bool { return hasVariant(p, shoe95) }, ""},
		{"in stock", "in_stock=true", func(p scnProduct) bool { return p.InStock }, ""},
		{"in stock false filters nothing", "in_stock=false", func(scnProduct) bool { return true }, ""},
		{"price range", "price_min=20&price_max=60.5", priceIn(2000, 6050), ""},
		{"price min only", "price_min=100", priceIn(10000, 1<<62), ""},
		{"category", "category=wheels", func(p scnProduct) bool { return p.Category == "wheels" }, "category=WHEELS"},
		{"categories or", "category=decks&category=trucks",
			func(p scnProduct) bool { return p.Category == "decks" || p.Category == "trucks" }, ""},
		{"shop", "shop=" + shop, func(p scnProduct) bool { return p.Shop == shop }, ""},
		{"everything at once", fmt.Sprintf("category=decks&in_stock=true&price_max=%d&discount_min=5&shop=%s", mixMax, mixShop),
			func(p scnProduct) bool {
				return p.Category == "decks" && p.InStock && priceIn(0, mixMax*100)(p) && p.DiscountBP >= 500 && p.Shop == mixShop
			}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := keysOf(a.pageAll(t, "/api/v1/products?limit=50&"+tc.query))
			var want []string
			for _, p := range m.where(tc.keep) {
				want = append(want, p.key())
			}
			if len(want) == 0 {
				t.Fatalf("%s: the seeded catalog has no such product; the scenario tests nothing", tc.query)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %d products, want %d\n got %v\nwant %v", tc.query, len(got), len(want), got, want)
			}
			if tc.sameAs != "" {
				if other := keysOf(a.pageAll(t, "/api/v1/products?limit=50&"+tc.sameAs)); !slices.Equal(other, got) {
					t.Errorf("%s and %s answer differently: %v vs %v", tc.query, tc.sameAs, got, other)
				}
			}
			t.Logf("%s: %d of %d products", tc.query, len(got), len(m.order))
			ans.add("filter "+tc.name, strings.Join(got, ","))
		})
	}
}

// scenarioSorts pages through the whole catalog in every sort, both
// directions, and checks the order: the sort value, then the id, in the
// direction asked, with never-priced products last.
func scenarioSorts(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	for _, field := range []string{"price", "discount", "updated", "title"} {
		for _, desc := range []bool{false, true} {
			sort := field
			if desc {
				sort = "-" + field
			}
			t.Run(sort, func(t *testing.T) {
				items := a.pageAll(t, "/api/v1/products?limit=7&sort="+sort)
				if len(items) != len(m.order) {
					t.Fatalf("sort=%s listed %d products, the catalog holds %d", sort, len(items), len(m.order))
				}
				for i := 1; i < len(items); i++ {
					if !inOrder(field, desc, items[i-1], items[i]) {
						t.Fatalf("sort=%s: %s before %s is out of order", sort, describe(field, items[i-1]), describe(field, items[i]))
					}
				}
				ans.add("sort "+sort, strings.Join(keysOf(items), ","))
			})
		}
	}
}

// inOrder reports whether x may come right before y in sort field: by
// the sort value, then the id, both in the direction asked; never-priced
// products have no sort value (but for title) and come last in both
// directions, by id.
func inOrder(field string, desc bool, x, y scnSummary) bool {
	var c int
	switch xp, yp := x.Price != nil, y.Price != nil; {
	case field != "title" && xp != yp:
		return xp
	case field == "price" && xp:
		c = cmp.Compare(x.Price.Minor, y.Price.Minor)
	case field == "discount" && xp:
		c = cmp.Compare(x.DiscountBP, y.DiscountBP)
	case field == "updated" && xp:
		c = x.PriceUpdatedAt.Compare(*y.PriceUpdatedAt)
	case field == "title":
		c = strings.Compare(strings.Join(searchWords(x.Title+" "+x.Brand), " "), strings.Join(searchWords(y.Title+" "+y.Brand), " "))
	}
	c = cmp.Or(c, cmp.Compare(x.ID, y.ID))
	return (desc && c > 0) || (!desc && c < 0)
}

func describe(field string, p scnSummary) string {
	switch field {
	case "price":
		return fmt.Sprintf("%d (price %v)", p.ID, p.Price)
	case "discount":
		return fmt.Sprintf("%d (%d bp)", p.ID, p.DiscountBP)
	case "updated":
		return fmt.Sprintf("%d (updated %v)", p.ID, p.PriceUpdatedAt)
	}
	return fmt.Sprintf("%d (%q)", p.ID, p.Title)
}

// scenarioDeals checks /deals: exactly the products with a real discount
// of at least discount_min, biggest first, each with its deal variant's
// prices.
func scenarioDeals(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	for _, query := range []string{"limit=9", "limit=9&discount_min=15", "limit=9&category=decks&category=wheels"} {
		items := a.pageAll(t, "/api/v1/deals?"+query)
		want := map[string]bool{}
		q, _ := url.ParseQuery(query)
		minBP := 1
		if s := q.Get("discount_min"); s != "" {
			pct, err := strconv.Atoi(s)
			if err != nil {
				t.Fatal(err)
			}
			minBP = pct * 100
		}
		for _, p := range m.where(func(p scnProduct) bool {
			return p.DiscountBP >= minBP && (len(q["category"]) == 0 || slices.Contains(q["category"], p.Category))
		}) {
			want[p.key()] = true
		}
		if len(items) != len(want) || len(want) == 0 {
			t.Errorf("/deals?%s: %d deals, want %d (and some)", query, len(items), len(want))
		}
		for i, it := range items {
			if !want[it.key()] {
				t.Errorf("/deals?%s: %s (%d bp) is not a deal of this query", query, it.key(), it.DiscountBP)
			}
			if it.Deal == nil || it.Deal.CompareAt == nil || it.Deal.Price == nil || it.Deal.CompareAt.Minor <= it.Deal.Price.Minor {
				t.Errorf("/deals?%s: %s has no real deal: %+v", query, it.key(), it.Deal)
			}
			if i > 0 && !inOrder("discount", true, items[i-1], it) {
				t.Errorf("/deals?%s: %s before %s, want biggest discount first", query, describe("discount", items[i-1]), describe("discount", it))
			}
		}
		ans.add("deals "+query, strings.Join(keysOf(items), ","))
	}
}

// scenarioFacets checks /brands, /categories and /shops against the model
// and against /stats: every product is counted once per facet.
func scenarioFacets(t *testing.T, a *scenarioAPI, m *scnCatalog, ans answers) {
	for _, facet := range []string{"brands", "categories"} {
		var f scnFacets
		ans.add(facet, canonical(t, a.getJSON(t, "/api/v1/"+facet, &f)))
		var sum int64
		for _, it := range f.Items {
			ps := m.where(func(p scnProduct) bool {
				return (facet == "brands" && p.Brand == it.Value) || (facet == "categories" && p.Category == it.Value)
			})
			inStock, onSale := 0, 0
			for _, p := range ps {
				inStock += b2i(p.InStock)
				onSale += b2i(p.DiscountBP > 0)
			}
			if it.Products != int64(len(ps)) || it.InStock != int64(inStock) || it.OnSale != int64(onSale) {
				t.Errorf("/%s %q: %d products, %d in stock, %d on sale; the catalog has %d, %d, %d",
					facet, it.Value, it.Products, it.InStock, it.OnSale, len(ps), inStock, onSale)
			}
			sum += it.Products
		}
		unbranded := int64(0)
		if facet == "brands" {
			unbranded = int64(len(m.where(func(p scnProduct) bool { return p.Brand == "" })))
		}
		if sum+unbranded != m.stats.Products {
			t.Errorf("/%s counts %d products (+%d without a brand), /stats says %d", facet, sum, unbranded, m.stats.Products)
		}
	}
	var shopSum int64
	for _, s := range m.stats.Shops {
		if n := int64(len(m.where(func(p scnProduct) bool { return p.Shop == s.Slug }))); n != s.Products {
			t.Errorf("/stats shop %s: %d products, the catalog has %d", s.Slug, s.Products, n)
		}
		shopSum += s.Products
	}
	if shopSum != m.stats.Products || len(m.stats.Shops) != scenarioSeed().Shops {
		t.Errorf("/stats: %d shops with %d products in all, want %d shops with %d", len(m.stats.Shops), shopSum, scenarioSeed().Shops, m.stats.Products)
	}
	if m.stats.ProductsObserved == 0 || m.stats.PriceChanges == 0 {
		t.Errorf("/stats: nothing observed or changed today (%+v); the seed's last day is today", m.stats)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
