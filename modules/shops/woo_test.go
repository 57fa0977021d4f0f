package shops_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

const wooProducts = "/wp-json/wc/store/v1/products"

// TestWooPagination walks the Store API: every listed listing once, the
// X-WP-Total and X-WP-TotalPages headers right, and the page after the last
// a 400 with WordPress's error object.
func TestWooPagination(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	shop := h.byPlat[catalog.PlatformWooCommerce]
	listed, _ := h.sim.Listed(shop.Shop.Slug, h.sim.Now())
	want := map[string]bool{}
	for _, li := range listed {
		want[g.Listing(li).ExternalID] = true
	}
	for _, perPage := range []int{0, 7, 10, 100} {
		t.Run(fmt.Sprintf("per_page %d", perPage), func(t *testing.T) {
			query, size := "", 10
			if perPage != 0 {
				query, size = "per_page="+strconv.Itoa(perPage)+"&", perPage
			}
			pages := (len(want) + size - 1) / size
			seen := map[string]bool{}
			for page := 1; page <= pages; page++ {
				var items []map[string]any
				res := h.getJSON(t, fmt.Sprintf("%s%s?%spage=%d", shop.Shop.BaseURL, wooProducts, query, page), &items)
				if got := res.Header.Get("X-WP-Total"); got != strconv.Itoa(len(want)) {
					t.Fatalf("X-WP-Total %s, want %d", got, len(want))
				}
				if got := res.Header.Get("X-WP-TotalPages"); got != strconv.Itoa(pages) {
					t.Fatalf("X-WP-TotalPages %s, want %d", got, pages)
				}
				if next := strings.Contains(strings.Join(res.Header.Values("Link"), ","), `rel="next"`); next != (page < pages) {
					t.Fatalf("page %d of %d: Link rel=next present %v", page, pages, next)
				}
				for _, it := range items {
					id := it["id"].(json.Number).String()
					if seen[id] || !want[id] {
						t.Fatalf("product %s: repeated %v or not listed", id, seen[id])
					}
					seen[id] = true
				}
			}
			if len(seen) != len(want) {
				t.Fatalf("walked %d products, want %d", len(seen), len(want))
			}
			res, body := h.get(t, fmt.Sprintf("%s%s?%spage=%d", shop.Shop.BaseURL, wooProducts, query, pages+1))
			wantWPError(t, res, body, http.StatusBadRequest, "rest_post_invalid_page_number")
		})
	}
}

// TestWooErrors checks WordPress's validation and not-found errors.
func TestWooErrors(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	base := h.byPlat[catalog.PlatformWooCommerce].Shop.BaseURL
	tests := []struct {
		path   string
		status int
		code   string
	}{
		{wooProducts + "?per_page=101", 400, "rest_invalid_param"},
		{wooProducts + "?per_page=0", 400, "rest_invalid_param"},
		{wooProducts + "?page=0", 400, "rest_invalid_param"},
		{wooProducts + "?page=abc", 400, "rest_invalid_param"},
		{wooProducts + "?orderby=price_desc", 400, "rest_invalid_param"},
		{wooProducts + "/999999999", 404, "woocommerce_rest_product_invalid_id"},
		{"/wp-json/wc/store/v1/cart", 404, "rest_no_route"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, body := h.get(t, base+tt.path)
			wantWPError(t, res, body, tt.status, tt.code)
		})
	}
}

