package shops

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The JSON of the WooCommerce Store API v1 product schema, field for field:
// ids are numbers, amounts are strings of minor units with the currency's
// code, symbol, minor unit and separators beside them.
type wooProduct struct {
	ID                json.Number    `json:"id"`
	Name              string         `json:"name"`
	Slug              string         `json:"slug"`
	Parent            json.Number    `json:"parent"`
	Type              string         `json:"type"`
	Variation         string         `json:"variation"`
	Permalink         string         `json:"permalink"`
	SKU               string         `json:"sku"`
	ShortDescription  string         `json:"short_description"`
	Description       string         `json:"description"`
	OnSale            bool           `json:"on_sale"`
	Prices            wooPrices      `json:"prices"`
	PriceHTML         string         `json:"price_html"`
	AverageRating     string         `json:"average_rating"`
	ReviewCount       int            `json:"review_count"`
	Images            []wooImage     `json:"images"`
	Categories        []wooTerm      `json:"categories"`
	Tags              []wooTerm      `json:"tags"`
	Brands            []wooTerm      `json:"brands"`
	Attributes        []wooAttribute `json:"attributes"`
	Variations        []wooVariation `json:"variations"`
	GroupedProducts   []json.Number  `json:"grouped_products"`
	HasOptions        bool           `json:"has_options"`
	IsPurchasable     bool           `json:"is_purchasable"`
	IsInStock         bool           `json:"is_in_stock"`
	IsOnBackorder     bool           `json:"is_on_backorder"`
	LowStockRemaining *int           `json:"low_stock_remaining"`
	StockAvailability wooStock       `json:"stock_availability"`
	SoldIndividually  bool           `json:"sold_individually"`
	AddToCart         wooAddToCart   `json:"add_to_cart"`
	Extensions        struct{}       `json:"extensions"`
}

type wooPrices struct {
	Price                     string         `json:"price"`
	RegularPrice              string         `json:"regular_price"`
	SalePrice                 string         `json:"sale_price"`
	PriceRange                *wooPriceRange `json:"price_range"`
	CurrencyCode              string         `json:"currency_code"`
	CurrencySymbol            string         `json:"currency_symbol"`
	CurrencyMinorUnit         int            `json:"currency_minor_unit"`
	CurrencyDecimalSeparator  string         `json:"currency_decimal_separator"`
	CurrencyThousandSeparator string         `json:"currency_thousand_separator"`
	CurrencyPrefix            string         `json:"currency_prefix"`
	CurrencySuffix            string         `json:"currency_suffix"`
}

type wooPriceRange struct {
	MinAmount string `json:"min_amount"`
	MaxAmount string `json:"max_amount"`
}

type wooImage struct {
	ID        json.Number `json:"id"`
	Src       string      `json:"src"`
	Thumbnail string      `json:"thumbnail"`
	Srcset    string      `json:"srcset"`
	Sizes     string      `json:"sizes"`
	Name      string      `json:"name"`
	Alt       string      `json:"alt"`
}

type wooTerm struct {
	ID   json.Number `json:"id"`
	Name string      `json:"name"`
	Slug string      `json:"slug"`
	Link string      `json:"link"`
}

type wooAttribute struct {
	ID            json.Number   `json:"id"`
	Name          string        `json:"name"`
	Taxonomy      string        `json:"taxonomy"`
	HasVariations bool          `json:"has_variations"`
	Terms         []wooAttrTerm `json:"terms"`
}

type wooAttrTerm struct {
	ID      json.Number `json:"id"`
	Name    string      `json:"name"`
	Slug    string      `json:"slug"`
	Default bool        `json:"default"`
}

type wooVariation struct {
	ID         json.Number    `json:"id"`
	Attributes []wooNameValue `json:"attributes"`
}

type wooNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type wooStock struct {
	Text  string `json:"text"`
	Class string `json:"class"`
}

type wooAddToCart struct {
	Text        string `json:"text"`
	Description string `json:"description"`
	URL         string `json:"url"`
	SingleText  string `json:"single_text"`
	Minimum     int    `json:"minimum"`
	Maximum     int    `json:"maximum"`
	MultipleOf  int    `json:"multiple_of"`
}

// wooSimple reports whether e is published as a simple product: one
// variant without options. WooCommerce then has no variation, so that
// variant is published under the product's id, not its own.
func wooSimple(e *entry) bool {
	return len(e.listing.Variants) == 1 && len(e.listing.Variants[0].Options) == 0
}

// wooTermID is a stable WordPress term id for a taxonomy term.
func wooTermID(taxonomy, slug string) json.Number {
	var h uint64 = 1469598103934665603
	for _, b := range []byte(taxonomy + "\x00" + slug) {
		h = (h ^ uint64(b)) * 1099511628211
	}
	return jsonID(int64(20 + h%4000))
}

// wooTaxonomy names the global attribute taxonomy of an option: "pa_size".
func wooTaxonomy(name string) string { return "pa_" + slugify(name) }

// slugify makes a WordPress-style slug: lower-case letters and digits
// joined by single dashes ("8.25" -> "8-25", "51 mm" -> "51-mm").
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case r > 127:
			b.WriteRune(r) // WordPress keeps non-ASCII letters (percent-encoded in URLs)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}

// wooPricesOf fills the currency part of prices for the shop.
func (s *shopServer) wooPricesOf(currency string) wooPrices {
	units, err := catalog.MinorUnits(currency)
	if err != nil {
		units = 2
	}
	loc := s.loc
	return wooPrices{
		CurrencyCode: currency, CurrencySymbol: loc.symbol, CurrencyMinorUnit: units,
		CurrencyDecimalSeparator: loc.decimal, CurrencyThousandSeparator: loc.thousand,
		CurrencyPrefix: loc.prefix, CurrencySuffix: loc.suffix,
	}
}

func minorString(m catalog.Money) string { return strconv.FormatInt(m.Amount, 10) }

// regularOf is the regular price WooCommerce publishes for an observation:
// the compare-at when there is one, else the price itself.
func regularOf(o catalog.PriceObservation) catalog.Money {
	if o.CompareAt.IsZero() {
		return o.Price
	}
	return o.CompareAt
}
