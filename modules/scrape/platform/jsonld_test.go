package platform_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

const ldPageURL = "https://shop.example/products/thing"

func ldPage(blocks ...string) []byte {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><title>x</title>")
	for _, block := range blocks {
		b.WriteString(`<script type="application/ld+json">` + block + `</script>`)
	}
	b.WriteString("</head><body></body></html>")
	return []byte(b.String())
}

func parseLD(t *testing.T, blocks ...string) platform.Page {
	t.Helper()
	page, err := platform.ParseJSONLDProduct(ldPage(blocks...), ldPageURL, usShop(catalog.PlatformJSONLD), testAt, testRun)
	if err != nil {
		t.Fatal(err)
	}
	assertPageValid(t, page)
	return page
}

func TestJSONLDPriceIsExact(t *testing.T) {
	tests := []struct {
		price string
		want  int64
		kind  string
	}{
		{`"54.95"`, 5495, ""},
		{`54.95`, 5495, ""},
		{`54.950`, 5495, ""},
		{`" 54.95 "`, 5495, ""},
		{`12`, 1200, ""},
		{`19.999999999999999`, 0, platform.KindBadPrice}, // a float would say 20.00
		{`1e3`, 0, platform.KindBadPrice},
		{`"NaN"`, 0, platform.KindBadPrice},
		{`"-5.00"`, 0, platform.KindBadPrice},
		{`-5`, 0, platform.KindBadPrice},
		{`""`, 0, platform.KindBadPrice},
		{`"54,95"`, 0, platform.KindBadPrice},
		{`"$54.95"`, 0, platform.KindBadPrice},
		{`null`, 0, platform.KindMissingField},
		{`true`, 0, platform.KindBadPrice},
	}
	for _, tt := range tests {
		t.Run(tt.price, func(t *testing.T) {
			page := parseLD(t, `{"@type":"Product","name":"Baker Deck","offers":{"@type":"Offer","price":`+tt.price+`,"priceCurrency":"USD","availability":"https://schema.org/InStock"}}`)
			if tt.kind != "" {
				if len(page.Observations) != 0 || len(page.Problems) != 1 || page.Problems[0].Kind != tt.kind {
					t.Fatalf("want one %s problem, got %+v / %v", tt.kind, page.Observations, page.Problems)
				}
				return
			}
			if len(page.Observations) != 1 || page.Observations[0].Price.Amount != tt.want {
				t.Fatalf("want %d, got %+v / %v", tt.want, page.Observations, page.Problems)
			}
		})
	}
}

func TestJSONLDAvailability(t *testing.T) {
	tests := map[string]catalog.Availability{
		"https://schema.org/InStock":             catalog.InStock,
		"http://schema.org/InStock":              catalog.InStock,
		"InStock":                                catalog.InStock,
		"schema:InStock":                         catalog.InStock,
		"in_stock":                               catalog.InStock,
		"https://schema.org/LimitedAvailability": catalog.InStock,
		"https://schema.org/OnlineOnly":          catalog.InStock,
		"http://schema.org/OutOfStock":           catalog.OutOfStock,
		"https://schema.org/SoldOut":             catalog.OutOfStock,
		"https://schema.org/Discontinued":        catalog.OutOfStock,
		"https://schema.org/PreOrder":            catalog.PreOrder,
		"PreSale":                                catalog.PreOrder,
		"https://schema.org/BackOrder":           catalog.BackOrder,
		"MadeToOrder":                            catalog.BackOrder,
	}
	for in, want := range tests {
		page := parseLD(t, `{"@type":"Product","name":"Deck","offers":{"price":"1.00","priceCurrency":"USD","availability":"`+in+`"}}`)
		if len(page.Observations) != 1 || page.Observations[0].Availability != want {
			t.Errorf("%s: got %+v / %v, want %s", in, page.Observations, page.Problems, want)
		}
	}
	page := parseLD(t, `{"@type":"Product","name":"Deck","offers":{"price":"1.00","priceCurrency":"USD","availability":"https://schema.org/Reserved"}}`)
	if len(page.Observations) != 0 || page.Problems[0].Kind != platform.KindBadAvailability {
		t.Fatalf("unknown availability: %+v / %v", page.Observations, page.Problems)
	}
}

