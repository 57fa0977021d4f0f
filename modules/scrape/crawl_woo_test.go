package scrape_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
)

const wooAPI = "/wp-json/wc/store/v1/products"

func wooPage(n int) string { return fmt.Sprintf("%s?per_page=100&page=%d", wooAPI, n) }

// wooVariations are the variations of the two products of products-1 that
// are priced as a range (4213) or in stock without saying which size (4216).
var wooVariations = []string{"4301", "4302", "4303", "4601", "4602"}

// serveWoo serves two pages (announced by X-WP-TotalPages) and the
// variations.
func serveWoo(srv *shopServer) {
	srv.file(wooPage(1), "woo/products-1.json", jsonType, "X-WP-Total", "11", "X-WP-TotalPages", "2")
	srv.file(wooPage(2), "woo/products-2.json", jsonType, "X-WP-Total", "11", "X-WP-TotalPages", "2")
	for _, id := range wooVariations {
		srv.file(wooAPI+"/"+id, "woo/variation-"+id+".json", jsonType)
	}
}

// wooProblems are what the parsers report for products-1 and -2 once the
// price ranges are resolved by the variation requests.
var wooProblems = map[string]int{"unsupported": 1, "bad_price": 1, "bad_currency": 1, "bad_availability": 1, "bad_item": 1}

func TestWooCrawl(t *testing.T) {
	srv := newShopServer(t)
	serveWoo(srv)
	srv.file(wooPage(3), "shopify/empty.json", jsonType) // must not be asked for
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("woo-skate", catalog.PlatformWooCommerce, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if srv.count(wooPage(3)) != 0 {
		t.Fatalf("requests %v: X-WP-TotalPages said 2 pages", srv.requests())
	}
	for _, id := range wooVariations {
		if srv.count(wooAPI+"/"+id) != 1 {
			t.Errorf("variation %s requested %d times, want once", id, srv.count(wooAPI+"/"+id))
		}
	}
	// 5 observations from page 1, 5 from the variations, 2 from page 2.
	if rep.Pages != 7 || rep.Listings != 11 || rep.Observations != 12 {
		t.Fatalf("report %+v: want 7 pages, 11 listings, 12 observations", rep)
	}
	wantCounts(t, "problems", rep.Problems, wooProblems)
	wantCounts(t, "errors", rep.Errors, nil)

	_, obs := h.sink.published(rep.RunID)
	byVariant := map[string]catalog.PriceObservation{}
	for _, o := range obs {
		byVariant[o.Variant.ListingExternalID+"/"+o.Variant.VariantExternalID] = o
	}
	for key, want := range map[string]struct {
		price int64
		avail catalog.Availability
	}{
		"4213/4301": {6495, catalog.InStock},
		"4213/4302": {6995, catalog.InStock},
		"4213/4303": {6995, catalog.OutOfStock},
		"4216/4602": {6500, catalog.OutOfStock},
		"4231/4231": {5995, catalog.OutOfStock},
	} {
		o, ok := byVariant[key]
		if !ok || o.Price.Amount != want.price || o.Availability != want.avail {
			t.Errorf("observation %s = %+v (found %v), want %d %s", key, o, ok, want.price, want.avail)
		}
	}
}

func TestWooFailedVariation(t *testing.T) {
	srv := newShopServer(t)
	serveWoo(srv)
	srv.status(wooAPI+"/4303", http.StatusNotFound)
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("woo-skate", catalog.PlatformWooCommerce, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "errors", rep.Errors, map[string]int{"status": 1})
	if rep.Observations != 11 || rep.Listings != 11 {
		t.Fatalf("report %+v: want everything but variation 4303", rep)
	}
}

func TestWooWithoutTotalPagesWalksToTheEmptyPage(t *testing.T) {
	srv := newShopServer(t)
	srv.file(wooPage(1), "woo/products-2.json", jsonType)
	srv.route(wooPage(2), func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", jsonType)
		fmt.Fprint(w, "[]")
	})
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("woo-skate", catalog.PlatformWooCommerce, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if len(srv.requests()) != 2 || rep.Listings != 2 {
		t.Fatalf("requests %v, report %+v: want pages 1 and 2", srv.requests(), rep)
	}
}

func TestWooNotModifiedReusesVariationsToo(t *testing.T) {
	srv := newShopServer(t)
	serveWoo(srv)
	h := newHarness(t, scrape.DefaultConfig())
	shop := testShop("woo-skate", catalog.PlatformWooCommerce, srv.URL)
	if _, err := h.runner.RunOnce(context.Background(), shop); err != nil {
		t.Fatal(err)
	}
	rep, err := h.runner.RunOnce(context.Background(), shop)
	if err != nil {
		t.Fatal(err)
	}
	if rep.NotModified != 7 || rep.Observations != 12 || rep.Listings != 11 {
		t.Fatalf("second run %+v: want all 7 documents reused and everything published", rep)
	}
}
