package platform

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// wooProduct is one item of the WooCommerce Store API v1
// (/wp-json/wc/store/v1/products): a simple, variable, external or grouped
// product, or a variation when one is requested by id.
type wooProduct struct {
	ID                jsonText       `json:"id"`
	Parent            jsonText       `json:"parent"`
	Type              string         `json:"type"`
	Name              string         `json:"name"`
	Slug              string         `json:"slug"`
	Permalink         string         `json:"permalink"`
	SKU               jsonText       `json:"sku"`
	Variation         string         `json:"variation"`
	Prices            *wooPrices     `json:"prices"`
	IsInStock         *bool          `json:"is_in_stock"`
	IsOnBackorder     *bool          `json:"is_on_backorder"`
	StockAvailability *wooStock      `json:"stock_availability"`
	Images            []wooImage     `json:"images"`
	Categories        []wooTerm      `json:"categories"`
	Tags              []wooTerm      `json:"tags"`
	Brands            []wooTerm      `json:"brands"`
	Attributes        []wooAttribute `json:"attributes"`
	Variations        []wooVariation `json:"variations"`
}

type wooStock struct {
	Text  string `json:"text"`
	Class string `json:"class"`
}

type wooImage struct {
	Src string `json:"src"`
}

type wooTerm struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
}

type wooAttribute struct {
	Name          string    `json:"name"`
	Taxonomy      string    `json:"taxonomy"`
	HasVariations bool      `json:"has_variations"`
	Terms         []wooTerm `json:"terms"`
}

