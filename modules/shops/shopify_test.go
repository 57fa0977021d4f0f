package shops_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

// shopifyPage is the part of /products.json the tests read, with numbers
// kept as json.Number so that their JSON type shows.
type shopifyPage struct {
	Products []map[string]any `json:"products"`
}

// TestShopifyPagination walks /products.json and a collection to the empty
// page at the end: every listed listing appears exactly once, pages are
// full but the last, and the end is {"products":[]}.
func TestShopifyPagination(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	shop := h.byPlat[catalog.PlatformShopify]
	si := shopIndex(t, g, shop.Shop.Slug)
	keys := listingKeys(g, si)
	listed, err := h.sim.Listed(shop.Shop.Slug, h.sim.Now())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		path     string
		query    string
		pageSize int
		keep     func(catalog.Listing) bool
	}{
		{"default limit", "/products.json", "", 30, nil},
		{"limit 7", "/products.json", "limit=7", 7, nil},
		{"limit 250", "/products.json", "limit=250", 250, nil},
		{"limit above max is capped", "/products.json", "limit=1000", 250, nil},
		{"collection all", "/collections/all/products.json", "limit=50", 50, nil},
		{"collection decks", "/collections/decks/products.json", "limit=10", 10,
			func(l catalog.Listing) bool { return l.Category == catalog.CategoryDecks }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := map[string]bool{}
			for _, li := range listed {
				if l := g.Listing(li); tt.keep == nil || tt.keep(l) {
					want[l.ExternalID] = true
				}
			}
			seen := map[string]int{}
			for page := 1; ; page++ {
				url := fmt.Sprintf("%s%s?%s&page=%d", shop.Shop.BaseURL, tt.path, tt.query, page)
				res, body := h.get(t, url)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: status %d", url, res.StatusCode)
				}
				var p shopifyPage
				if err := decodeStrict(body, &p); err != nil {
					t.Fatalf("page %d: %v", page, err)
				}
				if len(p.Products) == 0 {
					if string(body) != `{"products":[]}` {
						t.Fatalf("end page is %s, want {\"products\":[]}", body)
					}
					if got := len(seen); got != len(want) {
						t.Fatalf("walked %d products, want %d", got, len(want))
					}
					break
				}
				if len(p.Products) > tt.pageSize || (len(p.Products) < tt.pageSize && (page-1)*tt.pageSize+len(p.Products) != len(want)) {
					t.Fatalf("page %d has %d products with page size %d", page, len(p.Products), tt.pageSize)
				}
				for _, prod := range p.Products {
					id := prod["id"].(json.Number).String()
					seen[id]++
					if seen[id] > 1 || !want[id] {
						t.Fatalf("product %s: seen %d times, expected %v", id, seen[id], want[id])
					}
					if _, ok := keys[id]; !ok {
						t.Fatalf("product %s is not a listing of the shop", id)
					}
				}
			}
		})
	}
}

