package gormstore

import (
	"cmp"
	"slices"

	"github.com/skatestock/skatestock/modules/catalog"
)

// variantBatch is one variant's share of a batch.
type variantBatch struct {
	key     catalog.VariantKey
	ref     variantRef
	samples []sample
}

// group splits the observations of known variants by variant, ordered by
// variant id (the order rows are written and locked in), sharing one
// backing array. refs[keyOf[i]] is the variant of obs[i], unknown when its
// id is 0.
func group(obs []catalog.PriceObservation, keyOf []int, refs []variantRef) []variantBatch {
	// The known keys sorted by variant id: an order of ints rather than
	// of the groups themselves, a hundred bytes each.
	order := make([]int32, 0, len(refs))
	for k, ref := range refs {
		if ref.id != 0 {
			order = append(order, int32(k))
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(refs[a].id, refs[b].id) })
	groups := make([]variantBatch, len(order))
	groupOf := make([]int32, len(refs)) // key index to group index, -1 when unknown
	for k := range groupOf {
		groupOf[k] = -1
	}
	for g, k := range order {
		groups[g].ref = refs[k]
		groupOf[k] = int32(g)
	}
	counts := make([]int, len(groups))
	for _, k := range keyOf {
		if g := groupOf[k]; g >= 0 {
			counts[g]++
		}
	}
	all := make([]sample, len(obs))
	next := 0
	for i, n := range counts {
		groups[i].samples = all[next : next : next+n]
		next += n
	}
	for i, o := range obs {
		if g := groupOf[keyOf[i]]; g >= 0 {
			groups[g].key = o.Variant
			groups[g].samples = append(groups[g].samples, sample{At: at(o.ObservedAt), State: stateOf(o), Run: o.SourceRun, Index: i})
		}
	}
	return groups
}

// countSamples is how many samples the variants of batch hold.
func countSamples(batch []variantBatch) int {
	n := 0
	for _, b := range batch {
		n += len(b.samples)
	}
	return n
}

func stateOf(o catalog.PriceObservation) state {
	return state{Price: o.Price, CompareAt: o.CompareAt, Availability: o.Availability}
}
