package normalize

import "github.com/skatestock/skatestock/modules/catalog"

// Category decides what kind of skate product a listing is from what the shop
// publishes: productType (Shopify product_type, WooCommerce category names
// joined, schema.org category), tags, and the title. The first source that
// names a category wins, in that order, because a shop's own taxonomy is more
// deliberate than its tags and its tags more than title wording. Within one
// source the ordered rules in categoryTable settle names like "Deck Bolts"
// (hardware), "Wheel Wax" (accessories) or "Trucks Tee" (apparel). It returns
// CategoryOther when nothing matches; the result always validates.
func Category(productType string, tags []string, title string) catalog.Category {
	if c, ok := matchCategory(productType); ok {
		return c
	}
	if c, ok := matchCategory(tags...); ok {
		return c
	}
	if c, ok := matchCategory(title); ok {
		return c
	}
	return catalog.CategoryOther
}

// matchCategory applies the rules in order across all texts, so a tag list
// like ["Independent Trucks", "Tees"] is apparel: no rule's phrase spans two
// texts, but an earlier rule beats an earlier text.
func matchCategory(texts ...string) (catalog.Category, bool) {
	words := make([][]string, 0, len(texts))
	for _, t := range texts {
		if w := keyWords(Title(t)); len(w) > 0 { // Title decodes "Skate &amp; Surf"
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return "", false
	}
	for _, r := range categoryRules {
		for _, w := range words {
			if r.matches(w) {
				return r.category, true
			}
		}
	}
	return "", false
}
