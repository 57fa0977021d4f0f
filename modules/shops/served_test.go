package shops_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/shops"
)

// served is one variant's price as a shop publishes it, in the platform's
// own notation: decimal strings for Shopify and JSON-LD, minor units for
// WooCommerce; compare is "" when none is published.
type served struct {
	price, compare string
	inStock        bool
}

// variantKey names a variant by catalog listing index and variant index.
type variantKey struct{ listing, variant int }

// expected is what a shop of platform p should publish for o.
func expected(p catalog.Platform, o catalog.PriceObservation) served {
	s := served{price: o.Price.Decimal(), inStock: o.InStock()}
	if !o.CompareAt.IsZero() {
		s.compare = o.CompareAt.Decimal()
	}
	if p == catalog.PlatformWooCommerce {
		regular := o.Price
		if !o.CompareAt.IsZero() {
			regular = o.CompareAt
		}
		s.price, s.compare = strconv.FormatInt(o.Price.Amount, 10), strconv.FormatInt(regular.Amount, 10)
	}
	return s
}

// servedShopify reads every variant of /products.json.
func servedShopify(t *testing.T, h *harness, g *seed.Generator, shop shops.Running) map[variantKey]served {
	t.Helper()
	keys := listingKeys(g, shopIndex(t, g, shop.Shop.Slug))
	out := map[variantKey]served{}
	for page := 1; ; page++ {
		var p shopifyPage
		h.getJSON(t, fmt.Sprintf("%s/products.json?limit=250&page=%d", shop.Shop.BaseURL, page), &p)
		if len(p.Products) == 0 {
			return out
		}
		for _, prod := range p.Products {
			li := keys[prod["id"].(json.Number).String()]
			for v, raw := range prod["variants"].([]any) {
				vm := raw.(map[string]any)
				c, _ := vm["compare_at_price"].(string)
				out[variantKey{li, v}] = served{price: vm["price"].(string), compare: c, inStock: vm["available"].(bool)}
			}
		}
	}
}

// servedWoo reads the product list and, for variable products, each
// variation by id.
func servedWoo(t *testing.T, h *harness, g *seed.Generator, shop shops.Running) map[variantKey]served {
	t.Helper()
	keys := listingKeys(g, shopIndex(t, g, shop.Shop.Slug))
	out := map[variantKey]served{}
	read := func(m map[string]any) served {
		p := m["prices"].(map[string]any)
		return served{price: p["price"].(string), compare: p["regular_price"].(string), inStock: m["is_in_stock"].(bool)}
	}
	var items []map[string]any
	h.getJSON(t, shop.Shop.BaseURL+wooProducts+"?per_page=100", &items)
	for _, it := range items {
		li := keys[it["id"].(json.Number).String()]
		if it["type"] == "simple" {
			out[variantKey{li, 0}] = read(it)
			continue
		}
		for v, raw := range it["variations"].([]any) {
			var one map[string]any
			h.getJSON(t, shop.Shop.BaseURL+wooProducts+"/"+raw.(map[string]any)["id"].(json.Number).String(), &one)
			out[variantKey{li, v}] = read(one)
		}
	}
	return out
}

// servedJSONLD reads the offers of the product pages of up to limit listed
// listings, matching offers to variants by their URL.
func servedJSONLD(t *testing.T, h *harness, g *seed.Generator, shop shops.Running, limit int) map[variantKey]served {
	t.Helper()
	si := shopIndex(t, g, shop.Shop.Slug)
	listed, _ := h.sim.Listed(shop.Shop.Slug, h.sim.Now())
	out := map[variantKey]served{}
	for _, li := range listed[:min(limit, len(listed))] {
		l := g.Listing(li)
		pageURL := localURL(g, si, shop, l.URL)
		offers := map[string]map[string]any{}
		for _, block := range ldBlocksOf(t, h, pageURL) {
			walkLD(block, func(n map[string]any) {
				if n["@type"] == "Offer" {
					offers[n["url"].(string)] = n
				}
			})
		}
		for v := range l.Variants {
			u := offerURL(pageURL, l, v)
			o, ok := offers[u]
			if !ok {
				t.Fatalf("%s: no offer for %s among %d", pageURL, u, len(offers))
			}
			s := served{price: o["price"].(string), inStock: o["availability"] == "https://schema.org/InStock"}
			if specs, ok := o["priceSpecification"].([]any); ok {
				s.compare = specs[0].(map[string]any)["price"].(string)
			}
			out[variantKey{li, v}] = s
		}
	}
	return out
}

// offerURL is the link of variant v's offer on l's page at pageURL: the page
// itself for a listing's only variant, the variant's id on the shop when the
// id is a path and query (the link a crawler knows the variant by), else the
// page selecting the variant by its id.
func offerURL(pageURL string, l catalog.Listing, v int) string {
	id := l.Variants[v].ExternalID
	switch {
	case len(l.Variants) == 1:
		return pageURL
	case strings.HasPrefix(id, "/"):
		u, _ := url.Parse(pageURL)
		return u.Scheme + "://" + u.Host + id
	}
	return pageURL + "?variant=" + url.QueryEscape(id)
}

// localURL moves a catalog URL of shop si onto the running shop.
func localURL(g *seed.Generator, si int, shop shops.Running, u string) string {
	return strings.Replace(u, g.Shops()[si].BaseURL, shop.Shop.BaseURL, 1)
}

// ldBlocksOf fetches an HTML page, parses it as HTML and decodes every
// ld+json block strictly.
func ldBlocksOf(t *testing.T, h *harness, pageURL string) []any {
	t.Helper()
	res, body := h.get(t, pageURL)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET %s: %d %s", pageURL, res.StatusCode, res.Header.Get("Content-Type"))
	}
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse %s as HTML: %v", pageURL, err)
	}
	var blocks []any
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || n.Data != "script" || n.FirstChild == nil {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "type" && a.Val == "application/ld+json" {
				var v any
				if err := decodeStrict([]byte(n.FirstChild.Data), &v); err != nil {
					t.Fatalf("%s: ld+json block: %v", pageURL, err)
				}
				blocks = append(blocks, v)
			}
		}
	}
	if len(blocks) == 0 {
		t.Fatalf("%s has no ld+json block", pageURL)
	}
	return blocks
}

// walkLD calls fn on every JSON object inside v.
func walkLD(v any, fn func(map[string]any)) {
	switch t := v.(type) {
	case map[string]any:
		fn(t)
		for _, x := range t {
			walkLD(x, fn)
		}
	case []any:
		for _, x := range t {
			walkLD(x, fn)
		}
	}
}
