package shops_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// TestJSONLDPages reads every product page of a JSON-LD shop: each parses
// as HTML, each ld+json block decodes, each has a Product or ProductGroup
// with brand, url and offers, and the shop mixes the markup styles real
// shops use (@graph, ProductGroup, AggregateOffer, a second BreadcrumbList
// block, plain Product).
func TestJSONLDPages(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	shop := h.byPlat[catalog.PlatformJSONLD]
	si := shopIndex(t, g, shop.Shop.Slug)
	listed, _ := h.sim.Listed(shop.Shop.Slug, h.sim.Now())
	styles := map[string]int{}
	for _, li := range listed {
		l := g.Listing(li)
		blocks := ldBlocksOf(t, h, localURL(g, si, shop, l.URL))
		products := 0
		for i, b := range blocks {
			top := b.(map[string]any)
			switch {
			case top["@graph"] != nil:
				styles["graph"]++
			case top["@type"] == "ProductGroup":
				styles["group"]++
			case top["@type"] == "BreadcrumbList" && i > 0:
				styles["breadcrumb block"]++
			case top["@type"] == "Product":
				styles["product"]++
			}
			walkLD(b, func(n map[string]any) {
				switch n["@type"] {
				case "AggregateOffer":
					styles["aggregate"]++
				case "Product", "ProductGroup":
					if _, isVariant := n["offers"].(map[string]any); isVariant && n["brand"] == nil {
						return // a hasVariant product: its group names the brand
					}
					products++
					if n["url"] == nil || n["name"] == nil || n["offers"] == nil && n["hasVariant"] == nil {
						t.Fatalf("%s: product node lacks url, name or offers: %v", l.URL, n)
					}
					if b, ok := n["brand"].(map[string]any); l.Brand != "" && (!ok || b["@type"] != "Brand" || b["name"] != l.Brand) {
						t.Fatalf("%s: brand %v, want Brand %q", l.URL, n["brand"], l.Brand)
					}
				}
			})
		}
		if products == 0 {
			t.Fatalf("%s: no Product or ProductGroup", l.URL)
		}
	}
	for _, style := range []string{"graph", "group", "aggregate", "breadcrumb block", "product"} {
		if styles[style] == 0 {
			t.Errorf("no page uses the %s style (seen %v)", style, styles)
		}
	}
}

