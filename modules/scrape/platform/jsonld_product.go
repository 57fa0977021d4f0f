package platform

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// ParseJSONLDProduct reads the schema.org Product markup of one HTML page:
// every <script type="application/ld+json"> block, each holding a Product, a
// ProductGroup with hasVariant, an array, an "@graph", or a WebPage or
// ItemList whose mainEntity or items are products. A block that is not JSON
// is a KindBadBlock problem and the other blocks still count.
//
// The listing's URL is the product's "url" resolved against pageURL, else
// pageURL, without fragment, variant selectors and tracking parameters, so
// "?variant=" links and campaign links do not split a product. Its external
// id is that URL's path and query without scheme and host (see ldListingID),
// so a shop that moves to https or drops "www." keeps its listings. The same
// product marked up twice (two blocks, or a block and a WebPage.mainEntity)
// is one listing; repeated offers with the same state are one observation.
//
// Variants: a ProductGroup's hasVariant products, else one per Offer (an
// AggregateOffer's nested offers count as offers). A variant's external id is
// the first of its SKU, GTIN, its own URL's path and query (when it names
// another page than the listing's) or a hash of its name and size/colour
// properties.
//
// Observations: price is the offer's "price" as exact text (a JSON number is
// never a float), in priceCurrency or else the shop's currency; a
// priceSpecification with priceType ListPrice or StrikethroughPrice is the
// compare-at. An AggregateOffer without nested offers gives an observation
// only when lowPrice equals highPrice; a real range is a KindPriceRange
// problem. An offer without schema.org availability gives none either
// (KindMissingField): stock is never guessed. GTINs with a wrong check digit
// are dropped with a KindBadGTIN problem, the product kept.
//
// Microdata and RDFa are not read.
func ParseJSONLDProduct(page []byte, pageURL string, shop catalog.Shop, at time.Time, run string) (Page, error) {
	if err := checkRun(shop, at, run); err != nil {
		return Page{}, fmt.Errorf("parse json-ld product: %w", err)
	}
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Page{}, fmt.Errorf("parse json-ld product: %w", invalidf("page URL %q is not an absolute http(s) URL", pageURL))
	}
	base := u.String()
	if err := sniffHTML(page); err != nil {
		return Page{}, fmt.Errorf("parse json-ld product: %w", err)
	}
	b := newPageBuilder(shop, at, run)
	owners := map[string]string{} // listing id -> title of the product that has it
	for i, block := range ldScripts(page) {
		blockID := fmt.Sprintf("ld+json block %d", i+1)
		values, err := ldValues(block)
		if err != nil {
			b.problem(blockID, KindBadBlock, fmt.Errorf("decode: %w", err))
		}
		g := ldGraph{}
		g.index(values, 0)
		g.link(values, 0)
		var products []ldNode
		seen := map[string]bool{}
		for _, v := range values {
			collectLDProducts(g, v, &products, seen, 0)
		}
		for _, p := range products {
			b.ldProduct(g, p, base, blockID, owners)
		}
	}
	return b.page, nil
}

// sniffHTML rejects bodies that cannot be an HTML page.
func sniffHTML(page []byte) error {
	b := bytes.TrimLeft(page, " \t\r\n\ufeff")
	head := b[:min(len(b), 1024)]
	switch {
	case len(b) == 0:
		return invalidf("empty body, want an HTML page")
	case len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b:
		return invalidf("body is gzip-compressed, want an HTML page")
	case bytes.IndexByte(head, 0) >= 0:
		return invalidf("body is binary, want an HTML page (starts %q)", excerpt(b))
	case b[0] == '{' || b[0] == '[':
		return invalidf("body is JSON, want an HTML page (starts %q)", excerpt(b))
	}
	return nil
}

// collectLDProducts finds the product nodes in one top-level value, looking
// through "@graph", arrays, and the containers pages wrap products in.
// Products' own properties (isRelatedTo, isSimilarTo) are not searched:
// those are other pages' products.
func collectLDProducts(g ldGraph, v any, out *[]ldNode, seen map[string]bool, depth int) {
	if depth > 8 {
		return
	}
	for _, n := range g.nodes(v) {
		if id, ok := n["@id"].(string); ok && id != "" {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		if n.is("Product", "ProductGroup", "IndividualProduct", "SomeProducts") {
			*out = append(*out, n)
			continue
		}
		for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "item"} {
			if x, ok := n[k]; ok {
				collectLDProducts(g, x, out, seen, depth+1)
			}
		}
	}
}

// ldProduct adds one Product or ProductGroup node as a listing. owners
// remembers which product title each listing id went to: a product without
// a "url" takes the page's URL, unless another product already has it, since
// a second product on a page (an upsell, a sticker) is not that page's.
func (b *pageBuilder) ldProduct(g ldGraph, p ldNode, base, blockID string, owners map[string]string) {
	title := normalize.Title(p.text("name"))
	if title == "" {
		b.problem(blockID, KindMissingField, invalidf("product has no name"))
		return
	}
	listingURL := canonicalProductURL(absoluteURL(base, p.text("url")))
	ownURL := listingURL != ""
	if !ownURL {
		listingURL = canonicalProductURL(base)
	}
	id := ldListingID(listingURL)
	if owner, taken := owners[id]; taken && !ownURL && owner != title {
		b.problem(blockID, KindMissingField, invalidf("product %q has no url and the page belongs to %q", fitRunes(title, 80), fitRunes(owner, 80)))
		return
	}
	if _, taken := owners[id]; !taken {
		owners[id] = title
	}
	brand := ldText(p["brand"], 0)
	if brand == "" {
		brand = ldText(p["manufacturer"], 0)
	}
	l := catalog.Listing{
		ShopSlug:   b.shop.Slug,
		ExternalID: id,
		Handle:     ldHandle(listingURL),
		Title:      title,
		Brand:      brandOf(brand, title),
		Category:   normalize.Category(ldCategory(p["category"]), nil, title),
		URL:        listingURL,
		ImageURL:   absoluteURL(base, ldImage(p["image"], 0)),
	}
	vb := ldVariantBuilder{b: b, g: g, listing: &l, listingRef: ldRef(listingURL), base: base}
	children := g.nodes(p["hasVariant"])
	if len(children) == 0 {
		vb.product(p, false)
	}
	for _, c := range children {
		vb.product(c, true)
	}
	if len(l.Variants) == 0 {
		b.problem(id, KindMissingField, invalidf("product has no offers or variants"))
		return
	}
	b.addListing(l, vb.obs)
}

// ldImage reads schema.org image: a URL, an ImageObject (url or
// contentUrl, never its name or caption), or a list of either, first wins.
func ldImage(v any, depth int) string {
	if depth > 3 {
		return ""
	}
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		for _, k := range []string{"url", "contentUrl"} {
			if s := ldImage(t[k], depth+1); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range t[:min(len(t), ldListScan)] {
			if s := ldImage(e, depth+1); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldCategory reads schema.org category: text ("Skateboarding > Decks"), a
// Thing with a name, or a list of either, joined.
func ldCategory(v any) string {
	var parts []string
	for _, e := range asList(v) {
		if s := ldText(e, 0); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}

// ldHandle is the last path segment of the product URL ("baker-deck").
func ldHandle(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return ""
	}
	h := path.Base(strings.TrimRight(parsed.Path, "/"))
	if h == "." || h == "/" {
		return ""
	}
	if unescaped, err := url.PathUnescape(h); err == nil {
		h = unescaped
	}
	return cleanID(h)
}

// shortHash is a stable 16-hex-digit digest of parts, for ids of things that
// publish none.
func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
