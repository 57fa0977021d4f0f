package platform_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

func usShop(p catalog.Platform) catalog.Shop { return testShop(p, "us.json") }

func TestShopifyExactIDsAndMoney(t *testing.T) {
	body := `{"products":[{"id":9007199254740993,"title":"Mob Grip","handle":"mob","vendor":"MOB","product_type":"Griptape",
		"tags":"grip, sale","variants":[{"id":18446744073709551615,"title":"Default Title","option1":"Default Title","price":"92233720368547758.07","compare_at_price":"0.00","available":true}],
		"options":[{"name":"Title","position":1,"values":["Default Title"]}]}]}`
	page, err := platform.ParseShopifyProducts([]byte(body), usShop(catalog.PlatformShopify), testAt, testRun)
	if err != nil {
		t.Fatal(err)
	}
	assertPageValid(t, page)
	if len(page.Listings) != 1 || len(page.Observations) != 1 {
		t.Fatalf("got %d listings, %d observations, problems %v", len(page.Listings), len(page.Observations), page.Problems)
	}
	l, o := page.Listings[0], page.Observations[0]
	if l.ExternalID != "9007199254740993" || l.Variants[0].ExternalID != "18446744073709551615" {
		t.Fatalf("ids not exact: %s / %s", l.ExternalID, l.Variants[0].ExternalID)
	}
	if o.Price.Amount != 9223372036854775807 || !o.CompareAt.IsZero() {
		t.Fatalf("money not exact or compare-at 0.00 kept: %+v", o)
	}
	if got := strings.Join(l.Tags, "|"); got != "grip|sale" {
		t.Fatalf("comma-separated tags read as %q", got)
	}
	if len(l.Variants[0].Options) != 0 || l.Variants[0].Title != "" {
		t.Fatalf("Default Title placeholder kept: %+v", l.Variants[0])
	}
	if !o.ObservedAt.Equal(testAt) || o.SourceRun != testRun {
		t.Fatalf("observation time or run not as passed: %+v", o)
	}
}

func TestShopifyCompareAt(t *testing.T) {
	tests := []struct {
		compareAt string
		want      int64
		onSale    bool
	}{
		{`null`, 0, false},
		{`"0.00"`, 0, false},
		{`""`, 0, false},
		{`"69.95"`, 6995, true},
		{`"49.95"`, 4995, false}, // below the price: kept as published, not a sale
		{`"54.95"`, 5495, false},
	}
	for _, tt := range tests {
		t.Run(tt.compareAt, func(t *testing.T) {
			body := `{"products":[{"id":1,"title":"Baker Deck","handle":"baker","variants":[{"id":2,"price":"54.95","compare_at_price":` + tt.compareAt + `,"available":true}]}]}`
			page, err := platform.ParseShopifyProducts([]byte(body), usShop(catalog.PlatformShopify), testAt, testRun)
			if err != nil {
				t.Fatal(err)
			}
			o := page.Observations[0]
			if o.CompareAt.Amount != tt.want || o.OnSale() != tt.onSale {
				t.Fatalf("compare-at %s: got %v on sale %v", tt.compareAt, o.CompareAt, o.OnSale())
			}
		})
	}
}

func TestShopifyBadPricesAreProblems(t *testing.T) {
	for _, price := range []string{`"NaN"`, `"-5.00"`, `"1e3"`, `""`, `1e3`, `"54.955"`, `"$54.95"`, `null`} {
		t.Run(price, func(t *testing.T) {
			body := `{"products":[{"id":1,"title":"Baker Deck","handle":"baker","variants":[{"id":2,"price":` + price + `,"available":true},{"id":3,"price":"10.00","available":true}]}]}`
			page, err := platform.ParseShopifyProducts([]byte(body), usShop(catalog.PlatformShopify), testAt, testRun)
			if err != nil {
				t.Fatal(err)
			}
			assertPageValid(t, page)
			if len(page.Observations) != 1 || page.Observations[0].Variant.VariantExternalID != "3" {
				t.Fatalf("want only the good variant observed, got %+v", page.Observations)
			}
			if len(page.Problems) != 1 {
				t.Fatalf("want one problem, got %v", page.Problems)
			}
			if k := page.Problems[0].Kind; k != platform.KindBadPrice && k != platform.KindBadItem {
				t.Fatalf("problem kind %q", k)
			}
		})
	}
}

func TestShopifyDocumentErrors(t *testing.T) {
	for name, body := range map[string]string{
		"empty":           "",
		"spaces":          "  \n",
		"html":            "<!DOCTYPE html><html><body>Too Many Requests</body></html>",
		"truncated":       `{"products":[{"id":1,"title":"Baker`,
		"array":           `[{"id":1}]`,
		"no array":        `{"errors":"Not Found"}`,
		"not json":        `Too Many Requests`,
		"binary":          "\x1f\x8b\x08\x00",
		"products object": `{"products":{"id":1}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := platform.ParseShopifyProducts([]byte(body), usShop(catalog.PlatformShopify), testAt, testRun)
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("got %v, want an error wrapping ErrInvalid", err)
			}
		})
	}
}

func TestParsersRejectBadRunInputs(t *testing.T) {
	body := []byte(`{"products":[]}`)
	bad := usShop(catalog.PlatformShopify)
	bad.Currency = "usd"
	if _, err := platform.ParseShopifyProducts(body, bad, testAt, testRun); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("bad shop: %v", err)
	}
	if _, err := platform.ParseWooProducts([]byte(`[]`), usShop(catalog.PlatformWooCommerce), time.Time{}, testRun); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("zero time: %v", err)
	}
	if _, err := platform.ParseJSONLDProduct([]byte("<html></html>"), "/relative", usShop(catalog.PlatformJSONLD), testAt, testRun); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("relative page URL: %v", err)
	}
	if _, err := platform.ParseShopifyProducts(body, usShop(catalog.PlatformShopify), testAt, strings.Repeat("r", 101)); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("long run id: %v", err)
	}
}
