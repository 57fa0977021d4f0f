package storetest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The read side the API serves: Products (filters, sorts, keyset pages),
// Product, ProductHistory and the facet counts over the browse catalog
// (suite_browse_fixtures.go); shop statuses, stats and scrape runs in
// suite_browse_runs.go.
func testBrowse(t *testing.T, newSubject Factory) {
	b := seedBrowse(t, newSubject)
	t.Run("sorts and pages", func(t *testing.T) { testProductSorts(t, b) })
	t.Run("filters", func(t *testing.T) { testProductFilters(t, b) })
	t.Run("text search", func(t *testing.T) { testProductText(t, b) })
	t.Run("summaries", func(t *testing.T) { testProductSummaries(t, b) })
	t.Run("cursors", func(t *testing.T) { testProductCursors(t, b) })
	t.Run("invalid queries", func(t *testing.T) { testProductQueryErrors(t, b) })
	t.Run("product", func(t *testing.T) { testProduct(t, b) })
	t.Run("product history", func(t *testing.T) { testProductHistory(t, b) })
	t.Run("facets", func(t *testing.T) { testFacets(t, b) })
}

// sortOrders is every sort of the browse catalog, by external id: the
// priced products by value then id, the never-priced ones (never-deck,
// shop-tee) last in both directions, by id.
func sortOrders() map[catalog.ProductSort]string {
	price := catalog.ProductSort{Field: catalog.SortPrice}
	discount := catalog.ProductSort{Field: catalog.SortDiscount}
	updated := catalog.ProductSort{Field: catalog.SortUpdated}
	title := catalog.ProductSort{Field: catalog.SortTitle}
	desc := func(s catalog.ProductSort) catalog.ProductSort { s.Desc = true; return s }
	return map[catalog.ProductSort]string{
		price:          "mob-grip bones-reds w-54 spitfire-f4 indy-149 krux-k5 thunder-hi girl-deck baker-deck vans-sk8 never-deck shop-tee",
		desc(price):    "vans-sk8 baker-deck girl-deck thunder-hi krux-k5 indy-149 spitfire-f4 w-54 bones-reds mob-grip shop-tee never-deck",
		discount:       "baker-deck indy-149 bones-reds mob-grip girl-deck krux-k5 thunder-hi vans-sk8 spitfire-f4 w-54 never-deck shop-tee",
		desc(discount): "w-54 spitfire-f4 vans-sk8 thunder-hi krux-k5 girl-deck mob-grip bones-reds indy-149 baker-deck shop-tee never-deck",
		updated:        "spitfire-f4 baker-deck indy-149 girl-deck vans-sk8 w-54 bones-reds mob-grip krux-k5 thunder-hi never-deck shop-tee",
		desc(updated):  "thunder-hi krux-k5 mob-grip bones-reds w-54 vans-sk8 girl-deck indy-149 baker-deck spitfire-f4 shop-tee never-deck",
		// Case-insensitive: "krux K5" sorts among the k's.
		title:       "bones-reds w-54 baker-deck girl-deck indy-149 krux-k5 mob-grip never-deck shop-tee spitfire-f4 thunder-hi vans-sk8",
		desc(title): "vans-sk8 thunder-hi spitfire-f4 shop-tee never-deck mob-grip krux-k5 indy-149 girl-deck baker-deck w-54 bones-reds",
	}
}

// names is the external ids of items, space-separated.
func names(items []catalog.ProductSummary) string {
	out := make([]string, len(items))
	for i, p := range items {
		out[i] = p.ExternalID
	}
	return strings.Join(out, " ")
}

// pageAll reads every page of q with q.Limit products each, checking that
// every page but the last is full and that no product comes twice.
func pageAll(t *testing.T, b browsed, q catalog.ProductQuery) string {
	t.Helper()
	var all []catalog.ProductSummary
	seen := map[int64]bool{}
	for range len(b.ids) + 2 {
		page, err := b.store.Products(context.Background(), q)
		if err != nil {
			t.Fatalf("Products(%+v): %v", q, err)
		}
		if len(page.Items) > q.Limit || (page.Next != "" && len(page.Items) < q.Limit) {
			t.Fatalf("page of %d items with next %q, limit %d", len(page.Items), page.Next, q.Limit)
		}
		for _, p := range page.Items {
			if seen[p.ID] {
				t.Fatalf("product %s on two pages", p.ExternalID)
			}
			seen[p.ID] = true
		}
		all = append(all, page.Items...)
		if page.Next == "" {
			return names(all)
		}
		q.After = page.Next
	}
	t.Fatalf("more pages than products: %s", names(all))
	return ""
}