// TestShopifyJSONTypes checks field names and JSON types against the real
// feed: ids are numbers, prices strings, compare_at_price null or a
// string, available a bool, tags an array, options with positions.
func TestShopifyJSONTypes(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	for _, shop := range h.sim.Shops() {
		if shop.Shop.Platform != catalog.PlatformShopify {
			continue
		}
		t.Run(shop.Shop.Slug, func(t *testing.T) {
			var p shopifyPage
			h.getJSON(t, shop.Shop.BaseURL+"/products.json?limit=250", &p)
			if len(p.Products) == 0 {
				t.Fatal("no products")
			}
			compareAts := 0
			for _, prod := range p.Products {
				wantTypes(t, prod, map[string]string{"id": "number", "title": "string", "handle": "string",
					"body_html": "string", "vendor": "string", "product_type": "string", "tags": "array",
					"published_at": "string", "updated_at": "string", "images": "array", "options": "array", "variants": "array"})
				for _, o := range prod["options"].([]any) {
					wantTypes(t, o.(map[string]any), map[string]string{"name": "string", "position": "number", "values": "array"})
				}
				for _, v := range prod["variants"].([]any) {
					vm := v.(map[string]any)
					wantTypes(t, vm, map[string]string{"id": "number", "product_id": "number", "title": "string",
						"option1": "string", "sku": "string", "price": "string", "available": "bool", "position": "number"})
					if vm["product_id"] != prod["id"] {
						t.Fatalf("variant product_id %v, product id %v", vm["product_id"], prod["id"])
					}
					switch c := vm["compare_at_price"].(type) {
					case nil:
					case string:
						compareAts++
						if _, err := catalog.ParseMoney(c, shop.Shop.Currency); err != nil {
							t.Fatalf("compare_at_price %q: %v", c, err)
						}
					default:
						t.Fatalf("compare_at_price is %T", c)
					}
					if _, err := catalog.ParseMoney(vm["price"].(string), shop.Shop.Currency); err != nil {
						t.Fatalf("price: %v", err)
					}
				}
			}
			t.Logf("%d products, %d compare-at prices", len(p.Products), compareAts)
		})
	}
}

// TestShopifySingleProduct checks /products/<handle>.json and the 404s.
func TestShopifySingleProduct(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	shop := h.byPlat[catalog.PlatformShopify]
	listed, _ := h.sim.Listed(shop.Shop.Slug, h.sim.Now())
	l := g.Listing(listed[0])
	var one struct {
		Product map[string]any `json:"product"`
	}
	h.getJSON(t, shop.Shop.BaseURL+"/products/"+l.Handle+".json", &one)
	if one.Product["id"].(json.Number).String() != l.ExternalID {
		t.Fatalf("product id %v, want %s", one.Product["id"], l.ExternalID)
	}
	if _, ok := one.Product["tags"].(string); !ok {
		t.Fatalf("single product tags are %T, want a comma-separated string", one.Product["tags"])
	}
	v0 := one.Product["variants"].([]any)[0].(map[string]any)
	if _, ok := v0["barcode"]; !ok {
		t.Fatal("single product variant has no barcode field")
	}
	for _, path := range []string{"/products/no-such-thing.json", "/collections/skis/products.json"} {
		res, body := h.get(t, shop.Shop.BaseURL+path)
		if res.StatusCode != http.StatusNotFound || string(body) != `{"errors":"Not Found"}` {
			t.Fatalf("GET %s: %d %s, want 404 {\"errors\":\"Not Found\"}", path, res.StatusCode, body)
		}
	}
	var cols struct {
		Collections []map[string]any `json:"collections"`
	}
	h.getJSON(t, shop.Shop.BaseURL+"/collections.json", &cols)
	if len(cols.Collections) == 0 {
		t.Fatal("no collections")
	}
	for _, c := range cols.Collections {
		wantTypes(t, c, map[string]string{"id": "number", "handle": "string", "products_count": "number"})
		n, _ := strconv.Atoi(c["products_count"].(json.Number).String())
		var p shopifyPage
		h.getJSON(t, shop.Shop.BaseURL+"/collections/"+c["handle"].(string)+"/products.json?limit=250", &p)
		if len(p.Products) != n {
			t.Fatalf("collection %s: %d products served, products_count %d", c["handle"], len(p.Products), n)
		}
	}
}

// wantTypes checks the JSON type of each named field of m.
func wantTypes(t *testing.T, m map[string]any, types map[string]string) {
	t.Helper()
	for field, want := range types {
		v, ok := m[field]
		if !ok {
			t.Fatalf("field %q missing in %v", field, m)
		}
		got := "other"
		switch v.(type) {
		case json.Number:
			got = "number"
		case string:
			got = "string"
		case bool:
			got = "bool"
		case []any:
			got = "array"
		case map[string]any:
			got = "object"
		case nil:
			got = "null"
		}
		if got != want {
			t.Fatalf("field %q is %s (%v), want %s", field, got, v, want)
		}
	}
}
