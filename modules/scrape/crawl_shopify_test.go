package scrape_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
)

const jsonType = "application/json; charset=utf-8"

func shopifyPage(n int) string { return fmt.Sprintf("/products.json?limit=250&page=%d", n) }

// serveShopify serves products-1, products-2 and then an empty page.
func serveShopify(srv *shopServer) {
	srv.file(shopifyPage(1), "shopify/products-1.json", jsonType)
	srv.file(shopifyPage(2), "shopify/products-2.json", jsonType)
	srv.file(shopifyPage(3), "shopify/empty.json", jsonType)
}

// shopifyProblems are the problems the parsers report for products-1 and -2.
var shopifyProblems = map[string]int{"bad_gtin": 1, "bad_price": 6, "missing_field": 2, "bad_item": 1}

func TestShopifyCrawl(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{shopifyPage(1), shopifyPage(2), shopifyPage(3)}; !slices.Equal(srv.requests(), want) {
		t.Fatalf("requests %v, want %v: pagination must stop at the empty page", srv.requests(), want)
	}
	if rep.Pages != 3 || rep.Listings != 9 || rep.Observations != 18 || rep.NotModified != 0 || rep.Incomplete != "" {
		t.Errorf("report %+v, want 3 pages, 9 listings, 18 observations", rep)
	}
	wantCounts(t, "problems", rep.Problems, shopifyProblems)
	wantCounts(t, "errors", rep.Errors, nil)
	wantBytes := int64(len(readTestdata(t, "shopify/products-1.json")) + len(readTestdata(t, "shopify/products-2.json")) + len(readTestdata(t, "shopify/empty.json")))
	if rep.Bytes != wantBytes {
		t.Errorf("bytes = %d, want %d", rep.Bytes, wantBytes)
	}
	listings, obs := h.sink.published(rep.RunID)
	if len(listings) != 9 || len(obs) != 18 {
		t.Fatalf("sink got %d listings and %d observations, want 9 and 18", len(listings), len(obs))
	}
	for _, o := range obs {
		if !o.ObservedAt.Equal(testStart) || o.SourceRun != rep.RunID {
			t.Fatalf("observation %s at %v of run %q, want %v and %q", o.Variant, o.ObservedAt, o.SourceRun, testStart, rep.RunID)
		}
	}
	if !strings.HasPrefix(rep.RunID, "20261101T120000000Z-") || !rep.Start.Equal(testStart) {
		t.Errorf("run id %q, start %v: want a time-based id", rep.RunID, rep.Start)
	}

	raw := h.raw.of(rep.RunID)
	if len(raw) != 3 {
		t.Fatalf("archive got %d pages, want 3", len(raw))
	}
	for i, p := range raw {
		file := []string{"shopify/products-1.json", "shopify/products-2.json", "shopify/empty.json"}[i]
		if p.Seq != i || p.Status != http.StatusOK || p.URL != srv.URL+shopifyPage(i+1) ||
			string(p.Body) != readTestdata(t, file) || p.ContentType != jsonType || p.Shop != "ocean-ave" || !p.FetchedAt.Equal(testStart) {
			t.Errorf("raw page %d = %+v (body %d bytes), want seq %d of %s", i, p, len(p.Body), i, file)
		}
	}
}

func TestShopifyCollection(t *testing.T) {
	srv := newShopServer(t)
	srv.file("/collections/skateboards/products.json?limit=250&page=1", "shopify/products-2.json", jsonType)
	srv.file("/collections/skateboards/products.json?limit=250&page=2", "shopify/empty.json", jsonType)
	h := newHarness(t, scrape.DefaultConfig())
	shop := testShop("ocean-ave", catalog.PlatformShopify, srv.URL)
	shop.Collection = "skateboards"

	rep, err := h.runner.RunOnce(context.Background(), shop)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Listings != 2 || rep.Pages != 2 {
		t.Fatalf("report %+v, want 2 listings from 2 pages of the collection", rep)
	}
}

func TestShopifyPageBound(t *testing.T) {
	srv := newShopServer(t)
	for n := 1; n <= 10; n++ { // a shop that never serves an empty page
		srv.file(shopifyPage(n), "shopify/products-2.json", jsonType)
	}
	cfg := scrape.DefaultConfig()
	cfg.MaxListingPages = 3
	h := newHarness(t, cfg)

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if len(srv.requests()) != 3 || rep.Pages != 3 || !strings.Contains(rep.Incomplete, "listing page bound of 3") {
		t.Fatalf("requests %v, report %+v: want 3 pages and the bound named", srv.requests(), rep)
	}
	// The same products on every page are published once.
	if rep.Listings != 2 || rep.Observations != 2 {
		t.Errorf("listings %d, observations %d, want 2 and 2", rep.Listings, rep.Observations)
	}
}

