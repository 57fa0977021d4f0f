package seed_test

import (
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

func TestCrossShopGroups(t *testing.T) {
	g := mustNew(t, smallConfig())
	listings := g.Listings()
	truth := g.Truth()
	inGroup := map[int]bool{}
	keys := map[string]bool{}
	var shared, unshared, noCodes, titlesDiffer int
	for _, grp := range truth.Groups {
		if keys[grp.Key] {
			t.Fatalf("group key %q is not unique", grp.Key)
		}
		keys[grp.Key] = true
		if len(grp.Listings) < 2 {
			t.Fatalf("group %s has %d listings", grp.Key, len(grp.Listings))
		}
		shops := map[string]bool{}
		titles := map[string]bool{}
		for _, ref := range grp.Listings {
			l := listings[ref.Index]
			if inGroup[ref.Index] || shops[l.ShopSlug] || l.ShopSlug != ref.ShopSlug || l.ExternalID != ref.ExternalID {
				t.Fatalf("group %s: listing %+v repeated, twice at one shop, or misnamed", grp.Key, ref)
			}
			inGroup[ref.Index], shops[l.ShopSlug] = true, true
			titles[l.Title] = true
			if l.Brand != grp.Brand || l.Category != grp.Category {
				t.Fatalf("group %s (%s, %s) holds %q (%s, %s)", grp.Key, grp.Brand, grp.Category, l.Title, l.Brand, l.Category)
			}
		}
		if len(titles) > 1 {
			titlesDiffer++
		}
		for _, sz := range grp.Sizes {
			checkSizeGroup(t, grp, sz, listings)
		}
		switch {
		case grp.SharedGTIN:
			shared++
		case grp.GTINListings == 0:
			noCodes++
			unshared++
		default:
			unshared++
		}
	}
	if shared == 0 || unshared == 0 || noCodes == 0 || titlesDiffer == 0 {
		t.Errorf("groups: %d share a GTIN, %d do not (%d without any), %d titled differently across shops: want each",
			shared, unshared, noCodes, titlesDiffer)
	}
	if g.Summary().Groups != len(truth.Groups) {
		t.Errorf("summary counts %d groups, truth has %d", g.Summary().Groups, len(truth.Groups))
	}
}

// checkSizeGroup checks the variants of one size agree on the size, and on
// the GTIN wherever the maker's code is published.
func checkSizeGroup(t *testing.T, grp seed.ProductGroup, sz seed.SizeGroup, listings []catalog.Listing) {
	t.Helper()
	if len(sz.Variants) < 2 {
		t.Fatalf("group %s size %q has %d variants", grp.Key, sz.Size, len(sz.Variants))
	}
	if sz.GTIN != "" && !catalog.ValidGTIN(sz.GTIN) {
		t.Fatalf("group %s size %q: invalid GTIN %q", grp.Key, sz.Size, sz.GTIN)
	}
	var attrs *catalog.Attributes
	for _, key := range sz.Variants {
		v, ok := findVariant(listings, grp, key)
		if !ok {
			t.Fatalf("group %s: variant %s not in its listings", grp.Key, key)
		}
		if attrs != nil && v.Attributes != *attrs {
			t.Fatalf("group %s size %q: attributes %+v and %+v", grp.Key, sz.Size, *attrs, v.Attributes)
		}
		attrs = &v.Attributes
		if v.GTIN != "" && sz.GTIN != "" && strings.TrimLeft(v.GTIN, "0") != strings.TrimLeft(sz.GTIN, "0") && v.GTIN[0] != '2' {
			t.Fatalf("group %s size %q: variant GTIN %q is neither the maker's %q nor an in-store code", grp.Key, sz.Size, v.GTIN, sz.GTIN)
		}
	}
}

func findVariant(listings []catalog.Listing, grp seed.ProductGroup, key catalog.VariantKey) (catalog.Variant, bool) {
	for _, ref := range grp.Listings {
		l := listings[ref.Index]
		if l.ShopSlug != key.ShopSlug || l.ExternalID != key.ListingExternalID {
			continue
		}
		for _, v := range l.Variants {
			if v.ExternalID == key.VariantExternalID {
				return v, true
			}
		}
	}
	return catalog.Variant{}, false
}

// TestListingRealism spot-checks what a scraper and a matcher will face.
func TestListingRealism(t *testing.T) {
	g := mustNew(t, smallConfig())
	var gtin, noGTIN, padded, abbreviated, upper int
	categories := map[catalog.Category]int{}
	for _, l := range g.Listings() {
		categories[l.Category]++
		if strings.Contains(l.Title, "Indy") || strings.Contains(l.Title, "F4 ") {
			abbreviated++
		}
		if strings.Contains(l.Title, strings.ToUpper(l.Brand)) && l.Brand != strings.ToUpper(l.Brand) {
			upper++
		}
		if !strings.HasPrefix(l.URL, "https://"+l.ShopSlug+".example/") {
			t.Fatalf("listing URL %q is not under its shop", l.URL)
		}
		for _, v := range l.Variants {
			switch {
			case v.GTIN == "":
				noGTIN++
			case len(v.GTIN) > 12 && v.GTIN[0] == '0':
				padded++
				gtin++
			default:
				gtin++
			}
			a := v.Attributes
			switch l.Category {
			case catalog.CategoryDecks, catalog.CategoryCompletes:
				if a.DeckWidthHundredths < 775 || a.DeckWidthHundredths > 850 {
					t.Fatalf("%q: deck width %d", l.Title, a.DeckWidthHundredths)
				}
			case catalog.CategoryWheels:
				if a.WheelDiameterMM < 50 || a.WheelDiameterMM > 60 || a.WheelDurometer == "" {
					t.Fatalf("%q: wheel %+v", l.Title, a)
				}
			case catalog.CategoryTrucks:
				if a.TruckSize == "" {
					t.Fatalf("%q: truck without size", l.Title)
				}
			case catalog.CategoryShoes:
				if a.ShoeSizeUS == "" {
					t.Fatalf("%q: shoe without size", l.Title)
				}
			case catalog.CategoryApparel:
				if a.ApparelSize == "" {
					t.Fatalf("%q: apparel without size", l.Title)
				}
			}
		}
	}
	if gtin == 0 || noGTIN == 0 || padded == 0 || abbreviated == 0 || upper == 0 {
		t.Errorf("variants with GTIN %d (zero-padded %d), without %d; abbreviated titles %d, upper-case brands %d: want each",
			gtin, padded, noGTIN, abbreviated, upper)
	}
	for _, c := range catalog.Categories() {
		if c != catalog.CategoryOther && categories[c] == 0 {
			t.Errorf("no %s listed", c)
		}
	}
}
