package api

import (
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

// FuzzProductQuery: whatever the query string, parsing never panics and
// gives either a query the catalog can trust or a 400 naming parameters.
func FuzzProductQuery(f *testing.F) {
	for _, seed := range []string{
		"", "brand=Independent&discount_min=20", "brand=independent&brand=INDY", "category=decks&size=8.25",
		"price_min=59.95&price_max=100", "price_min=abc", "discount_min=101", "limit=0", "limit=1000",
		"sort=-price", "sort=bogus", "cursor=garbage", "discount_mni=20", "%zz=1", "a;b=1", "size=54mm",
		"q=%C3%A9tnies+dunk", "in_stock=true&size=9", "brand=%00", "q=" + string([]byte{0xff, 0xfe}),
	} {
		f.Add(seed)
	}
	lim := pageLimits{def: 24, max: 100}
	f.Fuzz(func(t *testing.T, raw string) {
		for name, parse := range map[string]func(string, pageLimits) (catalog.ProductQuery, url.Values, error){
			"products": parseProductQuery,
			"deals":    parseDealQuery,
		} {
			q, _, err := parse(raw, lim)
			if err != nil {
				var p *problem
				if !errors.As(err, &p) || p.Status != 400 || len(p.InvalidParams) == 0 {
					t.Fatalf("%s %q: error %v is not a 400 naming parameters", name, raw, err)
				}
				for _, ip := range p.InvalidParams {
					if ip.Name == "" || ip.Reason == "" {
						t.Fatalf("%s %q: unnamed invalid parameter %+v", name, raw, ip)
					}
				}
				continue
			}
			checkQuery(t, name, raw, q, lim)
		}
	})
}

func checkQuery(t *testing.T, name, raw string, q catalog.ProductQuery, lim pageLimits) {
	t.Helper()
	fail := func(what string) { t.Fatalf("%s %q: accepted %s: %+v", name, raw, what, q) }
	if q.Limit < 1 || q.Limit > lim.max {
		fail("a limit out of range")
	}
	if q.DiscountMinBP < 0 || q.DiscountMinBP > 10000 || (name == "deals" && q.DiscountMinBP < 1) {
		fail("a discount out of range")
	}
	if (q.PriceMin != nil && *q.PriceMin < 0) || (q.PriceMax != nil && *q.PriceMax < 0) ||
		(q.PriceMin != nil && q.PriceMax != nil && *q.PriceMax < *q.PriceMin) {
		fail("a bad price range")
	}
	if !slices.Contains(catalog.ProductSortFields(), q.Sort.Field) {
		fail("a sort field outside the allowlist")
	}
	for _, c := range q.Categories {
		if c.Validate() != nil {
			fail("an unknown category")
		}
	}
	for _, s := range q.Shops {
		if !catalog.ValidSlug(s) {
			fail("a bad shop slug")
		}
	}
	for _, b := range q.Brands {
		if b == "" {
			fail("an empty brand")
		}
	}
	if len(q.After) > maxCursorLen {
		fail("an oversized cursor")
	}
}
