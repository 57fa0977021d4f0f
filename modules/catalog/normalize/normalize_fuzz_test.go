package normalize

import (
	"testing"
	"unicode/utf8"

	"github.com/skatestock/skatestock/modules/catalog"
)

// validListing is a listing that passes validation, for fuzz targets to
// change one field of.
func validListing() catalog.Listing {
	return catalog.Listing{
		ShopSlug: "ocean-ave", ExternalID: "1", Title: "Deck", Category: catalog.CategoryDecks,
		URL: "https://ocean-ave.example/products/deck", Variants: []catalog.Variant{{ExternalID: "1"}},
	}
}

func FuzzBrand(f *testing.F) {
	for _, s := range []string{"Indy", "Independent Truck Co.", "OJ's", "pizza skateboards", "Cliché", "N/A",
		"Frog & Toad", "gx1000", "\xff\xfe", "&amp;#39;", "Wheels", "Nike SB Dunk w/ Indy", "スケート"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		l := validListing()
		l.Brand = Brand(raw)
		if err := l.Validate(); err != nil {
			t.Fatalf("Brand(%q) = %q does not validate: %v", raw, l.Brand, err)
		}
		l.Brand = BrandFromTitle(raw)
		if err := l.Validate(); err != nil {
			t.Fatalf("BrandFromTitle(%q) = %q does not validate: %v", raw, l.Brand, err)
		}
		if got := Category(raw, []string{raw}, raw); got.Validate() != nil {
			t.Fatalf("Category(%q) = %q", raw, got)
		}
		title := Title(raw)
		if !utf8.ValidString(title) || utf8.RuneCountInString(title) > MaxTitleRunes {
			t.Fatalf("Title(%q) = %q", raw, title)
		}
		if title != "" {
			l.Title = title
			if err := l.Validate(); err != nil {
				t.Fatalf("Title(%q) = %q does not validate: %v", raw, title, err)
			}
		}
	})
}

func FuzzAttributes(f *testing.F) {
	seeds := []struct{ name, value, variant, title string }{
		{"Size", "8.25", "8.25 / Black", "Baker Deck"},
		{"Size", "54 mm / 99A", "", "Spitfire Formula Four 52mm 101D"},
		{"Size", "Stage 11 149mm", "", "Independent 149"},
		{"Size", "Men's 9.5 / Women's 11", "", ""},
		{"Size", "One Size", "S/M", ""},
		{"Durometer", "99", "5.2 Hi", "8,125\""},
		{"", "9999.999", "1.2.3.4", "0.0005mm 0000a"},
	}
	for _, s := range seeds {
		f.Add(s.name, s.value, s.variant, s.title)
	}
	f.Fuzz(func(t *testing.T, name, value, variantTitle, listingTitle string) {
		opts := []catalog.Option{{Name: name, Value: value}}
		for _, c := range catalog.Categories() {
			a := Attributes(c, opts, variantTitle, listingTitle)
			v := catalog.Variant{ExternalID: "1", Attributes: a}
			if err := v.Validate(); err != nil {
				t.Fatalf("Attributes(%s, %q, %q, %q) = %+v does not validate: %v", c, value, variantTitle, listingTitle, a, err)
			}
			for _, s := range []string{a.WheelDurometer, a.TruckSize, a.ShoeSizeUS, a.ApparelSize} {
				if !utf8.ValidString(s) || len(s) > 16 {
					t.Fatalf("Attributes(%s, %q, %q, %q) = %+v has an odd string", c, value, variantTitle, listingTitle, a)
				}
			}
		}
	})
}
