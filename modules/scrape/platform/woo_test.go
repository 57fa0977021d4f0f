package platform_test

import (
	"errors"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

func wooItem(prices, extra string) string {
	return `[{"id":7,"name":"Baker Deck","slug":"baker-deck","type":"simple","permalink":"https://woo.example/product/baker-deck/","prices":` + prices + `,"is_in_stock":true` + extra + `}]`
}

func TestWooMinorUnits(t *testing.T) {
	tests := []struct {
		name      string
		prices    string
		wantPrice catalog.Money
		wantKind  string
	}{
		{"usd", `{"price":"5495","regular_price":"5495","currency_code":"USD","currency_minor_unit":2}`, catalog.Money{Amount: 5495, Currency: "USD"}, ""},
		{"jpy native", `{"price":"12000","currency_code":"JPY","currency_minor_unit":0}`, catalog.Money{Amount: 12000, Currency: "JPY"}, ""},
		{"jpy published with 2 decimals", `{"price":"1200000","currency_code":"JPY","currency_minor_unit":2}`, catalog.Money{Amount: 12000, Currency: "JPY"}, ""},
		{"jpy fractional yen", `{"price":"1200050","currency_code":"JPY","currency_minor_unit":2}`, catalog.Money{}, platform.KindBadPrice},
		{"usd published with 0 decimals", `{"price":"55","currency_code":"USD","currency_minor_unit":0}`, catalog.Money{Amount: 5500, Currency: "USD"}, ""},
		{"bhd published with 2 decimals", `{"price":"2500","currency_code":"BHD","currency_minor_unit":2}`, catalog.Money{Amount: 25000, Currency: "BHD"}, ""},
		{"rescale overflow", `{"price":"9223372036854775807","currency_code":"USD","currency_minor_unit":0}`, catalog.Money{}, platform.KindBadPrice},
		{"minor unit as string", `{"price":"5495","currency_code":"EUR","currency_minor_unit":"2"}`, catalog.Money{Amount: 5495, Currency: "EUR"}, ""},
		{"no currency uses the shop's", `{"price":"5495"}`, catalog.Money{Amount: 5495, Currency: "USD"}, ""},
		{"lower-case code", `{"price":"5495","currency_code":"cad","currency_minor_unit":2}`, catalog.Money{Amount: 5495, Currency: "CAD"}, ""},
		{"unknown code", `{"price":"5495","currency_code":"BTC","currency_minor_unit":8}`, catalog.Money{}, platform.KindBadCurrency},
		{"absurd minor unit", `{"price":"5495","currency_code":"USD","currency_minor_unit":-1}`, catalog.Money{}, platform.KindBadCurrency},
		{"decimal price", `{"price":"54.95","currency_code":"USD","currency_minor_unit":2}`, catalog.Money{}, platform.KindBadPrice},
		{"negative", `{"price":"-5495","currency_code":"USD","currency_minor_unit":2}`, catalog.Money{}, platform.KindBadPrice},
		{"empty", `{"price":"","currency_code":"USD","currency_minor_unit":2}`, catalog.Money{}, platform.KindBadPrice},
		{"number", `{"price":5495,"currency_code":"USD","currency_minor_unit":2}`, catalog.Money{Amount: 5495, Currency: "USD"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := platform.ParseWooProducts([]byte(wooItem(tt.prices, "")), usShop(catalog.PlatformWooCommerce), testAt, testRun)
			if err != nil {
				t.Fatal(err)
			}
			assertPageValid(t, page)
			if tt.wantKind != "" {
				if len(page.Observations) != 0 || len(page.Problems) != 1 || page.Problems[0].Kind != tt.wantKind {
					t.Fatalf("want one %s problem and no observation, got %+v / %v", tt.wantKind, page.Observations, page.Problems)
				}
				return
			}
			if len(page.Observations) != 1 || page.Observations[0].Price != tt.wantPrice {
				t.Fatalf("want price %v, got %+v / %v", tt.wantPrice, page.Observations, page.Problems)
			}
		})
	}
}

func TestWooAvailability(t *testing.T) {
	prices := `{"price":"5495","currency_code":"USD","currency_minor_unit":2}`
	tests := []struct {
		extra string
		want  catalog.Availability
	}{
		{``, catalog.InStock},
		{`,"is_in_stock":false`, catalog.OutOfStock},
		{`,"is_on_backorder":true`, catalog.BackOrder},
		{`,"stock_availability":{"class":"available-on-backorder"}`, catalog.BackOrder},
	}
	for _, tt := range tests {
		// A later duplicate key wins in encoding/json, which is how the
		// cases override is_in_stock.
		page, err := platform.ParseWooProducts([]byte(wooItem(prices, tt.extra)), usShop(catalog.PlatformWooCommerce), testAt, testRun)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Observations) != 1 || page.Observations[0].Availability != tt.want {
			t.Fatalf("%s: got %+v / %v, want %s", tt.extra, page.Observations, page.Problems, tt.want)
		}
	}
}