func testProductSorts(t *testing.T, b browsed) {
	for sort, want := range sortOrders() {
		for _, limit := range []int{1, 2, 3, 5, 11, 12, 100} {
			name := string(sort.Field)
			if sort.Desc {
				name = "-" + name
			}
			t.Run(name+"/limit "+strconv.Itoa(limit), func(t *testing.T) {
				if got := pageAll(t, b, catalog.ProductQuery{Sort: sort, Limit: limit}); got != want {
					t.Errorf("order\n got %s\nwant %s", got, want)
				}
			})
		}
	}
	t.Run("the limit may change between pages", func(t *testing.T) {
		sort := catalog.ProductSort{Field: catalog.SortPrice}
		first, err := b.store.Products(context.Background(), catalog.ProductQuery{Sort: sort, Limit: 9})
		if err != nil {
			t.Fatal(err)
		}
		rest := pageAll(t, b, catalog.ProductQuery{Sort: sort, Limit: 2, After: first.Next})
		if got := names(first.Items) + " " + rest; got != sortOrders()[sort] {
			t.Errorf("order %s, want %s", got, sortOrders()[sort])
		}
	})
}

// keep is the products of order that are in set, in order.
func keep(order, set string) string {
	in := strings.Fields(set)
	var out []string
	for _, n := range strings.Fields(order) {
		if slices.Contains(in, n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, " ")
}

func i64(n int64) *int64 { return &n }

func testProductFilters(t *testing.T, b browsed) {
	all := sortOrders()[catalog.ProductSort{Field: catalog.SortTitle}]
	tests := []struct {
		name string
		q    catalog.ProductQuery
		want string // in title order
	}{
		{"none", catalog.ProductQuery{}, all},
		{"brand", catalog.ProductQuery{Brands: []string{"Spitfire"}}, "w-54 spitfire-f4"},
		{"brands", catalog.ProductQuery{Brands: []string{"Spitfire", "Baker"}}, "w-54 baker-deck never-deck spitfire-f4"},
		{"brand matched exactly", catalog.ProductQuery{Brands: []string{"spitfire"}}, ""},
		{"category", catalog.ProductQuery{Categories: []catalog.Category{catalog.CategoryDecks}}, "baker-deck girl-deck never-deck"},
		{"categories", catalog.ProductQuery{Categories: []catalog.Category{catalog.CategoryDecks, catalog.CategoryWheels}},
			"w-54 baker-deck girl-deck never-deck spitfire-f4"},
		{"shop", catalog.ProductQuery{Shops: []string{"brett-haus"}}, "bones-reds w-54 mob-grip shop-tee"},
		{"unknown shop", catalog.ProductQuery{Shops: []string{"nowhere"}}, ""},
		{"price min", catalog.ProductQuery{PriceMin: i64(5000)}, "baker-deck girl-deck indy-149 krux-k5 thunder-hi vans-sk8"},
		{"price max", catalog.ProductQuery{PriceMax: i64(3999)}, "bones-reds w-54 mob-grip spitfire-f4"},
		{"price range", catalog.ProductQuery{PriceMin: i64(3500), PriceMax: i64(5000)}, "w-54 indy-149 krux-k5 spitfire-f4 thunder-hi"},
		{"price min 0 keeps the priced", catalog.ProductQuery{PriceMin: i64(0)},
			"bones-reds w-54 baker-deck girl-deck indy-149 krux-k5 mob-grip spitfire-f4 thunder-hi vans-sk8"},
		{"price max 0", catalog.ProductQuery{PriceMax: i64(0)}, ""},
		{"any discount", catalog.ProductQuery{DiscountMinBP: 1}, "w-54 spitfire-f4 vans-sk8"},
		{"discount at the bound", catalog.ProductQuery{DiscountMinBP: 1250}, "w-54 spitfire-f4 vans-sk8"},
		{"discount above 20%", catalog.ProductQuery{DiscountMinBP: 2001}, "w-54"},
		{"in stock", catalog.ProductQuery{InStock: true},
			"bones-reds w-54 baker-deck indy-149 krux-k5 mob-grip spitfire-f4 thunder-hi vans-sk8"},
		{"deck width", catalog.ProductQuery{Size: catalog.SizeQuery{DeckWidthHundredths: 825}}, "baker-deck girl-deck never-deck"},
		{"deck width in stock", catalog.ProductQuery{Size: catalog.SizeQuery{DeckWidthHundredths: 825}, InStock: true}, "baker-deck"},
		{"deck width only out of stock", catalog.ProductQuery{Size: catalog.SizeQuery{DeckWidthHundredths: 800}}, "baker-deck"},
		{"deck width out of stock, in stock", catalog.ProductQuery{Size: catalog.SizeQuery{DeckWidthHundredths: 800}, InStock: true}, ""},
		{"deck width never observed, in stock", catalog.ProductQuery{Size: catalog.SizeQuery{DeckWidthHundredths: 850}, InStock: true}, ""},
		{"wheel diameter in stock", catalog.ProductQuery{Size: catalog.SizeQuery{WheelDiameterMM: 54}, InStock: true}, "w-54 spitfire-f4"},
		{"wheel diameter of one variant", catalog.ProductQuery{Size: catalog.SizeQuery{WheelDiameterMM: 56}}, "spitfire-f4"},
		{"shoe size in stock", catalog.ProductQuery{Size: catalog.SizeQuery{ShoeSizeUS: "9"}, InStock: true}, "vans-sk8"},
		{"shoe size out of stock", catalog.ProductQuery{Size: catalog.SizeQuery{ShoeSizeUS: "9.5"}}, "vans-sk8"},
		{"shoe size out of stock, in stock", catalog.ProductQuery{Size: catalog.SizeQuery{ShoeSizeUS: "9.5"}, InStock: true}, ""},
		{"sizes are alternatives", catalog.ProductQuery{Size: catalog.SizeQuery{DeckWidthHundredths: 825, WheelDiameterMM: 54}},
			"w-54 baker-deck girl-deck never-deck spitfire-f4"},
		{"sizes in stock", catalog.ProductQuery{Size: catalog.SizeQuery{DeckWidthHundredths: 825, WheelDiameterMM: 54}, InStock: true},
			"w-54 baker-deck spitfire-f4"},
		{"brand, category, stock and price", catalog.ProductQuery{Brands: []string{"Spitfire"},
			Categories: []catalog.Category{catalog.CategoryWheels}, InStock: true, PriceMax: i64(3600)}, "w-54"},
		{"text and shop", catalog.ProductQuery{Text: "formula", Shops: []string{"north-skate"}}, "spitfire-f4"},
		{"category and stock", catalog.ProductQuery{Categories: []catalog.Category{catalog.CategoryDecks}, InStock: true}, "baker-deck"},
		{"brand and text", catalog.ProductQuery{Brands: []string{"Baker"}, Text: "deck"}, "baker-deck never-deck"},
		{"category, exact price and text", catalog.ProductQuery{Categories: []catalog.Category{catalog.CategoryTrucks},
			PriceMin: i64(5000), PriceMax: i64(5000), Text: "trucks"}, "indy-149 krux-k5 thunder-hi"},
		{"shop, size and discount", catalog.ProductQuery{Shops: []string{"north-skate"},
			Size: catalog.SizeQuery{WheelDiameterMM: 54}, DiscountMinBP: 500}, "spitfire-f4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.Sort, q.Limit = catalog.ProductSort{Field: catalog.SortTitle}, 100
			if got := pageAll(t, b, q); got != tt.want {
				t.Errorf("title order\n got %s\nwant %s", got, tt.want)
			}
			// Again in pages of two by descending price, never-priced
			// products last.
			q.Sort, q.Limit = catalog.ProductSort{Field: catalog.SortPrice, Desc: true}, 2
			want := keep(sortOrders()[q.Sort], tt.want)
			if got := pageAll(t, b, q); got != want {
				t.Errorf("paged by -price\n got %s\nwant %s", got, want)
			}
		})
	}
}

