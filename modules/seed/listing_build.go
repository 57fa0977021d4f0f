package seed

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// keepPercent is how likely a shop stocks each size a product is made in:
// shops carry a few truck and shoe sizes, but most deck widths.
var keepPercent = [...]int{oneSize: 100, deckSize: 85, truckSize: 60, wheelSize: 60, shoeSize: 45, apparelSize: 85, lengthSize: 80, hardnessSize: 80}

// addListing makes shop s's listing of product pi and its price plan.
func (b *builder) addListing(pi, s int) {
	g, r := b.g, b.r
	p := &g.products[pi]
	ln := &g.lines[p.line]
	sh := &g.shops[s]
	idx, n := len(g.listings), b.shopN[s]
	b.shopN[s]++

	b.parts = ln.modelParts(p.model, b.parts[:0])
	b.noiseSrc.Seed(uint64(g.cfg.RandSeed), noiseStream^uint64(idx))
	title, traits := b.title(ln, sh.title, b.parts, b.noise)
	handle := slugify(title)
	if c := b.handles[s][handle]; c > 0 {
		b.handles[s][handle] = c + 1
		handle += "-" + strconv.Itoa(c+1)
	} else {
		b.handles[s][handle] = 1
	}

	sizes := b.stockedSizes(ln, len(p.sizes))
	ext, variantID := b.ids(sh, s, n, len(sizes))
	base := sh.shop.BaseURL
	l := catalog.Listing{
		ShopSlug: sh.shop.Slug, ExternalID: ext, Handle: handle, Title: title,
		Brand: ln.brand.name, Category: ln.category,
	}
	switch sh.shop.Platform {
	case catalog.PlatformShopify:
		l.URL = base + "/products/" + handle
		l.ImageURL = base + "/cdn/shop/products/" + handle + "_1024x1024.jpg"
		l.Tags = []string{ln.brand.name, categoryLabel(ln.category)}
		if ln.name != "" {
			l.Tags = append(l.Tags, ln.name)
		}
	case catalog.PlatformWooCommerce:
		l.URL = base + "/product/" + handle + "/"
		l.ImageURL = base + "/wp-content/uploads/2025/0" + strconv.Itoa(1+r.IntN(6)) + "/" + handle + ".jpg"
		l.Tags = []string{slugify(ln.brand.name), string(ln.category)}
	default:
		// The page names the article number; the listing's id is the page's
		// path, as a crawler derives it from the URL (JSON-LD publishes no
		// id), so a seeded database and a scrape of the simulator agree.
		// Handles are lowercase letters, digits and dashes, so the path
		// needs no escaping, and far shorter than the 255 an id may hold.
		article := ext
		l.ExternalID = "/p/" + article + "/" + handle
		l.URL = base + l.ExternalID
		l.ImageURL = base + "/media/catalog/product/" + article + ".jpg"
	}
	if r.IntN(20) == 0 {
		l.ImageURL = "" // some listings have no picture yet
	}

	publishMaker := sh.row.gtins == GTINManufacturer || (sh.row.gtins == GTINPartial && r.IntN(2) == 0)
	opts := make([]catalog.Option, 0, 2*len(sizes))
	l.Variants = make([]catalog.Variant, len(sizes))
	for j, si := range sizes {
		size := p.sizes[si]
		start := len(opts)
		opts = appendOptions(opts, ln, sh.options, size)
		v := catalog.Variant{
			Options:    opts[start:len(opts):len(opts)],
			Attributes: attributes(ln, size),
		}
		v.Title = variantTitle(v.Options)
		if sh.row.skus {
			v.SKU = sku(ln, p, size)
		}
		switch {
		case publishMaker:
			v.GTIN = padGTIN(p.gtins[si], sh.row.gtinDigits)
		case sh.row.gtins == GTINInternal:
			v.GTIN = withCheck("2" + itoaPad(s%100, 2) + itoaPad(b.internal[s], 9))
			b.internal[s]++
		}
		l.Variants[j] = v
		l.Variants[j].ExternalID = variantID(&l, j, size)
	}

	g.listings = append(g.listings, l)
	g.traits = append(g.traits, traits)
	g.plans = append(g.plans, b.basePlan(pi, s, len(g.variants), sizes))
	for range sizes {
		g.variants = append(g.variants, variantPlan{})
	}
	g.byShop[s] = append(g.byShop[s], idx)
	b.carry(pi, s, idx)
}

