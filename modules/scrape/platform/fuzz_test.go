package platform_test

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

// addSeeds adds every test input of one adapter to the fuzz corpus.
func addSeeds(f *testing.F, dir, ext string) {
	for _, file := range inputs(f, dir, ext) {
		body, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
}

// checkFuzzResult holds every parser to its contract on any input: no panic
// (the fuzzer catches those), a document error that wraps ErrInvalid, or a
// page whose every listing and observation validates.
func checkFuzzResult(t *testing.T, page platform.Page, err error) {
	if err != nil {
		if !errors.Is(err, catalog.ErrInvalid) {
			t.Fatalf("error %v does not wrap ErrInvalid", err)
		}
		return
	}
	assertPageValid(t, page)
}

func FuzzShopify(f *testing.F) {
	addSeeds(f, "shopify", ".json")
	f.Add([]byte(`{"products":[{"id":1,"title":"t","handle":"h","tags":"a,b","variants":[{"id":1,"price":"1","available":true,"barcode":123}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		page, err := platform.ParseShopifyProducts(body, usShop(catalog.PlatformShopify), testAt, testRun)
		checkFuzzResult(t, page, err)
	})
}

func FuzzWoo(f *testing.F) {
	addSeeds(f, "woo", ".json")
	f.Fuzz(func(t *testing.T, body []byte) {
		page, err := platform.ParseWooProducts(body, usShop(catalog.PlatformWooCommerce), testAt, testRun)
		checkFuzzResult(t, page, err)
	})
}

func FuzzJSONLD(f *testing.F) {
	addSeeds(f, "jsonld", ".html")
	f.Add(ldPage(`{"@graph":[{"@id":"#a","@type":"Product","name":"x","offers":{"@id":"#a"}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		page, err := platform.ParseJSONLDProduct(body, ldPageURL, usShop(catalog.PlatformJSONLD), testAt, testRun)
		checkFuzzResult(t, page, err)
	})
}

func FuzzSitemap(f *testing.F) {
	for _, file := range inputs(f, "sitemap", ".xml") {
		body, err := os.ReadFile(filepath.Clean(file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sm, err := platform.ParseSitemap(body)
		if err != nil {
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		for _, e := range append(sm.URLs, sm.Sitemaps...) {
			u, err := url.Parse(e.Loc)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("entry %q is not an absolute http(s) URL", e.Loc)
			}
		}
	})
}
