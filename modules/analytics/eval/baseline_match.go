package eval

import (
	"strings"
	"unicode"

	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/catalog"
)

// baselineMatch is the matcher a first attempt would write: listings of one
// brand and category at two shops, with a variant of equal attributes, match
// when the Jaccard similarity of their lower-cased title words is at least
// 0.6. It shows how much of the data plain similarity already handles.
func baselineMatch(listings []catalog.Listing, truth map[listingPair]bool) PRCount {
	type entry struct {
		key   match.ListingKey
		words map[string]bool
		sizes map[catalog.Attributes]bool
	}
	blocks := map[string][]entry{}
	for _, l := range listings {
		e := entry{key: match.ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID}, words: map[string]bool{}, sizes: map[catalog.Attributes]bool{}}
		for _, w := range strings.FieldsFunc(strings.ToLower(l.Title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			e.words[w] = true
		}
		for _, v := range l.Variants {
			e.sizes[v.Attributes] = true
		}
		k := l.Brand + "|" + string(l.Category)
		blocks[k] = append(blocks[k], e)
	}
	c := PRCount{Truth: len(truth)}
	for _, es := range blocks {
		for i, a := range es {
			for _, b := range es[i+1:] {
				if a.key.ShopSlug == b.key.ShopSlug || !shareSize(a.sizes, b.sizes) {
					continue
				}
				inter := 0
				for w := range a.words {
					if b.words[w] {
						inter++
					}
				}
				union := len(a.words) + len(b.words) - inter
				if union == 0 || float64(inter)/float64(union) < 0.6 {
					continue
				}
				c.Found++
				if truth[newListingPair(a.key, b.key)] {
					c.True++
				}
			}
		}
	}
	return c
}

func shareSize(a, b map[catalog.Attributes]bool) bool {
	for s := range a {
		if b[s] {
			return true
		}
	}
	return false
}