// stockedSizes picks which of a product's n sizes the shop stocks (at least
// one), as indexes into product.sizes.
func (b *builder) stockedSizes(ln *line, n int) []int {
	out := make([]int, 0, n)
	for i := range n {
		if b.r.IntN(100) < keepPercent[ln.kind] {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		out = append(out, b.r.IntN(n))
	}
	return out
}

// ids returns the listing's id and a function naming its variants, in the
// shapes each platform uses: Shopify's long numbers, WooCommerce post ids
// (variations numbered right after their product), and for JSON-LD shops an
// article number (which addListing turns into the page path the listing is
// known by). A variant's id is what a crawler reads from what the shop
// serves, so a seeded database and a scrape of the simulator agree; the
// function names variant j of l once l's id and that variant's options,
// SKU and GTIN are set.
func (b *builder) ids(sh *shopState, s, n, variants int) (string, func(l *catalog.Listing, j int, size string) string) {
	switch sh.shop.Platform {
	case catalog.PlatformShopify:
		id := 7_000_000_000_000 + int64(s)*50_000_000_000 + int64(n)*1000 + b.r.Int64N(1000)
		vbase := 40_000_000_000_000 + int64(s)*1_000_000_000_000 + int64(n)*64
		return strconv.FormatInt(id, 10), func(_ *catalog.Listing, j int, _ string) string { return strconv.FormatInt(vbase+int64(j), 10) }
	case catalog.PlatformWooCommerce:
		id := b.wooNext[s]
		// A simple product leaves id+1 unused (post ids have gaps anyway),
		// so no later product's id depends on whether this one is simple.
		b.wooNext[s] = id + 1 + int64(variants) + b.r.Int64N(5)
		product := strconv.FormatInt(id, 10)
		return product, func(l *catalog.Listing, j int, _ string) string {
			if wooSimple(l) {
				return product
			}
			return strconv.FormatInt(id+1+int64(j), 10)
		}
	default:
		article := strconv.Itoa(100000 + 7*n + b.r.IntN(7))
		return article, func(l *catalog.Listing, j int, size string) string {
			return jsonldVariantID(l, j, article+"-"+sizeToken(size))
		}
	}
}

// wooSimple reports whether WooCommerce publishes l as a simple product: one
// variant without options. A simple product has no variation, so the Store
// API, and a crawler of it, know its only variant by the product's id.
func wooSimple(l *catalog.Listing) bool {
	return len(l.Variants) == 1 && len(l.Variants[0].Options) == 0
}

// jsonldVariantID is how a crawler of JSON-LD markup names variant j of l,
// since the markup publishes no variant id: by the SKU, else the GTIN the
// offer carries, else, for one of several variants, by the link selecting
// it, taken host-free like the listing's id ("/p/100007/x?variant=100007-8125",
// where token is the variant parameter). The only variant of a listing that
// names nothing is "default". The simulator links a variant by this id when
// it is a path, so link and id stay one.
func jsonldVariantID(l *catalog.Listing, j int, token string) string {
	v := &l.Variants[j]
	switch {
	case v.SKU != "":
		return v.SKU
	case v.GTIN != "":
		return v.GTIN
	case len(l.Variants) == 1:
		return "default"
	}
	return l.ExternalID + "?" + url.Values{"variant": {token}}.Encode()
}

// sizeToken squeezes a size into letters and digits for ids and SKUs:
// 8.125 -> 8125, 5.2 Hi -> 52-HI, 1 1/8" -> 1-18.
func sizeToken(size string) string {
	var b strings.Builder
	for i := 0; i < len(size); i++ {
		switch c := size[i]; {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		case c == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// sku is the maker-style article number some shops publish.
func sku(ln *line, p *product, size string) string {
	s := ln.brand.code + "-" + strings.ToUpper(strconv.FormatInt(int64(p.line), 36)+strconv.FormatInt(int64(p.model), 36))
	if t := sizeToken(size); t != "" && ln.kind != oneSize {
		s += "-" + t
	}
	return s
}

// categoryLabel is a category as Shopify product types read: "Decks".
func categoryLabel(c catalog.Category) string {
	s := string(c)
	return strings.ToUpper(s[:1]) + s[1:]
}
