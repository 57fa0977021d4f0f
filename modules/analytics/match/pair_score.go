package match

import (
	"cmp"
	"slices"

	"github.com/skatestock/skatestock/modules/catalog"
)

// score judges one pair of listings (a sorting before b). It returns false
// when they cannot be the same product or score below the review floor.
//
// The order of evidence: listings of one shop never match; brands and
// categories must agree where both are known; there must be a size in
// common; a size on which the two publish different maker barcodes is proof
// they differ, and one on which they publish the same is proof they do not;
// otherwise the titles decide, within the block only.
func (m *Matcher) score(a, b *doc) (Match, bool) {
	if a.key.ShopSlug == b.key.ShopSlug || !compatible(a.brand, b.brand) || !compatibleCategory(a.category, b.category) {
		return Match{}, false
	}
	// Count the common sizes and barcodes before building anything: most
	// candidates fail here or on the title's vetoes.
	common, shared, conflict := 0, 0, false
	i, j := 0, 0
	for i < len(a.sizes) && j < len(b.sizes) {
		x, y := &a.sizes[i], &b.sizes[j]
		switch c := cmp.Compare(x.id, y.id); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			common++
			switch {
			case x.gtin != "" && x.gtin == y.gtin:
				shared++
			case x.gtin != "" && y.gtin != "":
				conflict = true
			}
			i++
			j++
		}
	}
	if common == 0 || conflict {
		return Match{}, false
	}
	mt := Match{A: a.key, B: b.key, SharedGTINs: shared}
	var lx *lexicon
	if a.block == b.block {
		lx = m.lex[a.block]
	}
	if shared == 0 && (a.block != b.block || vetoed(a, b)) {
		return Match{}, false
	}
	t := compareTitles(a, b, lx, m.freq)
	mt.TitleScore = t.score
	switch {
	case shared > 0:
		mt.Status, mt.Evidence, mt.Score = StatusAccepted, EvidenceGTIN, 1
	case t.veto != "":
		return Match{}, false
	case t.exact:
		mt.Status, mt.Evidence, mt.Score = StatusAccepted, EvidenceModel, 1
	case t.score >= m.cfg.Threshold:
		mt.Status, mt.Evidence, mt.Score = StatusAccepted, EvidenceTitle, t.score
	case m.cfg.ReviewFloor > 0 && t.score >= m.cfg.ReviewFloor:
		mt.Status, mt.Evidence, mt.Score = StatusReview, EvidenceTitle, t.score
	default:
		return Match{}, false
	}
	mt.Variants = variantPairs(a, b)
	return mt, true
}

// variantPairs pairs the variants of a and b of equal size.
func variantPairs(a, b *doc) []VariantPair {
	var out []VariantPair
	i, j := 0, 0
	for i < len(a.sizes) && j < len(b.sizes) {
		x, y := a.sizes[i], b.sizes[j]
		switch c := cmp.Compare(x.id, y.id); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			vp := VariantPair{Size: x.size, A: x.variant, B: y.variant}
			if x.gtin != "" && x.gtin == y.gtin {
				vp.GTIN = x.gtin
			}
			out = append(out, vp)
			i++
			j++
		}
	}
	slices.SortFunc(out, func(x, y VariantPair) int { return cmp.Compare(x.Size, y.Size) })
	return out
}

// compatible reports whether two canonical brands can be one, "" being unknown.
func compatible(a, b string) bool { return a == b || a == "" || b == "" }

func compatibleCategory(a, b catalog.Category) bool {
	return a == b || a == catalog.CategoryOther || b == catalog.CategoryOther
}

// sameDoc reports whether a listing came back unchanged in everything
// matching reads.
func sameDoc(x, y *doc) bool {
	return x.title == y.title && x.brand == y.brand && x.category == y.category &&
		slices.Equal(x.sizes, y.sizes)
}

func sameMatch(x, y Match) bool {
	return x.Status == y.Status && x.Evidence == y.Evidence && x.Score == y.Score &&
		x.TitleScore == y.TitleScore && x.SharedGTINs == y.SharedGTINs && slices.Equal(x.Variants, y.Variants)
}

// Groups returns the products the accepted matches make, each a set of
// listings joined by a chain of matches, sorted; listings matched to none
// are left out. A chain can join two listings no match joins directly, so
// consumers that show one price per shop should prefer direct matches.
func (m *Matcher) Groups() [][]ListingKey {
	m.mu.Lock()
	defer m.mu.Unlock()
	parent := map[ListingKey]ListingKey{}
	find := func(k ListingKey) ListingKey {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	for _, d := range m.docs {
		for _, mt := range d.links {
			if mt.A != d.key || mt.Status != StatusAccepted {
				continue
			}
			for _, x := range []ListingKey{mt.A, mt.B} {
				if _, ok := parent[x]; !ok {
					parent[x] = x
				}
			}
			if ra, rb := find(mt.A), find(mt.B); ra != rb {
				parent[rb] = ra
			}
		}
	}
	byRoot := map[ListingKey][]ListingKey{}
	for k := range parent {
		r := find(k)
		byRoot[r] = append(byRoot[r], k)
	}
	less := func(x, y ListingKey) int {
		return cmp.Or(cmp.Compare(x.ShopSlug, y.ShopSlug), cmp.Compare(x.ExternalID, y.ExternalID))
	}
	out := make([][]ListingKey, 0, len(byRoot))
	for _, g := range byRoot {
		slices.SortFunc(g, less)
		out = append(out, g)
	}
	slices.SortFunc(out, func(x, y []ListingKey) int { return less(x[0], y[0]) })
	return out
}
