package shops

import (
	"net/url"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// ldStyle is how a product page marks up its product. Real shops differ,
// and scrapers must read them all: JSON-LD shops pick a style per listing
// by hash; Shopify pages use a theme's offers list, WooCommerce pages its
// core markup.
type ldStyle int

const (
	ldOffers    ldStyle = iota // Product with one Offer per variant
	ldGraph                    // one "@graph" with WebSite, Organization, WebPage, BreadcrumbList and Product
	ldGroup                    // ProductGroup with hasVariant products, and a second BreadcrumbList block
	ldAggregate                // Product with an AggregateOffer nesting the offers, and a BreadcrumbList block
	ldWooCore                  // "@graph" of BreadcrumbList and Product; variable products get a bare AggregateOffer (a price range)
)

// ldJSONStyles is how many styles JSON-LD shops choose from: the first four.
const ldJSONStyles = 4

type ldNode = map[string]any

// ldStyleOf picks the markup style of e's page.
func (s *shopServer) ldStyleOf(e *entry) ldStyle {
	switch s.shop.Platform {
	case catalog.PlatformShopify:
		return ldOffers
	case catalog.PlatformWooCommerce:
		return ldWooCore
	}
	return ldStyle(mix(e.hash, saltStyle) % ldJSONStyles)
}

// ldBlocks returns the ld+json blocks of e's page in state st.
func (s *shopServer) ldBlocks(e *entry, st listingState, q request) []ldNode {
	l := &e.listing
	offers := make([]any, len(l.Variants))
	for j := range l.Variants {
		offers[j] = s.ldOffer(e, j, st.obs[j], q)
	}
	product := ldNode{"@type": "Product", "@id": l.URL + "#product", "name": l.Title, "url": l.URL,
		"description": l.Title, "category": categoryTitle(l.Category)}
	if l.Brand != "" {
		product["brand"] = ldNode{"@type": "Brand", "name": l.Brand}
	}
	if l.ImageURL != "" {
		product["image"] = []any{l.ImageURL}
	}
	if len(l.Variants) == 1 {
		if sku := l.Variants[0].SKU; sku != "" {
			product["sku"] = sku
		}
		if g := l.Variants[0].GTIN; g != "" {
			product[gtinKey(g)] = g
		}
	}
	ctx := "https://schema.org"
	crumbs := s.ldBreadcrumbs(l)
	switch style := s.ldStyleOf(e); {
	case style == ldGraph:
		site := s.shop.BaseURL + "/"
		product["mainEntityOfPage"] = ldNode{"@id": l.URL + "#webpage"}
		product["offers"] = offers
		return []ldNode{{"@context": ctx, "@graph": []any{
			ldNode{"@type": "WebSite", "@id": site + "#website", "url": site, "name": s.shop.Name},
			ldNode{"@type": "Organization", "@id": site + "#organization", "name": s.shop.Name, "url": site},
			ldNode{"@type": "WebPage", "@id": l.URL + "#webpage", "url": l.URL, "name": l.Title,
				"isPartOf": ldNode{"@id": site + "#website"}, "breadcrumb": ldNode{"@id": l.URL + "#breadcrumb"}},
			crumbs, product,
		}}}
	case style == ldGroup && len(l.Variants) > 1:
		group := ldNode{"@context": ctx, "@type": "ProductGroup", "@id": product["@id"], "name": l.Title, "url": l.URL,
			"productGroupID": l.ExternalID, "variesBy": []any{"https://schema.org/size"}}
		for _, k := range []string{"brand", "image", "description", "category"} {
			if v, ok := product[k]; ok {
				group[k] = v
			}
		}
		variants := make([]any, len(l.Variants))
		for j, v := range l.Variants {
			variants[j] = s.ldVariant(e, j, v, offers[j].(ldNode))
		}
		group["hasVariant"] = variants
		return []ldNode{group, withContext(crumbs, ctx)}
	case style == ldAggregate || (style == ldWooCore && len(l.Variants) > 1):
		lo, hi := ldPriceRange(st.obs)
		agg := ldNode{"@type": "AggregateOffer", "lowPrice": lo.Decimal(), "highPrice": hi.Decimal(),
			"offerCount": len(offers), "priceCurrency": lo.Currency, "availability": ldAvailability(st.obs)}
		if style == ldAggregate {
			agg["offers"] = offers
			product["offers"] = agg
			product["@context"] = ctx
			return []ldNode{product, withContext(crumbs, ctx)}
		}
		product["offers"] = []any{agg}
		return []ldNode{{"@context": ctx + "/", "@graph": []any{crumbs, product}}}
	case style == ldWooCore:
		product["offers"] = offers
		return []ldNode{{"@context": ctx + "/", "@graph": []any{crumbs, product}}}
	}
	product["@context"] = ctx
	if len(offers) == 1 {
		product["offers"] = offers[0]
	} else {
		product["offers"] = offers
	}
	return []ldNode{product}
}

// ldOffer is the Offer of variant j: price as a string, the compare-at as
// a ListPrice specification, availability as a schema.org URL.
func (s *shopServer) ldOffer(e *entry, j int, o catalog.PriceObservation, q request) ldNode {
	l := &e.listing
	v := l.Variants[j]
	cur := o.Price.Currency
	offer := ldNode{"@type": "Offer", "url": ldVariantURL(l, j), "price": o.Price.Decimal(), "priceCurrency": cur,
		"availability": schemaAvailability(o.Availability), "itemCondition": "https://schema.org/NewCondition",
		"seller": ldNode{"@type": "Organization", "name": s.shop.Name}}
	if len(l.Variants) > 1 && v.Title != "" {
		offer["name"] = v.Title
	}
	if v.SKU != "" {
		offer["sku"] = v.SKU
	}
	if v.GTIN != "" {
		offer[gtinKey(v.GTIN)] = v.GTIN
	}
	if !o.CompareAt.IsZero() {
		offer["priceSpecification"] = []any{ldNode{"@type": "UnitPriceSpecification",
			"priceType": "https://schema.org/ListPrice", "price": o.CompareAt.Decimal(), "priceCurrency": cur}}
	}
	if bad, ok := badPrice(e, j, q, false); ok {
		offer["price"] = bad
	}
	return offer
}

// ldVariant is a ProductGroup's hasVariant product for variant j.
func (s *shopServer) ldVariant(e *entry, j int, v catalog.Variant, offer ldNode) ldNode {
	l := &e.listing
	n := ldNode{"@type": "Product", "name": strings.TrimSpace(l.Title + " " + v.Title), "url": ldVariantURL(l, j), "offers": offer}
	if v.SKU != "" {
		n["sku"] = v.SKU
	}
	if v.GTIN != "" {
		n[gtinKey(v.GTIN)] = v.GTIN
	}
	for k, o := range v.Options {
		switch name := strings.ToLower(o.Name); {
		case strings.Contains(name, "colo"):
			n["color"] = o.Value
		case k == 0:
			n["size"] = o.Value
		}
	}
	return n
}

// ldVariantURL is the listing's URL selecting variant j, as Shopify-style
// themes link variants; the listing's own URL when it has one variant. A
// variant id that is a path and query is the link a crawler named the
// variant by (a JSON-LD shop's variant without SKU or GTIN), so the link is
// that path and query on the shop, and scraping it gives the id back.
func ldVariantURL(l *catalog.Listing, j int) string {
	if len(l.Variants) == 1 {
		return l.URL
	}
	id := l.Variants[j].ExternalID
	if strings.HasPrefix(id, "/") && !strings.HasPrefix(id, "//") {
		if base, err := url.Parse(l.URL); err == nil {
			if ref, err := url.Parse(id); err == nil {
				return base.ResolveReference(ref).String()
			}
		}
	}
	return l.URL + "?variant=" + url.QueryEscape(id)
}

func (s *shopServer) ldBreadcrumbs(l *catalog.Listing) ldNode {
	item := func(pos int, name, u string) ldNode {
		return ldNode{"@type": "ListItem", "position": pos, "name": name, "item": u}
	}
	return ldNode{"@type": "BreadcrumbList", "@id": l.URL + "#breadcrumb", "itemListElement": []any{
		item(1, "Home", s.shop.BaseURL+"/"),
		item(2, categoryTitle(l.Category), s.shop.BaseURL+"/c/"+string(l.Category)),
		item(3, l.Title, l.URL),
	}}
}

func withContext(n ldNode, ctx string) ldNode {
	n["@context"] = ctx
	return n
}

// ldPriceRange is the lowest and highest price over obs.
func ldPriceRange(obs []catalog.PriceObservation) (lo, hi catalog.Money) {
	lo, hi = obs[0].Price, obs[0].Price
	for _, o := range obs[1:] {
		if o.Price.Amount < lo.Amount {
			lo = o.Price
		}
		if o.Price.Amount > hi.Amount {
			hi = o.Price
		}
	}
	return lo, hi
}

// ldAvailability is in stock when any variant is.
func ldAvailability(obs []catalog.PriceObservation) string {
	for _, o := range obs {
		if o.Availability.Purchasable() {
			return schemaAvailability(o.Availability)
		}
	}
	return schemaAvailability(catalog.OutOfStock)
}

func schemaAvailability(a catalog.Availability) string {
	switch a {
	case catalog.OutOfStock:
		return "https://schema.org/OutOfStock"
	case catalog.PreOrder:
		return "https://schema.org/PreOrder"
	case catalog.BackOrder:
		return "https://schema.org/BackOrder"
	}
	return "https://schema.org/InStock"
}

// gtinKey names the schema.org property for a GTIN of its length.
func gtinKey(g string) string {
	switch len(g) {
	case 8:
		return "gtin8"
	case 12:
		return "gtin12"
	case 14:
		return "gtin14"
	}
	return "gtin13"
}
