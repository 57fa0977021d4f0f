package platform

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// shopifyDocument is /products.json (and /collections/<handle>/products.json)
// or the single-product /products/<handle>.json.
type shopifyDocument struct {
	Products *[]json.RawMessage `json:"products"`
	Product  json.RawMessage    `json:"product"`
}

type shopifyProduct struct {
	ID          jsonText         `json:"id"`
	Title       string           `json:"title"`
	Handle      string           `json:"handle"`
	Vendor      string           `json:"vendor"`
	ProductType string           `json:"product_type"`
	Tags        shopifyTags      `json:"tags"`
	Images      []shopifyImage   `json:"images"`
	Options     []shopifyOption  `json:"options"`
	Variants    []shopifyVariant `json:"variants"`
}

type shopifyImage struct {
	Src string `json:"src"`
}

type shopifyOption struct {
	Name     string   `json:"name"`
	Position jsonText `json:"position"`
}

type shopifyVariant struct {
	ID             jsonText `json:"id"`
	Title          string   `json:"title"`
	Option1        jsonText `json:"option1"`
	Option2        jsonText `json:"option2"`
	Option3        jsonText `json:"option3"`
	SKU            jsonText `json:"sku"`
	Barcode        jsonText `json:"barcode"`
	Price          jsonText `json:"price"`
	CompareAtPrice jsonText `json:"compare_at_price"`
	Available      *bool    `json:"available"`
}

// shopifyTags accepts tags as an array of strings (current stores) or as one
// comma-separated string (older themes and apps).
type shopifyTags []string

func (t *shopifyTags) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*t = list
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("tags: want an array of strings or a comma-separated string")
	}
	*t = strings.Split(s, ",")
	return nil
}

// ParseShopifyProducts reads a Shopify products.json page: /products.json,
// /collections/<handle>/products.json, or the {"product": {...}} of
// /products/<handle>.json. Prices are decimal strings in shop.Currency (the
// feed names no currency). Listing URLs are shop.BaseURL + "/products/" +
// handle. Each variant gives one observation: price, compare_at_price (null,
// "" or "0.00" mean none; one below the price is kept as published, which
// catalog treats as no sale) and available as in or out of stock. Ids are
// kept as the exact digits published.
//
// {"products": []} is an empty page, not an error: it is how pagination ends.
func ParseShopifyProducts(body []byte, shop catalog.Shop, at time.Time, run string) (Page, error) {
	if err := checkRun(shop, at, run); err != nil {
		return Page{}, fmt.Errorf("parse shopify products: %w", err)
	}
	if err := sniffJSON(body); err != nil {
		return Page{}, fmt.Errorf("parse shopify products: %w", err)
	}
	if trimJSONStart(body)[0] != '{' {
		return Page{}, fmt.Errorf("parse shopify products: %w", invalidf("body is a JSON array, want an object with \"products\""))
	}
	var doc shopifyDocument
	if err := decodeJSON(body, &doc); err != nil {
		return Page{}, fmt.Errorf("parse shopify products: %w", err)
	}
	var items []json.RawMessage
	switch {
	case doc.Products != nil:
		items = *doc.Products
	case len(doc.Product) > 0 && string(doc.Product) != "null":
		items = []json.RawMessage{doc.Product}
	default:
		return Page{}, fmt.Errorf("parse shopify products: %w", invalidf("no \"products\" array in the document (starts %q)", excerpt(body)))
	}
	b := newPageBuilder(shop, at, run)
	for i, raw := range items {
		var p shopifyProduct
		if err := json.Unmarshal(raw, &p); err != nil {
			b.problem(itemID(raw, i), KindBadItem, fmt.Errorf("decode product: %w", err))
			continue
		}
		b.shopifyProduct(p, i)
	}
	return b.page, nil
}