func testProductQueryErrors(t *testing.T, b browsed) {
	valid := catalog.ProductQuery{Limit: 10, Sort: catalog.ProductSort{Field: catalog.SortUpdated, Desc: true}}
	tests := []struct {
		name   string
		mutate func(*catalog.ProductQuery)
		field  string
	}{
		{"zero limit", func(q *catalog.ProductQuery) { q.Limit = 0 }, "limit"},
		{"negative limit", func(q *catalog.ProductQuery) { q.Limit = -1 }, "limit"},
		{"unknown sort", func(q *catalog.ProductQuery) { q.Sort.Field = "popularity" }, "sort"},
		{"sort by a column name", func(q *catalog.ProductQuery) { q.Sort.Field = "l.id; DROP TABLE listings" }, "sort"},
		{"unknown category", func(q *catalog.ProductQuery) { q.Categories = []catalog.Category{"skis"} }, "category"},
		{"negative price_min", func(q *catalog.ProductQuery) { q.PriceMin = i64(-1) }, "price_min"},
		{"negative price_max", func(q *catalog.ProductQuery) { q.PriceMax = i64(-100) }, "price_max"},
		{"negative discount", func(q *catalog.ProductQuery) { q.DiscountMinBP = -5 }, "discount_min"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := valid
			tt.mutate(&q)
			_, err := b.store.Products(context.Background(), q)
			if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("Products error %v, want ErrInvalid naming %s", err, tt.field)
			}
		})
	}
}

