package shops

import (
	"encoding/json"
	"html"
	"net/url"
	"path"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// wooProductOf renders listing e in state st as a Store API product. A
// variable product's prices are the lowest over its variations, as
// WooCommerce computes them, with price_range set only when the variation
// prices differ; each variation's own prices and stock are served at
// /products/<variation id>.
func (s *shopServer) wooProductOf(e *entry, st listingState, q request) wooProduct {
	l := &e.listing
	p := s.wooBase(e)
	p.ID, p.Parent, p.Name, p.Slug, p.Permalink = jsonID(e.id), "0", l.Title, l.Handle, l.URL
	p.Description = productDescriptionHTML(l)
	p.ShortDescription = "<p>" + html.EscapeString(strings.TrimSpace(l.Brand+" "+categoryTitle(l.Category))) + "</p>"
	p.Categories = []wooTerm{s.wooTerm("product_cat", categoryTitle(l.Category), "product-category")}
	for _, t := range l.Tags {
		p.Tags = append(p.Tags, s.wooTerm("product_tag", t, "product-tag"))
	}
	if l.Brand != "" {
		p.Brands = append(p.Brands, s.wooTerm("product_brand", l.Brand, "brand"))
	}
	if wooSimple(e) {
		p.Type, p.SKU = "simple", l.Variants[0].SKU
		s.wooSetPrices(&p, e, st.obs, 0, q)
		p.AddToCart = wooAddToCart{Text: "Add to cart", Description: "Add to cart: “" + l.Title + "”",
			URL: "?add-to-cart=" + p.ID.String(), SingleText: "Add to cart", Minimum: 1, Maximum: 9999, MultipleOf: 1}
		return p
	}
	p.Type, p.HasOptions = "variable", true
	p.Attributes = wooAttributes(l.Variants)
	for j, v := range l.Variants {
		ref := wooVariation{ID: jsonID(e.variantID[j]), Attributes: []wooNameValue{}}
		for _, o := range v.Options {
			ref.Attributes = append(ref.Attributes, wooNameValue{Name: o.Name, Value: slugify(o.Value)})
		}
		p.Variations = append(p.Variations, ref)
	}
	s.wooSetPrices(&p, e, st.obs, -1, q)
	p.AddToCart = wooAddToCart{Text: "Select options", Description: "Select options for “" + l.Title + "”",
		URL: l.URL, SingleText: "Add to cart", Minimum: 1, Maximum: 9999, MultipleOf: 1}
	return p
}

// wooVariationOf renders variant v of e as /products/<variation id> does.
func (s *shopServer) wooVariationOf(e *entry, st listingState, v int, q request) wooProduct {
	l := &e.listing
	va := l.Variants[v]
	p := s.wooBase(e)
	p.ID, p.Parent, p.Type, p.SKU, p.Slug = jsonID(e.variantID[v]), jsonID(e.id), "variation", va.SKU, l.Handle+"-"+slugify(va.Title)
	var labels, values []string
	query := url.Values{}
	for _, o := range va.Options {
		labels = append(labels, o.Name+": "+o.Value)
		values = append(values, o.Value)
		query.Set("attribute_"+wooTaxonomy(o.Name), slugify(o.Value))
	}
	p.Name = l.Title
	if len(values) > 0 {
		p.Name += " - " + strings.Join(values, ", ")
	}
	p.Variation = strings.Join(labels, ", ")
	p.Permalink = l.URL
	if len(query) > 0 {
		p.Permalink += "?" + query.Encode()
	}
	s.wooSetPrices(&p, e, st.obs, v, q)
	p.AddToCart = wooAddToCart{Text: "Add to cart", Description: "Add to cart: “" + p.Name + "”",
		URL: "?add-to-cart=" + p.ID.String(), SingleText: "Add to cart", Minimum: 1, Maximum: 9999, MultipleOf: 1}
	return p
}

// wooBase is what every product object carries, with empty lists as [].
func (s *shopServer) wooBase(e *entry) wooProduct {
	p := wooProduct{
		AverageRating: "0", Images: []wooImage{}, Categories: []wooTerm{}, Tags: []wooTerm{}, Brands: []wooTerm{},
		Attributes: []wooAttribute{}, Variations: []wooVariation{}, GroupedProducts: []json.Number{},
	}
	if img := e.listing.ImageURL; img != "" {
		ext := path.Ext(img)
		p.Images = append(p.Images, wooImage{
			ID: jsonID(e.id + 7), Src: img, Thumbnail: strings.TrimSuffix(img, ext) + "-300x300" + ext,
			Srcset: img + " 1024w", Sizes: "(max-width: 1024px) 100vw, 1024px", Name: path.Base(img), Alt: "",
		})
	}
	return p
}

// wooSetPrices fills prices and stock from the observations: of variant v,
// or (v < 0) the lowest over all variants with a price_range when they
// differ. The badprice fault spoils the price of its chosen variant.
func (s *shopServer) wooSetPrices(p *wooProduct, e *entry, obs []catalog.PriceObservation, v int, q request) {
	pick := obs
	if v >= 0 {
		pick = obs[v : v+1]
	}
	cur := pick[0].Price.Currency
	if cur == "" {
		cur = s.shop.Currency
	}
	p.Prices = s.wooPricesOf(cur)
	lo, hi, regular, inStock, backorder := pick[0].Price, pick[0].Price, regularOf(pick[0]), false, false
	for _, o := range pick {
		if o.Price.Amount < lo.Amount {
			lo = o.Price
		}
		if o.Price.Amount > hi.Amount {
			hi = o.Price
		}
		if r := regularOf(o); r.Amount < regular.Amount {
			regular = r
		}
		p.OnSale = p.OnSale || o.OnSale()
		inStock = inStock || o.Availability.Purchasable()
		backorder = backorder || o.Availability == catalog.BackOrder
	}
	p.Prices.Price, p.Prices.RegularPrice, p.Prices.SalePrice = minorString(lo), minorString(regular), minorString(lo)
	if lo != hi {
		p.Prices.PriceRange = &wooPriceRange{MinAmount: minorString(lo), MaxAmount: minorString(hi)}
	}
	if bad, ok := badPrice(e, max(v, 0), q, true); ok {
		p.Prices.Price = bad
	}
	p.IsInStock, p.IsPurchasable, p.IsOnBackorder = inStock, inStock, backorder
	switch {
	case backorder:
		p.StockAvailability = wooStock{Text: "Available on backorder", Class: "available-on-backorder"}
	case inStock:
		p.StockAvailability = wooStock{Text: "In stock", Class: "in-stock"}
	default:
		p.StockAvailability = wooStock{Text: "Out of stock", Class: "out-of-stock"}
	}
	p.PriceHTML = s.wooPriceHTML(lo, regular, lo != hi, hi)
}

// wooPriceHTML is the price markup WooCommerce themes print.
func (s *shopServer) wooPriceHTML(price, regular catalog.Money, ranged bool, hi catalog.Money) string {
	amount := func(m catalog.Money) string {
		return `<span class="woocommerce-Price-amount amount"><bdi>` + html.EscapeString(s.loc.format(m)) + `</bdi></span>`
	}
	switch {
	case ranged:
		return amount(price) + " &ndash; " + amount(hi)
	case regular.Amount > price.Amount:
		return `<del aria-hidden="true">` + amount(regular) + `</del> <ins aria-hidden="true">` + amount(price) + `</ins>`
	}
	return amount(price)
}

// wooAttributes lists the variation attributes of variants with their terms.
func wooAttributes(vs []catalog.Variant) []wooAttribute {
	out := []wooAttribute{}
	for k, o := range vs[0].Options {
		tax := wooTaxonomy(o.Name)
		a := wooAttribute{ID: wooTermID("attribute", tax), Name: o.Name, Taxonomy: tax, HasVariations: true, Terms: []wooAttrTerm{}}
		seen := map[string]bool{}
		for _, v := range vs {
			if k >= len(v.Options) || seen[v.Options[k].Value] {
				continue
			}
			seen[v.Options[k].Value] = true
			slug := slugify(v.Options[k].Value)
			a.Terms = append(a.Terms, wooAttrTerm{ID: wooTermID(tax, slug), Name: v.Options[k].Value, Slug: slug})
		}
		out = append(out, a)
	}
	return out
}

// wooTerm is a taxonomy term with its archive link under base.
func (s *shopServer) wooTerm(taxonomy, name, base string) wooTerm {
	slug := slugify(name)
	return wooTerm{ID: wooTermID(taxonomy, slug), Name: name, Slug: slug, Link: s.shop.BaseURL + "/" + base + "/" + slug + "/"}
}
