package match_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/catalog"
)

// listing builds a listing of one shop with one variant per size; gtins,
// when given, are the variants' barcodes in size order.
func listing(shop, title, brand string, cat catalog.Category, sizes []catalog.Attributes, gtins ...string) catalog.Listing {
	l := catalog.Listing{
		ShopSlug: shop, ExternalID: shop + "-" + title, Title: title, Brand: brand, Category: cat,
		URL: "https://" + shop + ".example/p",
	}
	for i, a := range sizes {
		v := catalog.Variant{ExternalID: fmt.Sprint(i), Attributes: a}
		if i < len(gtins) {
			v.GTIN = gtins[i]
		}
		l.Variants = append(l.Variants, v)
	}
	return l
}

func deck(widths ...int) []catalog.Attributes {
	var out []catalog.Attributes
	for _, w := range widths {
		out = append(out, catalog.Attributes{DeckWidthHundredths: w})
	}
	return out
}

func wheel(duro string, mm ...int) []catalog.Attributes {
	var out []catalog.Attributes
	for _, d := range mm {
		out = append(out, catalog.Attributes{WheelDiameterMM: d, WheelDurometer: duro})
	}
	return out
}

func truck(sizes ...string) []catalog.Attributes {
	var out []catalog.Attributes
	for _, s := range sizes {
		out = append(out, catalog.Attributes{TruckSize: s})
	}
	return out
}