func TestShopifyNotModifiedReusesPages(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	h := newHarness(t, scrape.DefaultConfig())
	shop := testShop("ocean-ave", catalog.PlatformShopify, srv.URL)
	first, err := h.runner.RunOnce(context.Background(), shop)
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Hour)

	second, err := h.runner.RunOnce(context.Background(), shop)
	if err != nil {
		t.Fatal(err)
	}
	if second.RunID == first.RunID {
		t.Fatal("two runs share an id")
	}
	if second.Pages != 3 || second.NotModified != 3 || second.Bytes != 0 || second.Listings != 9 || second.Observations != 18 {
		t.Fatalf("second run %+v: want 3 pages, all not modified, nothing downloaded, everything published again", second)
	}
	wantCounts(t, "problems", second.Problems, shopifyProblems)
	_, obs := h.sink.published(second.RunID)
	if len(obs) != 18 {
		t.Fatalf("second run published %d observations, want 18", len(obs))
	}
	for _, o := range obs {
		if !o.ObservedAt.Equal(testStart.Add(time.Hour)) || o.SourceRun != second.RunID {
			t.Fatalf("reused observation %s at %v of %q, want the second run's time and id", o.Variant, o.ObservedAt, o.SourceRun)
		}
	}
	// The first run's observations are untouched by the reuse.
	_, obs = h.sink.published(first.RunID)
	if obs[0].SourceRun != first.RunID || !obs[0].ObservedAt.Equal(testStart) {
		t.Fatalf("first run's observation changed to %+v", obs[0])
	}
	for _, p := range h.raw.of(second.RunID) {
		if p.Status != http.StatusNotModified || len(p.Body) != 0 {
			t.Errorf("raw page %d: status %d with %d bytes, want an empty 304", p.Seq, p.Status, len(p.Body))
		}
	}
}

func TestShopifyWithoutMemoDownloadsAgain(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	cfg := scrape.DefaultConfig()
	cfg.MemoEntries = 0
	h := newHarness(t, cfg)
	shop := testShop("ocean-ave", catalog.PlatformShopify, srv.URL)
	for range 2 {
		rep, err := h.runner.RunOnce(context.Background(), shop)
		if err != nil {
			t.Fatal(err)
		}
		if rep.NotModified != 0 || rep.Observations != 18 {
			t.Fatalf("report %+v: without a memo no request may be conditional", rep)
		}
	}
}

func TestShopifyFailedPageMidRun(t *testing.T) {
	srv := newShopServer(t)
	srv.file(shopifyPage(1), "shopify/products-1.json", jsonType)
	srv.status(shopifyPage(2), http.StatusNotFound)
	srv.file(shopifyPage(3), "shopify/products-2.json", jsonType)
	srv.file(shopifyPage(4), "shopify/empty.json", jsonType)
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatalf("a failed page mid-run failed the run: %v", err)
	}
	wantCounts(t, "errors", rep.Errors, map[string]int{"status": 1})
	if rep.Pages != 3 || rep.Listings != 9 || rep.Observations != 18 {
		t.Fatalf("report %+v: want the other pages read and published", rep)
	}
	if listings, _ := h.sink.published(rep.RunID); len(listings) != 9 {
		t.Fatalf("sink got %d listings, want 9", len(listings))
	}
	if !strings.Contains(rep.Summary(), "errors: status=1") {
		t.Errorf("summary %q does not count the error", rep.Summary())
	}
}

func TestShopifyRetriesCounted(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	var calls atomic.Int32
	body := readTestdata(t, "shopify/products-2.json")
	srv.route(shopifyPage(2), func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", jsonType)
		fmt.Fprint(w, body)
	})
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Retries != 1 || len(rep.Errors) != 0 || rep.Listings != 9 {
		t.Fatalf("report %+v: want one retry, no error, everything read", rep)
	}
}

func TestShopifyStopsAfterConsecutiveFailures(t *testing.T) {
	srv := newShopServer(t)
	srv.file(shopifyPage(1), "shopify/products-1.json", jsonType) // later pages: 404
	cfg := scrape.DefaultConfig()
	cfg.MaxConsecutiveFailures = 3
	h := newHarness(t, cfg)

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if len(srv.requests()) != 4 || !strings.Contains(rep.Incomplete, "3 pages failed in a row") || rep.Listings != 7 {
		t.Fatalf("requests %v, report %+v: want a stop after 3 failures, page 1 kept", srv.requests(), rep)
	}
	wantCounts(t, "errors", rep.Errors, map[string]int{"status": 3})
}

// TestShopifyProductOnTwoPages covers pagination that shifts during a walk:
// a product seen again with a new variant is published once per batch, with
// both variants, and the variant seen twice is observed once.
func TestShopifyProductOnTwoPages(t *testing.T) {
	srv := newShopServer(t)
	product := func(variants string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", jsonType)
			fmt.Fprintf(w, `{"products":[{"id":1,"title":"Baker Logo Deck","handle":"baker-logo","product_type":"Decks","variants":[%s],"options":[{"name":"Size"}]}]}`, variants)
		}
	}
	v825 := `{"id":11,"title":"8.25","option1":"8.25","price":"64.95","available":true}`
	v85 := `{"id":12,"title":"8.5","option1":"8.5","price":"64.95","available":false}`
	srv.route(shopifyPage(1), product(v825))
	srv.route(shopifyPage(2), product(v825+","+v85))
	srv.file(shopifyPage(3), "shopify/empty.json", jsonType)
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Listings != 1 || rep.Observations != 2 || len(h.sink.batches) != 1 {
		t.Fatalf("report %+v in %d batches: want 1 listing, 2 observations, 1 batch", rep, len(h.sink.batches))
	}
	if l := h.sink.batches[0].Listings; len(l) != 1 || len(l[0].Variants) != 2 {
		t.Fatalf("batch listings %+v: want the product once with both variants", l)
	}
}