func testProductCursors(t *testing.T, b browsed) {
	ctx := context.Background()
	price := catalog.ProductSort{Field: catalog.SortPrice}
	first, err := b.store.Products(ctx, catalog.ProductQuery{Sort: price, Limit: 2})
	if err != nil || first.Next == "" {
		t.Fatalf("first page: next %q, %v", first.Next, err)
	}
	// The last page of the priced products ends among them; the next one
	// begins with the never-priced, a cursor of its own kind.
	unpriced, err := b.store.Products(ctx, catalog.ProductQuery{Sort: price, Limit: 11})
	if err != nil || unpriced.Next == "" {
		t.Fatalf("page ending among unpriced products: next %q, %v", unpriced.Next, err)
	}
	tests := []struct {
		name  string
		sort  catalog.ProductSort
		after string
	}{
		{"of the other direction", catalog.ProductSort{Field: catalog.SortPrice, Desc: true}, first.Next},
		{"of another field", catalog.ProductSort{Field: catalog.SortDiscount}, first.Next},
		{"of the title sort", catalog.ProductSort{Field: catalog.SortTitle}, first.Next},
		{"among unpriced, of the title sort", catalog.ProductSort{Field: catalog.SortTitle}, unpriced.Next},
		{"garbage", price, "!!!not a cursor!!!"},
		{"plain word", price, "cursor"},
		{"truncated", price, first.Next[:len(first.Next)-3]},
		{"doubled", price, first.Next + first.Next},
		{"huge", price, strings.Repeat("A", 100_000)},
		{"SQL", price, "' OR 1=1 --"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.store.Products(ctx, catalog.ProductQuery{Sort: tt.sort, Limit: 2, After: tt.after})
			if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), "after") {
				t.Errorf("Products error %v, want ErrInvalid naming after", err)
			}
		})
	}
	t.Run("a cursor works with the query that made it", func(t *testing.T) {
		page, err := b.store.Products(ctx, catalog.ProductQuery{Sort: price, Limit: 2, After: unpriced.Next})
		if err != nil || names(page.Items) != "shop-tee" || page.Next != "" {
			t.Errorf("page after %d = %s (next %q), %v; want shop-tee, the last", 11, names(page.Items), page.Next, err)
		}
	})
}
