package seed_test

import (
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

func TestTitleTraits(t *testing.T) {
	g := mustNew(t, smallConfig())
	listings := g.Listings()
	counts := map[seed.TitleTrait]int{}
	last := -1
	for _, tl := range g.Truth().Titles {
		l := listings[tl.Listing.Index]
		if tl.Listing.Index <= last || l.ShopSlug != tl.Listing.ShopSlug || l.ExternalID != tl.Listing.ExternalID || len(tl.Traits) == 0 {
			t.Fatalf("title label %+v out of order, misnamed or empty", tl)
		}
		last = tl.Listing.Index
		for _, tr := range tl.Traits {
			counts[tr]++
			switch tr {
			case seed.TraitNoiseWords:
				if !strings.HasPrefix(l.Title, "NEW ") && !strings.HasSuffix(l.Title, " (Restock)") {
					t.Errorf("%q is labelled with noise words", l.Title)
				}
			}
		}
	}
	for _, tr := range []seed.TitleTrait{seed.TraitAbbreviation, seed.TraitBrandSpelling, seed.TraitWordOrder,
		seed.TraitTypo, seed.TraitColorAbbreviation, seed.TraitNoiseWords} {
		if counts[tr] == 0 {
			t.Errorf("no title has trait %s", tr)
		}
	}
}

func TestLookAlikes(t *testing.T) {
	g := mustNew(t, smallConfig())
	truth := g.Truth()
	listings := g.Listings()
	group := map[int]int{}
	for gi, grp := range truth.Groups {
		for _, r := range grp.Listings {
			group[r.Index] = gi + 1
		}
	}
	reasons := map[seed.LookAlikeReason]int{}
	for _, la := range truth.LookAlikes {
		a, b := listings[la.A.Index], listings[la.B.Index]
		if la.A.Index >= la.B.Index || a.ShopSlug == b.ShopSlug || a.Brand != b.Brand || a.Category != b.Category {
			t.Fatalf("look-alike %+v: want two listings of one brand and category at two shops, in order", la)
		}
		if group[la.A.Index] != 0 && group[la.A.Index] == group[la.B.Index] {
			t.Fatalf("look-alike %+v: %q and %q are one product", la, a.Title, b.Title)
		}
		if la.Reason == seed.LookAlikeSizeStep && la.CommonSize {
			t.Fatalf("look-alike %+v: a durometer step shares a size", la)
		}
		if la.CommonSize && !shareAttributes(a, b) {
			t.Fatalf("look-alike %+v: no size in common", la)
		}
		reasons[la.Reason]++
	}
	for _, r := range []seed.LookAlikeReason{seed.LookAlikeColorway, seed.LookAlikeModel, seed.LookAlikeLine, seed.LookAlikeSizeStep} {
		if reasons[r] == 0 {
			t.Errorf("no %s look-alikes", r)
		}
	}
}

func shareAttributes(a, b catalog.Listing) bool {
	for _, x := range a.Variants {
		for _, y := range b.Variants {
			if x.Attributes == y.Attributes {
				return true
			}
		}
	}
	return false
}

// TestTraps checks the traps for pattern detectors: doorbuster flash sales
// as deep as errors look, and fake sales whose compare-at claims a discount
// the prices do not give.
func TestTraps(t *testing.T) {
	g := mustNew(t, seed.Config{Shops: 8, Products: 1500, Days: 45, PerDay: 1, RandSeed: 7})
	truth := g.Truth()
	policy := map[string]seed.CompareAtPolicy{}
	for _, s := range truth.Shops {
		policy[s.Slug] = s.CompareAt
	}
	doorbusters, fakes := 0, 0
	for _, e := range truth.Events {
		switch e.Kind {
		case seed.EventFlash:
			if atMost(e.Price, e.Regular, 30) {
				doorbusters++
			}
		case seed.EventFakeSale:
			fakes++
			if p := policy[e.Variant.ShopSlug]; p != seed.CompareAtMSRP && p != seed.CompareAtSloppy || e.Ongoing || e.FromSlot < 1 {
				t.Fatalf("%s at a %s shop (ongoing %v, from slot %d)", describe(e), p, e.Ongoing, e.FromSlot)
			}
			obs, labels := series(g, e.Listing, e.VariantIndex)
			for k := e.FromSlot; k <= e.ToSlot; k++ {
				if labels[k].Event != seed.EventFakeSale {
					t.Fatalf("%s: slot %d labelled %+v", describe(e), k, labels[k])
				}
			}
			o := obs[e.ToSlot]
			claimed := catalog.DiscountBasisPoints(o.Price, o.CompareAt)
			real := catalog.DiscountBasisPoints(o.Price, e.Regular)
			if !o.OnSale() || o.Price != e.Price || real*3 >= claimed {
				t.Fatalf("%s: %v under compare-at %v from regular %v: the claim is not inflated", describe(e), o.Price, o.CompareAt, e.Regular)
			}
			if after := obs[e.ToSlot+1]; after.Price != labels[e.ToSlot+1].Regular && labels[e.ToSlot+1].Event == "" && !labels[e.ToSlot+1].Weekly {
				t.Fatalf("%s: not back to the regular price after it: %+v", describe(e), after)
			}
		}
	}
	if doorbusters == 0 || fakes == 0 || g.Summary().FakeSales != fakes {
		t.Errorf("%d doorbusters, %d fake sales (summary %d): want some of each", doorbusters, fakes, g.Summary().FakeSales)
	}
}