// shopifyProduct adds one product's listing and observations to the page.
func (b *pageBuilder) shopifyProduct(p shopifyProduct, index int) {
	id := cleanID(p.ID.String())
	if id == "" {
		b.problem(fmt.Sprintf("#%d", index), KindMissingField, invalidf("product has no usable id"))
		return
	}
	title := normalize.Title(p.Title)
	handle := cleanID(p.Handle)
	switch {
	case title == "":
		b.problem(id, KindMissingField, invalidf("product has no title"))
		return
	case handle == "":
		b.problem(id, KindMissingField, invalidf("product has no handle, so no page URL"))
		return
	}
	l := catalog.Listing{
		ShopSlug:   b.shop.Slug,
		ExternalID: id,
		Handle:     handle,
		Title:      title,
		Brand:      brandOf(p.Vendor, title),
		Category:   normalize.Category(p.ProductType, p.Tags, title),
		URL:        strings.TrimRight(b.shop.BaseURL, "/") + "/products/" + url.PathEscape(handle),
		Tags:       cleanTags(p.Tags),
	}
	if len(p.Images) > 0 {
		l.ImageURL = absoluteURL(b.shop.BaseURL, p.Images[0].Src)
	}
	names := shopifyOptionNames(p.Options)
	var obs []catalog.PriceObservation
	seen := make(map[string]bool, len(p.Variants))
	for _, v := range p.Variants {
		variant, o, ok := b.shopifyVariant(l, names, v)
		if !ok {
			continue
		}
		if seen[variant.ExternalID] {
			b.problem(id+"/"+variant.ExternalID, KindDuplicate, invalidf("variant id appears twice; kept the first"))
			continue
		}
		seen[variant.ExternalID] = true
		l.Variants = append(l.Variants, variant)
		if o != nil {
			obs = append(obs, *o)
		}
	}
	if len(l.Variants) == 0 {
		b.problem(id, KindMissingField, invalidf("product has no readable variants"))
		return
	}
	b.addListing(l, obs)
}

// shopifyOptionNames maps option positions 1-3 to their names.
func shopifyOptionNames(opts []shopifyOption) [3]string {
	var names [3]string
	for i, o := range opts {
		pos := i + 1
		switch o.Position.String() {
		case "1", "2", "3":
			pos = int(o.Position.String()[0] - '0')
		}
		if pos >= 1 && pos <= 3 && names[pos-1] == "" {
			names[pos-1] = o.Name
		}
	}
	return names
}

// shopifyVariant reads one variant and its observation. ok is false when the
// variant cannot be identified; the observation is nil when its price or
// availability cannot be read (a Problem says why) but the variant still
// belongs to the listing.
func (b *pageBuilder) shopifyVariant(l catalog.Listing, names [3]string, v shopifyVariant) (catalog.Variant, *catalog.PriceObservation, bool) {
	vid := cleanID(v.ID.String())
	if vid == "" {
		b.problem(l.ExternalID, KindMissingField, invalidf("variant has no usable id"))
		return catalog.Variant{}, nil, false
	}
	itemID := l.ExternalID + "/" + vid
	variant := catalog.Variant{ExternalID: vid, SKU: cleanID(v.SKU.String()), Title: variantTitle(v.Title)}
	for i, val := range []jsonText{v.Option1, v.Option2, v.Option3} {
		if o, ok := option(names[i], string(val), i+1); ok {
			variant.Options = append(variant.Options, o)
		}
	}
	variant.Attributes = normalize.Attributes(l.Category, variant.Options, variant.Title, l.Title)
	if gtin, ok := parseGTIN(v.Barcode.String(), 0); ok {
		variant.GTIN = gtin
	} else {
		b.problem(itemID, KindBadGTIN, invalidf("barcode %q is not a GTIN with a valid check digit; dropped", fitRunes(v.Barcode.String(), 40)))
	}

	price, err := catalog.ParseMoney(v.Price.String(), b.shop.Currency)
	if err != nil {
		b.problem(itemID, KindBadPrice, fmt.Errorf("price: %w", err))
		return variant, nil, true
	}
	if v.Available == nil {
		b.problem(itemID, KindMissingField, invalidf("variant has no \"available\" flag"))
		return variant, nil, true
	}
	avail := catalog.OutOfStock
	if *v.Available {
		avail = catalog.InStock
	}
	compareAt, err := compareAtMoney(v.CompareAtPrice.String(), b.shop.Currency)
	if err != nil {
		b.problem(itemID, KindBadPrice, fmt.Errorf("compare_at_price dropped: %w", err))
	}
	o := b.observation(l.ExternalID, vid, price, compareAt, avail)
	return variant, &o, true
}