func TestJSONLDShapes(t *testing.T) {
	offer := `{"@type":"Offer","price":"10.00","priceCurrency":"USD","availability":"InStock"}`
	tests := []struct {
		name   string
		blocks []string
		obs    int
	}{
		{"type array", []string{`{"@type":["Product","Thing"],"name":"Deck","offers":` + offer + `}`}, 1},
		{"prefixed type", []string{`{"@type":"http://schema.org/Product","name":"Deck","offers":` + offer + `}`}, 1},
		{"top-level array", []string{`[{"@type":"WebSite","name":"x"},{"@type":"Product","name":"Deck","offers":[` + offer + `]}]`}, 1},
		{"graph", []string{`{"@context":"https://schema.org","@graph":[{"@type":"Product","name":"Deck","offers":` + offer + `}]}`}, 1},
		{"web page main entity", []string{`{"@type":"WebPage","mainEntity":{"@type":"Product","name":"Deck","offers":` + offer + `}}`}, 1},
		{"linked offer", []string{`{"@graph":[{"@type":"Product","name":"Deck","offers":{"@id":"#o"}},{"@type":"Offer","@id":"#o","price":"10.00","priceCurrency":"USD","availability":"InStock"}]}`}, 1},
		{"raw newline in a string", []string{"{\"@type\":\"Product\",\"name\":\"Deck\",\"description\":\"line one\nline two\",\"offers\":" + offer + "}"}, 1},
		{"cdata wrapper", []string{"//<![CDATA[\n{\"@type\":\"Product\",\"name\":\"Deck\",\"offers\":" + offer + "}\n//]]>"}, 1},
		{"two values in one block", []string{`{"@type":"Organization","name":"x"} {"@type":"Product","name":"Deck","offers":` + offer + `}`}, 1},
		{"duplicate blocks", []string{`{"@type":"Product","name":"Deck","offers":` + offer + `}`, `{"@type":"Product","name":"Deck","offers":` + offer + `}`}, 1},
		{"related products are not read", []string{`{"@type":"Product","name":"Deck","offers":` + offer + `,"isRelatedTo":{"@type":"Product","name":"Wax","offers":` + offer + `}}`}, 1},
		{"aggregate with equal bounds", []string{`{"@type":"Product","name":"Deck","offers":{"@type":"AggregateOffer","lowPrice":"10.00","highPrice":10.0,"priceCurrency":"USD","availability":"InStock"}}`}, 1},
		{"aggregate range", []string{`{"@type":"Product","name":"Deck","offers":{"@type":"AggregateOffer","lowPrice":"10.00","highPrice":"12.00","priceCurrency":"USD","availability":"InStock"}}`}, 0},
		{"offer cycle", []string{`{"@graph":[{"@type":"Product","name":"Deck","offers":{"@id":"#agg"}},{"@type":"AggregateOffer","@id":"#agg","offers":{"@id":"#agg"},"lowPrice":"10.00","priceCurrency":"USD","availability":"InStock"}]}`}, 1},
		{"no markup", []string{`{"@type":"BreadcrumbList","itemListElement":[]}`}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := parseLD(t, tt.blocks...)
			if len(page.Observations) != tt.obs {
				t.Fatalf("want %d observations, got %+v / %v", tt.obs, page.Observations, page.Problems)
			}
			if tt.obs > 0 && len(page.Listings) != 1 {
				t.Fatalf("want one listing, got %d", len(page.Listings))
			}
		})
	}
}

func TestJSONLDImage(t *testing.T) {
	for in, want := range map[string]string{
		`"https://cdn.example/a.jpg"`: "https://cdn.example/a.jpg",
		`"/img/a.jpg"`:                "https://shop.example/img/a.jpg",
		`"//cdn.example/a.jpg"`:       "https://cdn.example/a.jpg",
		`{"@type":"ImageObject","name":"front view","caption":"Deck","url":"https://cdn.example/b.jpg"}`: "https://cdn.example/b.jpg",
		`{"@type":"ImageObject","contentUrl":"https://cdn.example/c.jpg"}`:                               "https://cdn.example/c.jpg",
		`[{"@type":"ImageObject","name":"x"},"https://cdn.example/d.jpg"]`:                               "https://cdn.example/d.jpg",
		`{"@type":"ImageObject","name":"no url"}`:                                                        "",
		`"javascript:alert(1)"`: "",
	} {
		page := parseLD(t, `{"@type":"Product","name":"Deck","image":`+in+`,"offers":{"price":"1.00","priceCurrency":"USD","availability":"InStock"}}`)
		if got := page.Listings[0].ImageURL; got != want {
			t.Errorf("image %s: got %q, want %q", in, got, want)
		}
	}
}

func TestJSONLDGTIN(t *testing.T) {
	tests := []struct {
		field, value, want string
		problem            bool
	}{
		{"gtin13", `"4006381333931"`, "4006381333931", false},
		{"gtin13", `4006381333931`, "4006381333931", false},
		{"gtin12", `614141000036`, "614141000036", false},
		{"gtin12", `"0614141000036"`, "0614141000036", false}, // 13 digits: kept as the valid GTIN-13 it is
		{"gtin", `"012345678905"`, "012345678905", false},
		{"gtin", `12345678905`, "012345678905", false}, // a UPC that lost its leading zero
		{"gtin14", `"00012345678905"`, "00012345678905", false},
		{"gtin8", `"96385074"`, "96385074", false},
		{"gtin13", `"4006381333932"`, "", true},
		{"gtin", `"ABC"`, "", true},
		{"gtin13", `"0000000000000"`, "", false}, // the "no barcode" placeholder
	}
	for _, tt := range tests {
		t.Run(tt.field+tt.value, func(t *testing.T) {
			page := parseLD(t, `{"@type":"Product","name":"Deck","offers":{"price":"1.00","priceCurrency":"USD","availability":"InStock","`+tt.field+`":`+tt.value+`}}`)
			if len(page.Listings) != 1 {
				t.Fatalf("a bad GTIN must not drop the product: %v", page.Problems)
			}
			got := page.Listings[0].Variants[0].GTIN
			hasProblem := len(page.Problems) > 0 && page.Problems[0].Kind == platform.KindBadGTIN
			if tt.want != "" && got != tt.want {
				t.Fatalf("GTIN %q, want %q", got, tt.want)
			}
			if tt.want == "" && got != "" && !catalog.ValidGTIN(got) {
				t.Fatalf("invalid GTIN %q kept", got)
			}
			if tt.problem && !hasProblem && got == "" {
				t.Fatalf("want a bad_gtin problem, got %v", page.Problems)
			}
		})
	}
}

func TestJSONLDDocumentErrors(t *testing.T) {
	for name, body := range map[string]string{
		"empty":  "",
		"json":   `{"products":[]}`,
		"gzip":   "\x1f\x8b\x08\x00\x00\x00",
		"binary": "PK\x03\x04\x00\x00",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := platform.ParseJSONLDProduct([]byte(body), ldPageURL, usShop(catalog.PlatformJSONLD), testAt, testRun)
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("got %v, want an error wrapping ErrInvalid", err)
			}
		})
	}
}