// TestJSONLDVariantIDs checks that a JSON-LD page publishes what names each
// variant as the catalog does, since JSON-LD has no variant id and crawlers
// derive one: the offer's SKU, else its GTIN, else for one of several
// variants the offer's link (host-free, as the id is), and nothing at all
// for a listing's only variant ("default"). The first ten shops hold JSON-LD
// shops with and without SKUs, and with and without GTINs.
func TestJSONLDVariantIDs(t *testing.T) {
	g, err := seed.New(seed.Config{Shops: 10, Products: 300, Days: 30, PerDay: 4, RandSeed: 11, End: testStart.Add(20 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	h := startSim(t, testConfig(newFakeWall()), g)
	kinds := map[string]int{}
	for _, shop := range h.sim.Shops() {
		if shop.Shop.Platform != catalog.PlatformJSONLD {
			continue
		}
		si := shopIndex(t, g, shop.Shop.Slug)
		listed, _ := h.sim.Listed(shop.Shop.Slug, h.sim.Now())
		for _, li := range listed[:min(40, len(listed))] {
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
			for v, va := range l.Variants {
				u := offerURL(pageURL, l, v)
				o, ok := offers[u]
				if !ok {
					t.Fatalf("%s: no offer for %s among %d", pageURL, u, len(offers))
				}
				gtin := ""
				for _, k := range []string{"gtin8", "gtin12", "gtin13", "gtin14"} {
					if s, ok := o[k].(string); ok {
						gtin = s
					}
				}
				id, kind := va.ExternalID, ""
				switch {
				case o["sku"] != nil:
					kind = "sku"
					if o["sku"] != id {
						t.Errorf("%s: offer sku %v, variant id %q", pageURL, o["sku"], id)
					}
				case gtin != "":
					kind = "gtin"
					if gtin != id {
						t.Errorf("%s: offer gtin %s, variant id %q", pageURL, gtin, id)
					}
				case len(l.Variants) == 1:
					kind = "default"
					if id != "default" || o["name"] != nil {
						t.Errorf("%s: only offer names nothing (name %v), variant id %q, want default", pageURL, o["name"], id)
					}
				default:
					kind = "link"
					if ref, err := url.Parse(u); err != nil || ref.RequestURI() != id {
						t.Errorf("%s: offer link %s, variant id %q", pageURL, u, id)
					}
				}
				kinds[kind]++
			}
		}
	}
	for _, k := range []string{"sku", "gtin", "link", "default"} {
		if kinds[k] == 0 {
			t.Errorf("no JSON-LD variant is known by its %s (seen %v)", k, kinds)
		}
	}
}

type sitemapDoc struct {
	XMLName  xml.Name
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

// TestSitemapListsEveryPage follows each shop's sitemap index: every listed
// listing's page appears exactly once with a lastmod, and no other product.
func TestSitemapListsEveryPage(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	for si, shop := range h.sim.Shops() {
		t.Run(shop.Shop.Slug, func(t *testing.T) {
			listed, _ := h.sim.Listed(shop.Shop.Slug, h.sim.Now())
			want := map[string]bool{}
			for _, li := range listed {
				want[localURL(g, si, shop, g.Listing(li).URL)] = true
			}
			var index sitemapDoc
			res, body := h.get(t, shop.Shop.BaseURL+"/sitemap.xml")
			if err := xml.Unmarshal(body, &index); err != nil || res.StatusCode != http.StatusOK || index.XMLName.Local != "sitemapindex" {
				t.Fatalf("sitemap index: %d %v %q", res.StatusCode, err, index.XMLName.Local)
			}
			seen := map[string]int{}
			files := 0
			for _, sm := range index.Sitemaps {
				var set sitemapDoc
				res, body := h.get(t, sm.Loc)
				if err := xml.Unmarshal(body, &set); err != nil || res.StatusCode != http.StatusOK || set.XMLName.Local != "urlset" {
					t.Fatalf("%s: %d %v", sm.Loc, res.StatusCode, err)
				}
				if strings.Contains(sm.Loc, "sitemap-products-") {
					files++
				}
				for _, u := range set.URLs {
					seen[u.Loc]++
					if want[u.Loc] && u.LastMod == "" {
						t.Fatalf("%s has no lastmod", u.Loc)
					}
				}
			}
			for u := range want {
				if seen[u] != 1 {
					t.Fatalf("%s listed %d times", u, seen[u])
				}
			}
			for u := range seen {
				if !want[u] && u != shop.Shop.BaseURL+"/" {
					t.Fatalf("sitemap lists %s, which is no listed product", u)
				}
			}
			if wantFiles := (len(want) + 99) / 100; files != wantFiles {
				t.Fatalf("%d product sitemaps for %d products, want %d", files, len(want), wantFiles)
			}
		})
	}
}

// TestPageRedirectsAndNotFound checks the near misses real shops redirect,
// and a 404 page for unknown paths.
func TestPageRedirectsAndNotFound(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	for si, shop := range h.sim.Shops() {
		listed, _ := h.sim.Listed(shop.Shop.Slug, h.sim.Now())
		l := g.Listing(listed[0])
		page := localURL(g, si, shop, l.URL)
		res, _ := h.get(t, shop.Shop.BaseURL+"/products/"+l.Handle)
		switch {
		case strings.HasSuffix(page, "/products/"+l.Handle):
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: canonical page status %d", page, res.StatusCode)
			}
		case res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != page:
			t.Fatalf("%s: /products/%s answered %d to %q, want 301 to the page", shop.Shop.Slug, l.Handle, res.StatusCode, res.Header.Get("Location"))
		}
		if trimmed, ok := strings.CutSuffix(page, "/"); ok {
			res, _ := h.get(t, trimmed)
			if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != page {
				t.Fatalf("%s: %d to %q, want 301 to %s", trimmed, res.StatusCode, res.Header.Get("Location"), page)
			}
		}
		res, body := h.get(t, shop.Shop.BaseURL+"/no/such/page")
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "404") {
			t.Fatalf("%s: unknown path answered %d", shop.Shop.Slug, res.StatusCode)
		}
	}
}

// TestRobots checks each platform's robots.txt: it names the sitemap, keeps
// crawlers out of carts and checkouts, and does not shut out the catalog.
func TestRobots(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	for _, shop := range h.sim.Shops() {
		res, body := h.get(t, shop.Shop.BaseURL+"/robots.txt")
		text := string(body)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("%s robots.txt: %d %s", shop.Shop.Slug, res.StatusCode, res.Header.Get("Content-Type"))
		}
		for _, want := range []string{"User-agent: *", "Sitemap: " + shop.Shop.BaseURL + "/sitemap.xml", "/cart", "/checkout"} {
			if !strings.Contains(text, want) {
				t.Fatalf("%s robots.txt lacks %q", shop.Shop.Slug, want)
			}
		}
		for _, forbidden := range []string{"Disallow: /products", "Disallow: /wp-json", "Disallow: /p/"} {
			if strings.Contains(text, forbidden+"\n") {
				t.Fatalf("%s robots.txt shuts out the catalog: %q", shop.Shop.Slug, forbidden)
			}
		}
	}
}
