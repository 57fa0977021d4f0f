package scrape_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

const (
	xmlType  = "application/xml; charset=utf-8"
	htmlType = "text/html; charset=utf-8"
)

// serveJSONLD serves a sitemap index, its product sitemap and the product
// pages it lists (one of which carries no product).
func serveJSONLD(srv *shopServer) {
	srv.file("/sitemap.xml", "jsonld/sitemap.xml", xmlType)
	srv.file("/sitemap_products_1.xml?from=1&to=9999", "jsonld/sitemap_products_1.xml", xmlType)
	srv.file("/sitemap_pages_1.xml", "jsonld/sitemap_pages_1.xml", xmlType)
	srv.file("/products/baker-brand-logo-deck", "jsonld/baker-deck.html", htmlType)
	srv.file("/products/vans-skate-half-cab", "jsonld/half-cab.html", htmlType)
	srv.file("/product/spitfire-radials/", "jsonld/spitfire-radials.html", htmlType)
	srv.file("/products/decks-lookbook", "jsonld/category.html", htmlType)
}

func TestJSONLDCrawl(t *testing.T) {
	srv := newShopServer(t)
	serveJSONLD(srv)
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("kantenwerk", catalog.PlatformJSONLD, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	got := srv.requests()
	slices.Sort(got[2:]) // product pages are read concurrently
	want := []string{
		"/sitemap.xml", "/sitemap_products_1.xml?from=1&to=9999",
		"/product/spitfire-radials/", "/products/baker-brand-logo-deck", "/products/decks-lookbook", "/products/vans-skate-half-cab",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("requests\n%v, want\n%v\n(the pages sitemap, other hosts, non-product URLs and ?variant= duplicates are skipped)", got, want)
	}
	// baker-deck: 1 listing, 3 offers; half-cab: 1 listing, 5 variants with
	// offers; spitfire: 1 listing, 1 offer; the lookbook has no product.
	if rep.Pages != 6 || rep.Listings != 3 || rep.Observations != 9 {
		t.Fatalf("report %+v: want 6 pages, 3 listings, 9 observations", rep)
	}
	wantCounts(t, "problems", rep.Problems, map[string]int{"bad_gtin": 1, "missing_field": 1, scrape.ProblemNoProduct: 1})
	wantCounts(t, "errors", rep.Errors, nil)
}

func TestJSONLDNestedSitemapIndex(t *testing.T) {
	srv := newShopServer(t)
	index := func(locs ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", xmlType)
			fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for _, l := range locs {
				fmt.Fprintf(w, "<sitemap><loc>%s%s</loc></sitemap>", srv.URL, l)
			}
			fmt.Fprint(w, "</sitemapindex>")
		}
	}
	// No child mentions "product", so all are followed; the third level is
	// one too deep.
	srv.route("/sitemap.xml", index("/sitemap-a.xml"))
	srv.route("/sitemap-a.xml", index("/sitemap-b.xml"))
	srv.route("/sitemap-b.xml", index("/sitemap-c.xml"))
	srv.route("/sitemap-c.xml", index())
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("kantenwerk", catalog.PlatformJSONLD, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/sitemap.xml", "/sitemap-a.xml", "/sitemap-b.xml"}; !slices.Equal(srv.requests(), want) {
		t.Fatalf("requests %v, want %v", srv.requests(), want)
	}
	wantCounts(t, "problems", rep.Problems, map[string]int{scrape.ProblemNoProductURLs: 1})
}

func TestJSONLDProductPattern(t *testing.T) {
	srv := newShopServer(t)
	serveJSONLD(srv)
	h := newHarness(t, scrape.DefaultConfig())
	shop := testShop("kantenwerk", catalog.PlatformJSONLD, srv.URL)
	shop.ProductURLPattern = `^/product/`

	rep, err := h.runner.RunOnce(context.Background(), shop)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Listings != 1 || srv.count("/product/spitfire-radials/") != 1 || srv.count("/products/vans-skate-half-cab") != 0 {
		t.Fatalf("requests %v, report %+v: want only /product/ pages", srv.requests(), rep)
	}
}

func TestJSONLDAllProductPagesFailing(t *testing.T) {
	srv := newShopServer(t)
	serveJSONLD(srv)
	for _, p := range []string{"/products/baker-brand-logo-deck", "/products/vans-skate-half-cab", "/product/spitfire-radials/", "/products/decks-lookbook"} {
		srv.status(p, http.StatusForbidden)
	}
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("kantenwerk", catalog.PlatformJSONLD, srv.URL))
	if err == nil || !rep.Failed() {
		t.Fatalf("report %+v: a run that could read no product page must fail", rep)
	}
	wantCounts(t, "errors", rep.Errors, map[string]int{"status": 4})
}

func TestJSONLDSitemapMissing(t *testing.T) {
	srv := newShopServer(t)
	h := newHarness(t, scrape.DefaultConfig())

	_, err := h.runner.RunOnce(context.Background(), testShop("kantenwerk", catalog.PlatformJSONLD, srv.URL))
	if fetch.KindOf(err) != fetch.KindStatus {
		t.Fatalf("err %v: a missing sitemap is a failed first page", err)
	}
}