func TestWooVariableProducts(t *testing.T) {
	const head = `[{"id":10,"name":"Real Deck","slug":"real-deck","type":"variable","permalink":"https://woo.example/product/real-deck/",
		"attributes":[{"name":"Width","taxonomy":"pa_width","has_variations":true,"terms":[{"name":"8.25\"","slug":"8-25"},{"name":"8.5\"","slug":"8-5"}]}],
		"variations":[{"id":11,"attributes":[{"name":"Width","value":"8-25"}]},{"id":12,"attributes":[{"name":"pa_width","value":"8-5"}]}],`
	tests := []struct {
		name      string
		rest      string
		wantObs   int
		wantRange bool
	}{
		{"one price, out of stock: every variation known", `"prices":{"price":"6000","regular_price":"6500","price_range":null,"currency_code":"USD","currency_minor_unit":2},"is_in_stock":false}]`, 2, false},
		{"one price, in stock: stock per variation unknown", `"prices":{"price":"6000","regular_price":"6000","price_range":null,"currency_code":"USD","currency_minor_unit":2},"is_in_stock":true}]`, 0, true},
		{"price range: prices per variation unknown", `"prices":{"price":"6000","price_range":{"min_amount":"6000","max_amount":"6500"},"currency_code":"USD","currency_minor_unit":2},"is_in_stock":false}]`, 0, true},
		{"range with min == max is one price", `"prices":{"price":"6000","price_range":{"min_amount":"6000","max_amount":"6000"},"currency_code":"USD","currency_minor_unit":2},"is_in_stock":false}]`, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := platform.ParseWooProducts([]byte(head+tt.rest), usShop(catalog.PlatformWooCommerce), testAt, testRun)
			if err != nil {
				t.Fatal(err)
			}
			assertPageValid(t, page)
			if len(page.Listings) != 1 || len(page.Listings[0].Variants) != 2 {
				t.Fatalf("want one listing with two variants, got %+v", page.Listings)
			}
			v := page.Listings[0].Variants
			if v[0].Attributes.DeckWidthHundredths != 825 || v[1].Attributes.DeckWidthHundredths != 850 || v[1].Options[0].Value != `8.5"` {
				t.Fatalf("term slugs not mapped back to names: %+v", v)
			}
			if len(page.Observations) != tt.wantObs {
				t.Fatalf("want %d observations, got %+v", tt.wantObs, page.Observations)
			}
			gotRange := len(page.Problems) == 1 && page.Problems[0].Kind == platform.KindPriceRange
			if gotRange != tt.wantRange {
				t.Fatalf("price_range problem %v, want %v: %v", gotRange, tt.wantRange, page.Problems)
			}
		})
	}
}

func TestWooDocumentErrors(t *testing.T) {
	for name, body := range map[string]string{
		"empty":        "",
		"html":         "<html><body>Just a moment...</body></html>",
		"truncated":    `[{"id":1,"name":"Baker`,
		"error object": `{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}`,
		"number":       `42`,
		"string":       `"products"`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := platform.ParseWooProducts([]byte(body), usShop(catalog.PlatformWooCommerce), testAt, testRun)
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("got %v, want an error wrapping ErrInvalid", err)
			}
		})
	}
}
