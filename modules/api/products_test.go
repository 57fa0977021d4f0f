package api

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

func ptr[T any](v T) *T { return &v }

func TestProductsParameters(t *testing.T) {
	def := catalog.ProductQuery{Sort: catalog.ProductSort{Field: catalog.SortUpdated, Desc: true}, Limit: 24}
	with := func(f func(*catalog.ProductQuery)) catalog.ProductQuery {
		q := def
		f(&q)
		return q
	}
	tests := []struct {
		query   string
		want    catalog.ProductQuery
		invalid []string // the parameters a 400 names; nil for a 200
	}{
		{"", def, nil},
		{"brand=Independent&discount_min=20", with(func(q *catalog.ProductQuery) {
			q.Brands, q.DiscountMinBP = []string{"Independent"}, 2000
		}), nil},
		{"brand=independent", with(func(q *catalog.ProductQuery) { q.Brands = []string{"Independent"} }), nil},
		{"brand=INDY", with(func(q *catalog.ProductQuery) { q.Brands = []string{"Independent"} }), nil},
		{"brand=Spitfire&brand=Independent&brand=indy", with(func(q *catalog.ProductQuery) {
			q.Brands = []string{"Independent", "Spitfire"}
		}), nil},
		{"brand=", def, []string{"brand"}},
		{"category=wheels&category=Decks", with(func(q *catalog.ProductQuery) {
			q.Categories = []catalog.Category{catalog.CategoryDecks, catalog.CategoryWheels}
		}), nil},
		{"category=skis", def, []string{"category"}},
		{"shop=skate-warehouse&shop=ccs", with(func(q *catalog.ProductQuery) { q.Shops = []string{"ccs", "skate-warehouse"} }), nil},
		{"shop=not+a+slug", def, []string{"shop"}},
		{"q=++indy+%20+Trucks+", with(func(q *catalog.ProductQuery) { q.Text = "indy Trucks" }), nil},
		{"price_min=59.95&price_max=100", with(func(q *catalog.ProductQuery) { q.PriceMin, q.PriceMax = ptr(int64(5995)), ptr(int64(10000)) }), nil},
		{"price_min=0", with(func(q *catalog.ProductQuery) { q.PriceMin = ptr(int64(0)) }), nil},
		{"price_min=abc", def, []string{"price_min"}},
		{"price_min=-1", def, []string{"price_min"}},
		{"price_min=1.234", def, []string{"price_min"}},
		{"price_min=1e3", def, []string{"price_min"}},
		{"price_min=50&price_max=40", def, []string{"price_max"}},
		{"discount_min=12.5", with(func(q *catalog.ProductQuery) { q.DiscountMinBP = 1250 }), nil},
		{"discount_min=100", with(func(q *catalog.ProductQuery) { q.DiscountMinBP = 10000 }), nil},
		{"discount_min=101", def, []string{"discount_min"}},
		{"discount_min=-5", def, []string{"discount_min"}},
		{"discount_min=12.345", def, []string{"discount_min"}},
		{"in_stock=true", with(func(q *catalog.ProductQuery) { q.InStock = true }), nil},
		{"in_stock=false", def, nil},
		{"in_stock=yes", def, []string{"in_stock"}},
		{"size=8.25", with(func(q *catalog.ProductQuery) { q.Size.DeckWidthHundredths = 825 }), nil},
		{"size=9", with(func(q *catalog.ProductQuery) { q.Size = catalog.SizeQuery{DeckWidthHundredths: 900, ShoeSizeUS: "9"} }), nil},
		{"size=9.5", with(func(q *catalog.ProductQuery) { q.Size = catalog.SizeQuery{DeckWidthHundredths: 950, ShoeSizeUS: "9.5"} }), nil},
		{"size=54mm", with(func(q *catalog.ProductQuery) { q.Size.WheelDiameterMM = 54 }), nil},
		{"size=54", with(func(q *catalog.ProductQuery) { q.Size.WheelDiameterMM = 54 }), nil},
		{"size=huge", def, []string{"size"}},
		{"sort=-price", with(func(q *catalog.ProductQuery) { q.Sort = catalog.ProductSort{Field: catalog.SortPrice, Desc: true} }), nil},
		{"sort=title", with(func(q *catalog.ProductQuery) { q.Sort = catalog.ProductSort{Field: catalog.SortTitle} }), nil},
		{"sort=discount", with(func(q *catalog.ProductQuery) { q.Sort = catalog.ProductSort{Field: catalog.SortDiscount} }), nil},
		{"sort=bogus", def, []string{"sort"}},
		{"sort=price%3B+drop+table", def, []string{"sort"}},
		{"sort=price&sort=title", def, []string{"sort"}},
		{"limit=1", with(func(q *catalog.ProductQuery) { q.Limit = 1 }), nil},
		{"limit=100", with(func(q *catalog.ProductQuery) { q.Limit = 100 }), nil},
		{"limit=0", def, []string{"limit"}},
		{"limit=1000", def, []string{"limit"}},
		{"limit=%2B5", def, []string{"limit"}},
		{"cursor=abc", with(func(q *catalog.ProductQuery) { q.After = "abc" }), nil},
		{"cursor=garbage", def, []string{"cursor"}}, // the catalog refuses it
		{"discount_mni=20", def, []string{"discount_mni"}},
		{"%zz=1", def, []string{"%zz"}},
		{"a;b=1", def, []string{"a;b"}},
		{"price_min=abc&limit=0&sort=bogus&typo=1", def, []string{"price_min", "limit", "sort", "typo"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			s, cat, _ := testServer(t, nil)
			rec := get(t, s, "/api/v1/products?"+tt.query)
			if tt.invalid != nil {
				wantInvalid(t, rec, tt.invalid...)
				return
			}
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if got := cat.lastQuery(t); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("query =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

func TestProductsResponse(t *testing.T) {
	s, _, _ := testServer(t, nil)
	rec := get(t, s, "/api/v1/products?discount_min=20&brand=Independent")
	page := decodeJSON[productPageJSON](t, rec)
	if len(page.Items) != 3 || page.NextCursor == nil || *page.NextCursor != "c2" {
		t.Fatalf("page = %+v", page)
	}
	if want := "/api/v1/products?brand=Independent&cursor=c2&discount_min=20"; page.Links.Next == nil || *page.Links.Next != want {
		t.Errorf("links.next = %v, want %s", page.Links.Next, want)
	}
	p := page.Items[0]
	if p.Price == nil || *p.Price != (moneyJSON{Amount: "59.95", Currency: "USD", Minor: 5995}) {
		t.Errorf("price = %+v", p.Price)
	}
	if p.DiscountPercent != 20 || p.Deal == nil || p.Deal.CompareAt.Amount != "74.94" {
		t.Errorf("discount = %v, deal = %+v", p.DiscountPercent, p.Deal)
	}
	if never := page.Items[2]; never.Price != nil || never.Deal != nil || never.UpdatedAt != nil {
		t.Errorf("unobserved product = %+v, want null price, deal and times", never)
	}
	if rec.Header().Get("ETag") == "" || rec.Header().Get("Cache-Control") != "public, max-age=5" {
		t.Errorf("headers = %v", rec.Header())
	}
}

func TestProductsLastPage(t *testing.T) {
	s, cat, _ := testServer(t, nil)
	cat.products = func(ctx context.Context, q catalog.ProductQuery) (catalog.ProductPage, error) {
		return catalog.ProductPage{}, nil
	}
	rec := get(t, s, "/api/v1/products")
	if got := rec.Body.String(); got != `{"items":[],"next_cursor":null,"links":{"next":null}}` {
		t.Errorf("empty page = %s", got)
	}
}

func TestGetProduct(t *testing.T) {
	s, _, _ := testServer(t, nil)
	rec := get(t, s, "/api/v1/products/1")
	p := decodeJSON[productJSON](t, rec)
	if p.ID != 1 || len(p.Variants) != 2 || len(p.Offers) != 1 || p.Offers[0].Match != "self" {
		t.Fatalf("product = %+v", p)
	}
	if v := p.Variants[0]; v.Price == nil || v.Availability == nil || *v.Availability != "in_stock" || !v.InStock {
		t.Errorf("observed variant = %+v", v)
	}
	if v := p.Variants[1]; v.Observed || v.Price != nil || v.Availability != nil || v.Attributes.DeckWidthIn != "8.25" {
		t.Errorf("unobserved variant = %+v", v)
	}
	decodeProblem(t, get(t, s, "/api/v1/products/2"), http.StatusNotFound)
	for _, id := range []string{"abc", "0", "-1", "99999999999999999999", "1.5"} {
		wantInvalid(t, get(t, s, "/api/v1/products/"+id), "id")
	}
	wantInvalid(t, get(t, s, "/api/v1/products/1?verbose=1"), "verbose")
}

func TestDeals(t *testing.T) {
	s, cat, _ := testServer(t, nil)
	rec := get(t, s, "/api/v1/deals?brand=Independent")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	q := cat.lastQuery(t)
	want := catalog.ProductQuery{Brands: []string{"Independent"}, DiscountMinBP: 1,
		Sort: catalog.ProductSort{Field: catalog.SortDiscount, Desc: true}, Limit: 24}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("deals query = %+v, want %+v", q, want)
	}
	get(t, s, "/api/v1/deals?discount_min=30&limit=5&category=decks&shop=ccs")
	if q := cat.lastQuery(t); q.DiscountMinBP != 3000 || q.Limit != 5 || len(q.Categories) != 1 || len(q.Shops) != 1 {
		t.Errorf("deals query = %+v", q)
	}
	wantInvalid(t, get(t, s, "/api/v1/deals?sort=price&q=x"), "sort", "q")
	wantInvalid(t, get(t, s, "/api/v1/deals?discount_min=101"), "discount_min")
	wantInvalid(t, get(t, s, "/api/v1/deals?cursor=garbage"), "cursor")
}
