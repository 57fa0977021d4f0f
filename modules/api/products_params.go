package api

import (
	"net/url"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// maxCursorLen bounds a cursor; the store's cursors are far shorter, and a
// longer one is garbage.
const maxCursorLen = 2048

// pageLimits are the page sizes a listing accepts.
type pageLimits struct{ def, max int }

// The parameters of the two product listings. Deals are always sorted by
// discount, so they take no sort, and they filter on what a deal page
// offers.
func productParams() []string {
	return []string{"brand", "category", "shop", "q", "price_min", "price_max", "discount_min",
		"in_stock", "size", "sort", "limit", "cursor"}
}

func dealParams() []string {
	return []string{"brand", "category", "shop", "discount_min", "limit", "cursor"}
}

// parseProductQuery reads /products' query string into a catalog query.
// The error, when not nil, is a 400 problem naming every refused parameter.
// values are the accepted parameters, from which the next link is built.
func parseProductQuery(raw string, lim pageLimits) (catalog.ProductQuery, url.Values, error) {
	p := parseParams(raw, productParams()...)
	q := readCommonFilters(p, lim)
	q.Text = readText(p)
	q.PriceMin = readPrice(p, "price_min")
	q.PriceMax = readPrice(p, "price_max")
	if q.PriceMin != nil && q.PriceMax != nil && *q.PriceMax < *q.PriceMin {
		p.fail("price_max", "must not be below price_min")
	}
	q.InStock = p.boolean("in_stock")
	q.Size = readSize(p)
	q.Sort = readSort(p)
	if err := p.err(); err != nil {
		return catalog.ProductQuery{}, nil, err
	}
	return q, p.values, nil
}

// parseDealQuery reads /deals' query string: products with a real
// discount (at least discount_min, and always above zero), biggest first.
func parseDealQuery(raw string, lim pageLimits) (catalog.ProductQuery, url.Values, error) {
	p := parseParams(raw, dealParams()...)
	q := readCommonFilters(p, lim)
	q.DiscountMinBP = max(q.DiscountMinBP, 1)
	q.Sort = catalog.ProductSort{Field: catalog.SortDiscount, Desc: true}
	if err := p.err(); err != nil {
		return catalog.ProductQuery{}, nil, err
	}
	return q, p.values, nil
}

// readCommonFilters reads what both listings take: brand, category, shop,
// discount_min, limit and cursor.
func readCommonFilters(p *params, lim pageLimits) catalog.ProductQuery {
	q := catalog.ProductQuery{
		Brands:     readBrands(p),
		Categories: readCategories(p),
		Shops:      readShops(p),
		Limit:      p.intRange("limit", 1, lim.max, lim.def),
	}
	if s, ok := p.text("discount_min"); ok {
		bp, ok := parseFixed(s, 2)
		if !ok || bp > 10000 {
			p.fail("discount_min", "must be a percentage from 0 to 100 with at most 2 decimals, e.g. 20 or 12.5")
		} else {
			q.DiscountMinBP = int(bp)
		}
	}
	q.After = readCursor(p)
	return q
}

// readBrands matches brands the way stores keep them: through
// normalize.Brand, so "independent", "INDY" and "Independent" all select
// the canonical "Independent".
func readBrands(p *params) []string {
	var out []string
	for _, v := range p.list("brand") {
		b := normalize.Brand(v)
		if b == "" {
			p.fail("brand", "must be a brand name such as Independent")
			return nil
		}
		out = append(out, b)
	}
	return sortedUnique(out)
}

func readCategories(p *params) []catalog.Category {
	var out []catalog.Category
	for _, v := range p.list("category") {
		c, err := catalog.ParseCategory(strings.ToLower(strings.TrimSpace(v)))
		if err != nil {
			names := make([]string, 0, len(catalog.Categories()))
			for _, c := range catalog.Categories() {
				names = append(names, string(c))
			}
			p.fail("category", "must be one of "+strings.Join(names, ", "))
			return nil
		}
		out = append(out, c)
	}
	return sortedUnique(out)
}

func readShops(p *params) []string {
	var out []string
	for _, v := range p.list("shop") {
		s := strings.ToLower(strings.TrimSpace(v))
		if !catalog.ValidSlug(s) {
			p.fail("shop", "must be a shop slug: lower-case letters, digits and inner dashes, e.g. skate-warehouse")
			return nil
		}
		out = append(out, s)
	}
	return sortedUnique(out)
}

func readText(p *params) string {
	s, _ := p.text("q")
	return strings.Join(strings.Fields(s), " ")
}

// readPrice reads a price bound in major units ("59.95"). Stores keep
// minor units of each listing's own currency; the API assumes two
// decimals, which holds for the USD, EUR, GBP, CAD and AUD skate shops
// price in. Against a zero-decimal currency (JPY) the bound is 100 times
// too large.
func readPrice(p *params, name string) *int64 {
	s, ok := p.text(name)
	if !ok {
		return nil
	}
	m, err := catalog.ParseMoney(s, "USD")
	if err != nil {
		p.fail(name, "must be a non-negative amount in major units with at most 2 decimals, e.g. 59.95")
		return nil
	}
	return &m.Amount
}

// readSize reads one size into every attribute it can mean, with the
// parsers that read shops' variant options: "8.25" is a deck width, "9" a
// deck width or a US shoe size, "54mm" or "54" a wheel diameter (30-120
// mm). A category filter narrows the products down; the size query itself
// stays wide.
func readSize(p *params) catalog.SizeQuery {
	s, ok := p.text("size")
	if !ok {
		return catalog.SizeQuery{}
	}
	opt := []catalog.Option{{Name: "Size", Value: s}}
	q := catalog.SizeQuery{
		DeckWidthHundredths: normalize.Attributes(catalog.CategoryDecks, opt, "", "").DeckWidthHundredths,
		WheelDiameterMM:     normalize.Attributes(catalog.CategoryWheels, opt, "", "").WheelDiameterMM,
		ShoeSizeUS:          normalize.Attributes(catalog.CategoryShoes, opt, "", "").ShoeSizeUS,
	}
	if q.IsZero() {
		p.fail("size", `must be a deck width in inches (8.25), a wheel diameter in mm (54mm) or a US shoe size (9.5)`)
	}
	return q
}

// readSort reads a sort field from the allowlist, "-" for descending; the
// default is the latest price changes first.
func readSort(p *params) catalog.ProductSort {
	def := catalog.ProductSort{Field: catalog.SortUpdated, Desc: true}
	s, ok := p.text("sort")
	if !ok {
		return def
	}
	field, desc := strings.CutPrefix(s, "-")
	for _, f := range catalog.ProductSortFields() {
		if string(f) == field {
			return catalog.ProductSort{Field: f, Desc: desc}
		}
	}
	p.fail("sort", "must be one of "+strings.Join(sortValues(), ", "))
	return def
}

// sortValues lists every accepted sort value.
func sortValues() []string {
	var out []string
	for _, f := range catalog.ProductSortFields() {
		out = append(out, string(f), "-"+string(f))
	}
	return out
}

// readCursor passes the cursor through: only the store can tell a good one,
// and it answers ErrInvalid for the rest.
func readCursor(p *params) string {
	vs := p.values["cursor"]
	switch {
	case len(vs) == 0:
		return ""
	case len(vs) > 1:
		p.fail("cursor", "must be given at most once")
	case vs[0] == "" || len(vs[0]) > maxCursorLen || strings.ContainsFunc(vs[0], func(r rune) bool { return r < 0x21 || r > 0x7e }):
		p.fail("cursor", "must be the next_cursor of a previous page")
	default:
		return vs[0]
	}
	return ""
}

func sortedUnique[T ~string](vs []T) []T {
	slices.Sort(vs)
	return slices.Compact(vs)
}