type wooVariation struct {
	ID         jsonText `json:"id"`
	Attributes []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"attributes"`
}

// ParseWooProducts reads a WooCommerce Store API v1 products response: the
// array of /wp-json/wc/store/v1/products or the single object of
// /products/<id>. Prices are strings of minor units with currency_code and
// currency_minor_unit beside them; a minor unit that differs from ISO 4217's
// (a JPY shop set up with 2 decimals) is rescaled exactly, and a price that
// cannot be rescaled exactly is a KindBadPrice problem, never rounded.
//
// A simple or external product is one variant with the product's id. A
// variable product lists its variations with their attributes but not their
// own prices or stock, so its variants come out as follows:
//   - every variation is a variant of the listing, with its options (term
//     slugs mapped back to names) and parsed sizes;
//   - observations are emitted only when every variation's state is known
//     from the parent: the price is one price (no price_range, or min ==
//     max) and either the product is out of stock (so every variation is) or
//     it has a single variation. The compare-at is then the parent's
//     regular_price, which WooCommerce computes as the lowest over the
//     variations: a lower bound, so a sale can be understated, never invented;
//   - otherwise one KindPriceRange problem for the product says what is
//     unknown; the crawl gets those prices by requesting each variation id,
//     and this same function reads that response (type "variation") into one
//     observation keyed to the parent listing, with no listing of its own.
//
// Grouped products have no price of their own and are reported
// KindUnsupported; their children are products in the list too.
func ParseWooProducts(body []byte, shop catalog.Shop, at time.Time, run string) (Page, error) {
	if err := checkRun(shop, at, run); err != nil {
		return Page{}, fmt.Errorf("parse woo products: %w", err)
	}
	var items []json.RawMessage
	if err := sniffJSON(body); err != nil {
		return Page{}, fmt.Errorf("parse woo products: %w", err)
	}
	if trimJSONStart(body)[0] == '{' {
		var one json.RawMessage
		if err := decodeJSON(body, &one); err != nil {
			return Page{}, fmt.Errorf("parse woo products: %w", err)
		}
		var probe struct {
			ID   jsonText `json:"id"`
			Code string   `json:"code"`
		}
		if json.Unmarshal(one, &probe) != nil || probe.ID == "" {
			return Page{}, fmt.Errorf("parse woo products: %w", invalidf("object is not a product (code %q, starts %q)", probe.Code, excerpt(body)))
		}
		items = []json.RawMessage{one}
	} else if err := decodeJSON(body, &items); err != nil {
		return Page{}, fmt.Errorf("parse woo products: %w", err)
	}
	b := newPageBuilder(shop, at, run)
	for i, raw := range items {
		var p wooProduct
		if err := json.Unmarshal(raw, &p); err != nil {
			b.problem(itemID(raw, i), KindBadItem, fmt.Errorf("decode product: %w", err))
			continue
		}
		b.wooProduct(p, i)
	}
	return b.page, nil
}

// wooProduct adds one Store API item to the page.
func (b *pageBuilder) wooProduct(p wooProduct, index int) {
	id := cleanID(p.ID.String())
	if id == "" {
		b.problem(fmt.Sprintf("#%d", index), KindMissingField, invalidf("product has no usable id"))
		return
	}
	switch strings.ToLower(p.Type) {
	case "variation":
		b.wooVariationItem(p, id)
		return
	case "grouped":
		b.problem(id, KindUnsupported, invalidf("grouped product has no price of its own; its children are listed separately"))
		return
	}
	title := normalize.Title(p.Name)
	if title == "" {
		b.problem(id, KindMissingField, invalidf("product has no name"))
		return
	}
	l := catalog.Listing{
		ShopSlug:   b.shop.Slug,
		ExternalID: id,
		Handle:     cleanID(p.Slug),
		Title:      title,
		Brand:      brandOf(wooBrand(p), title),
		Category:   normalize.Category(termNames(p.Categories, " / "), termList(p.Tags), title),
		URL:        absoluteURL(b.shop.BaseURL, p.Permalink),
		Tags:       cleanTags(termList(p.Tags)),
	}
	if l.URL == "" && l.Handle != "" {
		l.URL = absoluteURL(b.shop.BaseURL, "/product/"+l.Handle+"/")
	}
	if l.URL == "" {
		b.problem(id, KindMissingField, invalidf("product has no permalink or slug, so no page URL"))
		return
	}
	if len(p.Images) > 0 {
		l.ImageURL = absoluteURL(b.shop.BaseURL, p.Images[0].Src)
	}
	if strings.ToLower(p.Type) == "variable" || len(p.Variations) > 0 {
		b.wooVariable(l, p)
		return
	}
	v := catalog.Variant{ExternalID: id, SKU: cleanID(p.SKU.String())}
	for i, a := range p.Attributes {
		// A simple product's attribute with one term describes it ("Width: 8.25").
		if len(a.Terms) == 1 {
			if o, ok := option(a.Name, a.Terms[0].Name, i+1); ok {
				v.Options = append(v.Options, o)
			}
		}
	}
	v.Attributes = normalize.Attributes(l.Category, v.Options, "", l.Title)
	l.Variants = []catalog.Variant{v}
	var obs []catalog.PriceObservation
	if o, ok := b.wooObservation(p, id, id, id); ok {
		obs = append(obs, o)
	}
	b.addListing(l, obs)
}

// wooVariable adds a variable product: its variations as variants, and
// observations only when the parent's data fixes every variation's state.
func (b *pageBuilder) wooVariable(l catalog.Listing, p wooProduct) {
	seen := make(map[string]bool, len(p.Variations))
	for _, wv := range p.Variations {
		vid := cleanID(wv.ID.String())
		if vid == "" || seen[vid] {
			b.problem(l.ExternalID, KindMissingField, invalidf("variation without a usable id, or repeated: %q", fitRunes(wv.ID.String(), 40)))
			continue
		}
		seen[vid] = true
		v := catalog.Variant{ExternalID: vid}
		var values []string
		for i, a := range wv.Attributes {
			name, value := wooAttributeValue(p.Attributes, a.Name, a.Value)
			if o, ok := option(name, value, i+1); ok {
				v.Options = append(v.Options, o)
				values = append(values, o.Value)
			}
		}
		v.Title = cleanText(strings.Join(values, " / "))
		v.Attributes = normalize.Attributes(l.Category, v.Options, v.Title, l.Title)
		l.Variants = append(l.Variants, v)
	}
	if len(l.Variants) == 0 {
		b.problem(l.ExternalID, KindMissingField, invalidf("variable product lists no variations"))
		return
	}
	var obs []catalog.PriceObservation
	if reason := wooVariationsUnknown(p, len(l.Variants)); reason != "" {
		b.problem(l.ExternalID, KindPriceRange, invalidf("%s; request each variation id for its observation", reason))
	} else {
		for _, v := range l.Variants {
			if o, ok := b.wooObservation(p, l.ExternalID, l.ExternalID, v.ExternalID); ok {
				obs = append(obs, o)
			}
		}
	}
	b.addListing(l, obs)
}

// wooVariationsUnknown says why the parent's price and stock do not fix each
// variation's state, or "" when they do.
func wooVariationsUnknown(p wooProduct, variations int) string {
	if p.Prices != nil && p.Prices.PriceRange != nil {
		lo, hi := p.Prices.PriceRange.MinAmount.String(), p.Prices.PriceRange.MaxAmount.String()
		if lo != hi {
			return fmt.Sprintf("variations are priced from %s to %s minor units", lo, hi)
		}
	}
	if variations > 1 && (p.IsInStock == nil || *p.IsInStock) {
		return "the product is in stock but the list does not say which variations are"
	}
	return ""
}

// wooVariationItem reads a variation requested by id into one observation of
// the parent listing's variant. It adds no listing: the parent's list entry
// describes the variant.
func (b *pageBuilder) wooVariationItem(p wooProduct, id string) {
	parent := cleanID(p.Parent.String())
	if parent == "" || parent == "0" {
		b.problem(id, KindMissingField, invalidf("variation has no parent id"))
		return
	}
	if o, ok := b.wooObservation(p, parent+"/"+id, parent, id); ok {
		b.addObservation(o)
	}
}
