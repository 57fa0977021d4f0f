package eval

import (
	"context"
	"slices"

	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/catalog"
)

// MatchScore is how the matcher did.
type MatchScore struct {
	// Listing pairs: two listings of one product at two shops with a size in
	// common. Variant pairs: two variants of one product and size.
	Listing, Variant PRCount
	// ByEvidence counts accepted listing pairs, true and false, by evidence.
	ByEvidence map[match.Evidence][2]int
	// LookAlikes counts, per reason, the look-alike pairs with a size in
	// common and how many of them were (wrongly) matched.
	LookAlikes map[string][2]int
	// ByTrait is listing-pair recall over true pairs where a listing has
	// the trait: [found, total].
	ByTrait map[string][2]int
	// Review counts pairs left for review and how many are true pairs.
	Review, ReviewTrue int
	// Baseline is a plain title matcher (word Jaccard at least 0.6 within
	// brand, category and a common size), for how hard the data is.
	Baseline PRCount
}

// PRCount is a confusion count with its precision and recall.
type PRCount struct {
	Truth, Found, True int
}

// Precision is True/Found.
func (c PRCount) Precision() float64 { return ratio(c.True, c.Found) }

// Recall is True/Truth.
func (c PRCount) Recall() float64 { return ratio(c.True, c.Truth) }

// F1 is the harmonic mean of precision and recall.
func (c PRCount) F1() float64 { return f1(c.Precision(), c.Recall()) }

type listingPair [2]match.ListingKey
type variantPair [2]catalog.VariantKey

func newListingPair(a, b match.ListingKey) listingPair {
	if b.ShopSlug < a.ShopSlug || b.ShopSlug == a.ShopSlug && b.ExternalID < a.ExternalID {
		a, b = b, a
	}
	return listingPair{a, b}
}

func newVariantPair(a, b catalog.VariantKey) variantPair {
	if b.String() < a.String() {
		a, b = b, a
	}
	return variantPair{a, b}
}

func listingOf(v catalog.VariantKey) match.ListingKey {
	return match.ListingKey{ShopSlug: v.ShopSlug, ExternalID: v.ListingExternalID}
}

// scoreMatching adds every listing to a matcher, in order, as a stream
// would, and scores the matches it holds at the end.
func scoreMatching(ctx context.Context, ds Dataset, labels Labels, cfg match.Config, progress Progress) (MatchScore, error) {
	m, err := match.New(cfg)
	if err != nil {
		return MatchScore{}, err
	}
	for i, l := range ds.Listings {
		if i%500 == 0 {
			if err := ctx.Err(); err != nil {
				return MatchScore{}, err
			}
			progress("matching listings", i, len(ds.Listings))
		}
		m.Add(l)
	}
	progress("matching listings", len(ds.Listings), len(ds.Listings))
	truthL, truthV := map[listingPair]bool{}, map[variantPair]bool{}
	for _, g := range labels.SizeGroups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				if a.ShopSlug != b.ShopSlug {
					truthL[newListingPair(listingOf(a), listingOf(b))] = true
					truthV[newVariantPair(a, b)] = true
				}
			}
		}
	}
	s := MatchScore{
		ByEvidence: map[match.Evidence][2]int{}, LookAlikes: map[string][2]int{}, ByTrait: map[string][2]int{},
		Listing: PRCount{Truth: len(truthL)}, Variant: PRCount{Truth: len(truthV)},
	}
	found := map[listingPair]bool{}
	for _, mt := range m.Matches() {
		k := newListingPair(mt.A, mt.B)
		found[k] = true
		s.Listing.Found++
		c := s.ByEvidence[mt.Evidence]
		if truthL[k] {
			s.Listing.True++
			c[0]++
		} else {
			c[1]++
		}
		s.ByEvidence[mt.Evidence] = c
		for _, vp := range mt.Variants {
			s.Variant.Found++
			if truthV[newVariantPair(vp.A, vp.B)] {
				s.Variant.True++
			}
		}
	}
	for _, rv := range m.Review() {
		s.Review++
		if truthL[newListingPair(rv.A, rv.B)] {
			s.ReviewTrue++
		}
	}
	for _, la := range labels.LookAlikes {
		if !la.CommonSize {
			continue
		}
		c := s.LookAlikes[la.Reason]
		c[0]++
		if found[newListingPair(la.A, la.B)] {
			c[1]++
		}
		s.LookAlikes[la.Reason] = c
	}
	for k := range truthL {
		var traits []string
		traits = append(traits, labels.Traits[k[0]]...)
		traits = append(traits, labels.Traits[k[1]]...)
		slices.Sort(traits)
		for _, t := range slices.Compact(traits) {
			c := s.ByTrait[t]
			c[1]++
			if found[k] {
				c[0]++
			}
			s.ByTrait[t] = c
		}
	}
	s.Baseline = baselineMatch(ds.Listings, truthL)
	return s, nil
}