func newMatcher(t *testing.T) *match.Matcher {
	t.Helper()
	m, err := match.New(match.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMatchPairs(t *testing.T) {
	const (
		decks  = catalog.CategoryDecks
		wheels = catalog.CategoryWheels
		trucks = catalog.CategoryTrucks
	)
	// catalogWords are listings of a third shop that make "Rusty" and
	// "Dusty" words of the catalog, not misspellings of each other.
	var catalogWords []catalog.Listing
	for i, g := range []string{"Skull", "Wave", "Owl", "Moth", "Comet"} {
		for _, adj := range []string{"Rusty", "Dusty"} {
			catalogWords = append(catalogWords, listing("z", fmt.Sprintf("Element %s %s Deck - Blue %d", adj, g, i), "Element", decks, deck(850)))
		}
	}
	tests := []struct {
		name     string
		context  []catalog.Listing
		a, b     catalog.Listing
		want     bool
		evidence match.Evidence
	}{
		{"word order and noun first", nil,
			listing("a", "Baker Brand Logo Deck - Black", "Baker", decks, deck(800, 825)),
			listing("b", "Deck Baker Brand Logo (Black)", "Baker", decks, deck(825, 850)),
			true, match.EvidenceModel},
		{"colourway moved to the front, upper-case brand", nil,
			listing("a", "Black BAKER Brand Logo Skateboard Deck", "Baker", decks, deck(825)),
			listing("b", "Baker Brand Logo Deck - Black", "Baker", decks, deck(825)),
			true, match.EvidenceModel},
		{"brand spelled Indy and Independent Truck Co.", nil,
			listing("a", "Indy Stage 11 Hollow Trucks - Silver", "Independent", trucks, truck("149")),
			listing("b", "Independent Truck Co. Stage 11 Hollow Silver Truck", "Independent", trucks, truck("149")),
			true, match.EvidenceModel},
		{"abbreviated line name: F4 for Formula Four", nil,
			listing("a", "Spitfire F4 Classic 99a Bighead White Wheels", "Spitfire", wheels, wheel("99A", 54)),
			listing("b", "Spitfire Formula Four Classic 99A Bighead Wheels - White", "Spitfire", wheels, wheel("99A", 53, 54)),
			true, match.EvidenceTitle},
		{"abbreviated line name: Stg 11 Std", nil,
			listing("a", "Indy Stg 11 Std Trucks - Raw", "Independent", trucks, truck("144", "149")),
			listing("b", "Independent Stage 11 Standard Trucks - Raw", "Independent", trucks, truck("149")),
			true, match.EvidenceTitle},
		{"abbreviated colours", nil,
			listing("a", "Vans Skate Old Skool Blk/Wht Shoes", "Vans", catalog.CategoryShoes, []catalog.Attributes{{ShoeSizeUS: "9"}}),
			listing("b", "Vans Skate Old Skool - Black/White", "Vans", catalog.CategoryShoes, []catalog.Attributes{{ShoeSizeUS: "9"}}),
			true, match.EvidenceModel},
		{"a typo in a rare word", nil,
			listing("a", "Girl Sketchy Tigre Deck - Teal", "Girl", decks, deck(825)),
			listing("b", "Girl Sketchy Tiger Deck - Teal", "Girl", decks, deck(825)),
			true, match.EvidenceTitle},
		{"deck widths one step apart never match", nil,
			listing("a", "Baker Brand Logo Deck - Black", "Baker", decks, deck(825)),
			listing("b", "Baker Brand Logo Deck - Black", "Baker", decks, deck(838)),
			false, ""},
		{"8.0 and 8.06 never match", nil,
			listing("a", "Baker Brand Logo Deck - Black", "Baker", decks, deck(800)),
			listing("b", "Baker Brand Logo Deck - Black", "Baker", decks, deck(806)),
			false, ""},
		{"durometer one step apart never matches", nil,
			listing("a", "Spitfire Formula Four Classic 99A Bighead Wheels - White", "Spitfire", wheels, wheel("99A", 54)),
			listing("b", "Spitfire Formula Four Classic 101A Bighead Wheels - White", "Spitfire", wheels, wheel("101A", 54)),
			false, ""},
		{"a line whose name holds another's", nil,
			listing("a", "Spitfire Classic 99A Bighead Wheels - White", "Spitfire", wheels, wheel("99A", 54)),
			listing("b", "Spitfire F4 Classic 99A Bighead Wheels - White", "Spitfire", wheels, wheel("99A", 54)),
			false, ""},
		{"another colourway", nil,
			listing("a", "Baker Brand Logo Deck - Black", "Baker", decks, deck(825)),
			listing("b", "Baker Brand Logo Deck - White", "Baker", decks, deck(825)),
			false, ""},
		{"another graphic word, one letter apart", catalogWords,
			listing("a", "Element Rusty Bat Deck - Pink", "Element", decks, deck(825)),
			listing("b", "Element Dusty Bat Deck - Pink", "Element", decks, deck(825)),
			false, ""},
		{"the same barcode despite different titles", nil,
			listing("a", "Bones Reds Bearings", "Bones", catalog.CategoryBearings, []catalog.Attributes{{}}, "840782000214"),
			listing("b", "Skateboard Bearings by Bones", "Bones", catalog.CategoryBearings, []catalog.Attributes{{}}, "0840782000214"),
			true, match.EvidenceGTIN},
		{"same title, conflicting barcodes on one size", nil,
			listing("a", "Bones Reds Bearings", "Bones", catalog.CategoryBearings, []catalog.Attributes{{}}, "840782000214"),
			listing("b", "Bones Reds Bearings", "Bones", catalog.CategoryBearings, []catalog.Attributes{{}}, "840782000221"),
			false, ""},
		{"the same barcode under two brands", nil,
			listing("a", "Reds Bearings", "Bones", catalog.CategoryBearings, []catalog.Attributes{{}}, "840782000214"),
			listing("b", "Reds Bearings", "Bronson", catalog.CategoryBearings, []catalog.Attributes{{}}, "840782000214"),
			false, ""},
		{"in-store barcodes are no evidence", nil,
			listing("a", "Bones Reds Bearings", "Bones", catalog.CategoryBearings, []catalog.Attributes{{}}, "2030000001507"),
			listing("b", "Bones Swiss Bearings", "Bones", catalog.CategoryBearings, []catalog.Attributes{{}}, "2030000001507"),
			false, ""},
		{"one shop's two listings never match", nil,
			listing("a", "Baker Brand Logo Deck - Black", "Baker", decks, deck(825)),
			func() catalog.Listing {
				l := listing("a", "Baker Brand Logo Deck - Black", "Baker", decks, deck(825))
				l.ExternalID = "other"
				return l
			}(),
			false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMatcher(t)
			for _, l := range tt.context {
				m.Add(l)
			}
			m.Add(tt.a)
			m.Add(tt.b)
			var got []match.Match
			for _, mt := range m.Matches() {
				if mt.A.ShopSlug != "z" && mt.B.ShopSlug != "z" {
					got = append(got, mt)
				}
			}
			if (len(got) == 1) != tt.want || len(got) > 1 {
				t.Fatalf("matches = %+v, want match %v (review: %+v)", got, tt.want, m.Review())
			}
			if !tt.want {
				return
			}
			mt := got[0]
			if mt.Evidence != tt.evidence || mt.Score < match.DefaultConfig().Threshold || len(mt.Variants) == 0 {
				t.Errorf("match %+v, want evidence %s, a score above the threshold and variant pairs", mt, tt.evidence)
			}
			for _, vp := range mt.Variants {
				if vp.Size == "" && tt.a.Category != catalog.CategoryBearings {
					t.Errorf("variant pair %+v has no size", vp)
				}
			}
		})
	}
}

func TestVariantsPairOnlyOnEqualSizes(t *testing.T) {
	m := newMatcher(t)
	m.Add(listing("a", "Baker Brand Logo Deck - Black", "Baker", catalog.CategoryDecks, deck(800, 806, 825, 838)))
	m.Add(listing("b", "Baker Brand Logo Deck - Black", "Baker", catalog.CategoryDecks, deck(806, 813, 838)))
	got := m.Matches()
	if len(got) != 1 {
		t.Fatalf("matches = %+v", got)
	}
	var sizes []string
	for _, vp := range got[0].Variants {
		sizes = append(sizes, vp.Size)
		if vp.A.VariantExternalID == "" || vp.B.VariantExternalID == "" {
			t.Errorf("variant pair %+v lacks a variant", vp)
		}
	}
	if want := []string{"deck:806", "deck:838"}; !slices.Equal(sizes, want) {
		t.Errorf("sizes paired = %v, want %v", sizes, want)
	}
}

func TestSizesReadFromOptionsWhenAttributesAreMissing(t *testing.T) {
	bolts := func(shop string, lengths ...string) catalog.Listing {
		l := listing(shop, "Diamond Allen Hardware - Black", "Diamond", catalog.CategoryHardware, nil)
		for i, s := range lengths {
			l.Variants = append(l.Variants, catalog.Variant{ExternalID: fmt.Sprint(i), Options: []catalog.Option{{Name: "Size", Value: s}}})
		}
		return l
	}
	m := newMatcher(t)
	m.Add(bolts("a", `7/8"`, `1"`))
	m.Add(bolts("b", `1"`, `1 1/8"`))
	got := m.Matches()
	if len(got) != 1 || len(got[0].Variants) != 1 || got[0].Variants[0].A.VariantExternalID != "1" {
		t.Fatalf("matches = %+v, want the 1\" bolts paired alone", got)
	}
}

func TestIncrementalChanges(t *testing.T) {
	m := newMatcher(t)
	a := listing("a", "Baker Brand Logo Deck - Black", "Baker", catalog.CategoryDecks, deck(825))
	b := listing("b", "Deck Baker Brand Logo (Black)", "Baker", catalog.CategoryDecks, deck(825))
	if ch := m.Add(a); len(ch) != 0 {
		t.Fatalf("first listing changed %+v", ch)
	}
	ch := m.Add(b)
	if len(ch) != 1 || ch[0].Removed || ch[0].Status != match.StatusAccepted {
		t.Fatalf("second listing: changes %+v, want one new match", ch)
	}
	if ch := m.Add(b); ch != nil {
		t.Errorf("adding an unchanged listing again changed %+v", ch)
	}
	b.Title = "Deck Baker Brand Logo (White)"
	ch = m.Add(b)
	if len(ch) != 1 || !ch[0].Removed {
		t.Fatalf("recoloured listing: changes %+v, want the match removed", ch)
	}
	if m.Len() != 2 || len(m.Matches()) != 0 {
		t.Errorf("after the change: %d listings, matches %+v", m.Len(), m.Matches())
	}
	c := listing("c", "Deck Baker Brand Logo (White)", "Baker", catalog.CategoryDecks, deck(825))
	if ch := m.Add(c); len(ch) != 1 || ch[0].Removed {
		t.Fatalf("third listing: changes %+v, want a match with the recoloured one", ch)
	}
	if ch := m.Remove(match.ListingKey{ShopSlug: "b", ExternalID: b.ExternalID}); len(ch) != 1 || !ch[0].Removed || m.Len() != 2 {
		t.Errorf("Remove: changes %+v, %d listings left", ch, m.Len())
	}
	if ch := m.Remove(match.ListingKey{ShopSlug: "nowhere", ExternalID: "1"}); ch != nil {
		t.Errorf("removing an unknown listing changed %+v", ch)
	}
}

func TestGroupsJoinChains(t *testing.T) {
	m := newMatcher(t)
	for _, shop := range []string{"c", "a", "b"} {
		m.Add(listing(shop, "Baker Brand Logo Deck - Black", "Baker", catalog.CategoryDecks, deck(825)))
	}
	m.Add(listing("a", "Girl OG Logo Deck - Red", "Girl", catalog.CategoryDecks, deck(825)))
	groups := m.Groups()
	if len(groups) != 1 || len(groups[0]) != 3 || groups[0][0].ShopSlug != "a" {
		t.Fatalf("groups = %v, want one group of three sorted by shop", groups)
	}
}

// TestLearnsSpellingsFromBarcodes checks that a word one shop leaves out is
// learned from barcode-tied pairs and then matches pairs without barcodes.
func TestLearnsSpellingsFromBarcodes(t *testing.T) {
	m := newMatcher(t)
	short := listing("x", "Ace AF1 Trucks - Raw", "Ace", catalog.CategoryTrucks, truck("44"))
	m.Add(short)
	long := listing("y", "Ace AF1 Classic Trucks - Raw", "Ace", catalog.CategoryTrucks, truck("44"))
	m.Add(long)
	if len(m.Matches()) != 0 {
		t.Fatalf("matched %+v before learning that shops drop Classic", m.Matches())
	}
	for i, c := range []string{"Silver", "Black"} {
		code := []string{"856310000304", "856310000311"}[i]
		m.Add(listing("a", "Ace AF1 Trucks - "+c, "Ace", catalog.CategoryTrucks, truck("44"), code))
		m.Add(listing("b", "Ace AF1 Classic Trucks - "+c, "Ace", catalog.CategoryTrucks, truck("44"), code))
	}
	var found bool
	for _, mt := range m.Matches() {
		if mt.A.ExternalID == short.ExternalID && mt.B.ExternalID == long.ExternalID {
			found = mt.Evidence == match.EvidenceModel
		}
	}
	if !found {
		t.Fatalf("after two barcode pairs dropping Classic, matches = %+v", m.Matches())
	}
	hollow := listing("z", "Ace AF1 Hollow Trucks - Raw", "Ace", catalog.CategoryTrucks, truck("44"))
	for _, ch := range m.Add(hollow) {
		if ch.Status == match.StatusAccepted {
			t.Errorf("AF1 Hollow matched %+v: only Classic was learned", ch.Match)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []match.Config{
		{Threshold: 0, ReviewFloor: 0, LearnSupport: 1},
		{Threshold: 1.1, ReviewFloor: 0, LearnSupport: 1},
		{Threshold: 0.9, ReviewFloor: 0.95, LearnSupport: 1},
		{Threshold: 0.9, ReviewFloor: 0.5, LearnSupport: 0},
	} {
		if _, err := match.New(c); err == nil {
			t.Errorf("New(%+v) accepted a bad config", c)
		}
	}
}