func wantWPError(t *testing.T, res *http.Response, body []byte, status int, code string) {
	t.Helper()
	var e struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Data    struct {
			Status int `json:"status"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	if res.StatusCode != status || e.Code != code || e.Data.Status != status || e.Message == "" {
		t.Fatalf("got %d %s, want %d with code %s", res.StatusCode, body, status, code)
	}
}

// currencyCatalog re-prices one shop in another currency, amounts kept, to
// serve a zero-decimal currency from a WooCommerce shop.
type currencyCatalog struct {
	*seed.Generator
	slug, currency string
}

func (c currencyCatalog) Shops() []catalog.Shop {
	out := c.Generator.Shops()
	for i := range out {
		if out[i].Slug == c.slug {
			out[i].Currency = c.currency
		}
	}
	return out
}

func (c currencyCatalog) Observe(li, v int, at time.Time) catalog.PriceObservation {
	o := c.Generator.Observe(li, v, at)
	if o.Variant.ShopSlug == c.slug {
		o.Price.Currency = c.currency
		if !o.CompareAt.IsZero() {
			o.CompareAt.Currency = c.currency
		}
	}
	return o
}

// TestWooMinorUnits checks amounts are strings of minor units with the
// currency's minor unit beside them: 0 for JPY, 2 for USD, and that they
// equal Catalog.Observe.
func TestWooMinorUnits(t *testing.T) {
	g := newGenerator(t)
	cat := currencyCatalog{Generator: g, slug: "maple-leaf-skate", currency: "JPY"}
	h := startSim(t, testConfig(newFakeWall()), cat)
	tests := []struct {
		slug, currency string
		minor          int
	}{
		{"maple-leaf-skate", "JPY", 0},
		{"curb-cut-skateshop", "USD", 2},
	}
	for _, tt := range tests {
		t.Run(tt.currency, func(t *testing.T) {
			shop := h.bySlug[tt.slug]
			keys := listingKeys(g, shopIndex(t, g, tt.slug))
			var items []map[string]any
			h.getJSON(t, shop.Shop.BaseURL+wooProducts+"?per_page=100", &items)
			for _, it := range items {
				prices := it["prices"].(map[string]any)
				wantTypes(t, prices, map[string]string{"price": "string", "regular_price": "string", "sale_price": "string",
					"currency_code": "string", "currency_minor_unit": "number", "currency_symbol": "string",
					"currency_decimal_separator": "string", "currency_thousand_separator": "string",
					"currency_prefix": "string", "currency_suffix": "string"})
				if prices["currency_code"] != tt.currency || prices["currency_minor_unit"].(json.Number).String() != strconv.Itoa(tt.minor) {
					t.Fatalf("currency %v minor unit %v, want %s %d", prices["currency_code"], prices["currency_minor_unit"], tt.currency, tt.minor)
				}
				li := keys[it["id"].(json.Number).String()]
				low := cat.Observe(li, 0, h.sim.Now()).Price
				for v := range g.Listing(li).Variants {
					if p := cat.Observe(li, v, h.sim.Now()).Price; p.Amount < low.Amount {
						low = p
					}
				}
				got := prices["price"].(string)
				if got != strconv.FormatInt(low.Amount, 10) {
					t.Fatalf("listing %d price %s, Observe says %s", li, got, low)
				}
				if tt.minor == 2 && got != strings.TrimLeft(strings.ReplaceAll(low.Decimal(), ".", ""), "0") {
					t.Fatalf("USD price %s is not %s in cents", got, low.Decimal())
				}
			}
		})
	}
}

// TestWooVariations checks that a variable product lists its variations
// with term slugs, and that each variation id serves the variation with
// its own prices and stock.
func TestWooVariations(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	shop := h.byPlat[catalog.PlatformWooCommerce]
	keys := listingKeys(g, shopIndex(t, g, shop.Shop.Slug))
	var items []map[string]any
	h.getJSON(t, shop.Shop.BaseURL+wooProducts+"?per_page=100", &items)
	types := map[string]int{}
	for _, it := range items {
		types[it["type"].(string)]++
		if it["type"] != "variable" {
			continue
		}
		li := keys[it["id"].(json.Number).String()]
		l := g.Listing(li)
		vars := it["variations"].([]any)
		if len(vars) != len(l.Variants) {
			t.Fatalf("listing %s: %d variations, %d variants", l.ExternalID, len(vars), len(l.Variants))
		}
		for v, raw := range vars {
			id := raw.(map[string]any)["id"].(json.Number).String()
			var one map[string]any
			h.getJSON(t, shop.Shop.BaseURL+wooProducts+"/"+id, &one)
			o := g.Observe(li, v, h.sim.Now())
			prices := one["prices"].(map[string]any)
			regular := o.Price
			if !o.CompareAt.IsZero() {
				regular = o.CompareAt
			}
			if one["type"] != "variation" || one["parent"].(json.Number).String() != l.ExternalID ||
				prices["price"] != strconv.FormatInt(o.Price.Amount, 10) ||
				prices["regular_price"] != strconv.FormatInt(regular.Amount, 10) ||
				one["is_in_stock"] != o.InStock() {
				t.Fatalf("variation %s = %v %v in stock %v; Observe says %v", id, one["type"], prices, one["is_in_stock"], o)
			}
		}
	}
	if types["variable"] == 0 || types["simple"] == 0 {
		t.Fatalf("product types served %v, want both simple and variable", types)
	}
}
