// Package evaltest turns the seed generator's catalog, history and planted
// truth into the dataset and labels the evaluation scores against. It is a
// testing-helper package because analytics may read seed's generated data
// only for evaluation: eval's tests and `skatestock eval` both use it.
package evaltest

import (
	"slices"

	"github.com/skatestock/skatestock/modules/analytics/eval"
	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// FromSeed translates a generator's catalog, history and truth into what
// eval reads.
func FromSeed(g *seed.Generator) (eval.Dataset, eval.Labels) {
	w := g.Window()
	ds := eval.Dataset{Listings: g.Listings(), Start: w.From, End: w.To, Shops: len(g.Shops())}
	ds.Series = make([][][]catalog.PriceObservation, len(ds.Listings))
	for li, l := range ds.Listings {
		ds.Series[li] = make([][]catalog.PriceObservation, len(l.Variants))
		for v := range l.Variants {
			s := make([]catalog.PriceObservation, w.Slots)
			for k := range w.Slots {
				s[k], _ = g.ObserveSlot(li, v, k)
			}
			ds.Series[li][v] = s
		}
	}
	truth := g.Truth()
	lb := eval.Labels{Traits: map[match.ListingKey][]string{}, Weekly: map[catalog.VariantKey]bool{}}
	for _, grp := range truth.Groups {
		for _, sz := range grp.Sizes {
			lb.SizeGroups = append(lb.SizeGroups, sz.Variants)
		}
	}
	key := func(r seed.ListingRef) match.ListingKey {
		return match.ListingKey{ShopSlug: r.ShopSlug, ExternalID: r.ExternalID}
	}
	for _, la := range truth.LookAlikes {
		lb.LookAlikes = append(lb.LookAlikes, eval.LookAlike{A: key(la.A), B: key(la.B), Reason: string(la.Reason), CommonSize: la.CommonSize})
	}
	for _, tl := range truth.Titles {
		for _, tr := range tl.Traits {
			lb.Traits[key(tl.Listing)] = append(lb.Traits[key(tl.Listing)], string(tr))
		}
	}
	scored := []seed.EventKind{seed.EventFlash, seed.EventClearance, seed.EventPriceError, seed.EventFakeSale, seed.EventSeasonal}
	for _, e := range truth.Events {
		if slices.Contains(scored, e.Kind) {
			lb.Events = append(lb.Events, eval.Event{
				Kind: patterns.Kind(e.Kind), Variant: e.Variant, From: e.From, To: e.To,
				DiscountBP: catalog.DiscountBasisPoints(e.Price, e.Regular),
			})
		}
	}
	weekly := map[string]*seed.WeeklyDeal{}
	for _, s := range truth.Shops {
		weekly[s.Slug] = s.Weekly
	}
	for _, l := range ds.Listings {
		if d := weekly[l.ShopSlug]; d != nil && slices.Contains(d.Categories, l.Category) {
			for _, v := range l.Variants {
				lb.Weekly[catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: v.ExternalID}] = true
			}
		}
	}
	return ds, lb
}
