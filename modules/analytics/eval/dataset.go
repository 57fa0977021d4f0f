package eval

import (
	"time"

	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/catalog"
)

// Dataset is what the algorithms run on.
type Dataset struct {
	Listings []catalog.Listing
	// Series holds each variant's observations in time order:
	// Series[i][j] is variant j of Listings[i].
	Series [][][]catalog.PriceObservation
	// Start and End are the first and last observation of the history.
	Start, End time.Time
	// Shops is how many shops the listings come from.
	Shops int
}

// Labels is the truth the algorithms are scored against.
type Labels struct {
	// SizeGroups are the variants that are one product in one size, sold
	// by several shops: every two of a group at different shops are a true
	// variant pair, and their listings a true listing pair.
	SizeGroups [][]catalog.VariantKey
	// LookAlikes are listing pairs that are different products with names
	// one word apart: hard negatives.
	LookAlikes []LookAlike
	// Traits tell, per listing, how its title differs from the maker's name
	// ("typo", "abbreviation", ...), so recall can be read per trait.
	Traits map[match.ListingKey][]string
	// Events are the planted discount patterns, one per variant.
	Events []Event
	// Weekly holds the variants a recurring weekly deal covers.
	Weekly map[catalog.VariantKey]bool
}

// LookAlike is a pair of different products with near-identical names.
type LookAlike struct {
	A, B   match.ListingKey
	Reason string
	// CommonSize reports whether they list a size with equal attributes,
	// so that only their names keep them apart.
	CommonSize bool
}

// Event is one planted pattern on one variant.
type Event struct {
	Kind     patterns.Kind
	Variant  catalog.VariantKey
	From, To time.Time
	// DiscountBP is how deep it cut below the regular price, where the
	// generator says.
	DiscountBP int
}

// Observations counts the observations of d.
func (d Dataset) Observations() int {
	n := 0
	for _, l := range d.Series {
		for _, s := range l {
			n += len(s)
		}
	}
	return n
}

// Variants counts the variants of d.
func (d Dataset) Variants() int {
	n := 0
	for _, l := range d.Listings {
		n += len(l.Variants)
	}
	return n
}
