package platform_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

var testAt = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

const testRun = "run-golden"

// testShop is the shop a test file is read for. The file name picks the
// currency: "-eur.", "-gbp.", "-jpy.", "-cad." before the extension; USD
// otherwise.
func testShop(p catalog.Platform, file string) catalog.Shop {
	s := catalog.Shop{
		Slug: "ocean-ave", Name: "Ocean Ave Skate", Platform: p,
		BaseURL: "https://shop.example", Currency: "USD", Country: "US",
	}
	for _, c := range []struct{ tag, currency, country string }{
		{"-eur.", "EUR", "DE"}, {"-gbp.", "GBP", "GB"}, {"-jpy.", "JPY", "JP"}, {"-cad.", "CAD", "CA"},
	} {
		if strings.Contains(filepath.Base(file), c.tag) {
			s.Currency, s.Country = c.currency, c.country
		}
	}
	return s
}

type goldenProblem struct {
	ItemID string
	Kind   string
	Error  string
}

// goldenPage is a Page (or the error instead of one) as golden JSON.
type goldenPage struct {
	Error        string                     `json:",omitempty"`
	Listings     []catalog.Listing          `json:",omitempty"`
	Observations []catalog.PriceObservation `json:",omitempty"`
	Problems     []goldenProblem            `json:",omitempty"`
}

func toGolden(t *testing.T, page platform.Page, err error) goldenPage {
	t.Helper()
	if err != nil {
		if !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("document error %v does not wrap catalog.ErrInvalid", err)
		}
		return goldenPage{Error: err.Error()}
	}
	assertPageValid(t, page)
	g := goldenPage{Listings: page.Listings, Observations: page.Observations}
	for _, p := range page.Problems {
		g.Problems = append(g.Problems, goldenProblem{ItemID: p.ItemID, Kind: p.Kind, Error: p.Err.Error()})
	}
	return g
}

// assertPageValid checks the contract every parser promises: everything in a
// Page validates, and every problem wraps ErrInvalid.
func assertPageValid(t testing.TB, page platform.Page) {
	t.Helper()
	for _, l := range page.Listings {
		if err := l.Validate(); err != nil {
			t.Fatalf("listing %s does not validate: %v", l.ExternalID, err)
		}
	}
	seen := map[catalog.VariantKey]bool{}
	for _, o := range page.Observations {
		if err := o.Validate(); err != nil {
			t.Fatalf("observation %s does not validate: %v", o.Variant, err)
		}
		if seen[o.Variant] {
			t.Fatalf("variant %s observed twice", o.Variant)
		}
		seen[o.Variant] = true
	}
	for _, p := range page.Problems {
		if !errors.Is(p, catalog.ErrInvalid) || p.Kind == "" {
			t.Fatalf("problem %v has no kind or does not wrap ErrInvalid", p)
		}
	}
}

// checkGolden compares got, as indented JSON, with the golden file beside
// input, or rewrites it under -update.
func checkGolden(t *testing.T, input string, got any) {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	golden := strings.TrimSuffix(input, filepath.Ext(input)) + ".golden.json"
	if *update {
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(data, want) {
		gotLines, wantLines := strings.Split(string(data), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gotLines), len(wantLines)) {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update to accept)", golden, i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d (run go test -update to accept)", golden, len(gotLines), len(wantLines))
	}
}

// inputs lists the test inputs of one adapter: testdata/<dir>/*<ext>, golden
// files excluded.
func inputs(t testing.TB, dir, ext string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*"+ext))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".golden.json") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no inputs in testdata/%s", dir)
	}
	return out
}

func runGolden(t *testing.T, dir, ext string, parse func(file string, body []byte) (platform.Page, error)) {
	for _, file := range inputs(t, dir, ext) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			page, err := parse(file, body)
			checkGolden(t, file, toGolden(t, page, err))
		})
	}
}

func TestShopifyGolden(t *testing.T) {
	runGolden(t, "shopify", ".json", func(file string, body []byte) (platform.Page, error) {
		return platform.ParseShopifyProducts(body, testShop(catalog.PlatformShopify, file), testAt, testRun)
	})
}

func TestWooGolden(t *testing.T) {
	runGolden(t, "woo", ".json", func(file string, body []byte) (platform.Page, error) {
		return platform.ParseWooProducts(body, testShop(catalog.PlatformWooCommerce, file), testAt, testRun)
	})
}

func TestJSONLDGolden(t *testing.T) {
	runGolden(t, "jsonld", ".html", func(file string, body []byte) (platform.Page, error) {
		pageURL := "https://shop.example/products/" + strings.TrimSuffix(filepath.Base(file), ".html")
		return platform.ParseJSONLDProduct(body, pageURL, testShop(catalog.PlatformJSONLD, file), testAt, testRun)
	})
}

func TestSitemapGolden(t *testing.T) {
	for _, file := range inputs(t, "sitemap", ".xml") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sm, err := platform.ParseSitemap(body)
			var got any = sm
			if err != nil {
				if !errors.Is(err, catalog.ErrInvalid) {
					t.Errorf("error %v does not wrap catalog.ErrInvalid", err)
				}
				got = map[string]string{"Error": err.Error()}
			}
			checkGolden(t, file, got)
		})
	}
}
