package match

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// FuzzModelTokens checks the title parser on any input: words are valid,
// non-empty and lower case, numbers and letters are split apart, colours
// are canonical and sorted, and parsing is deterministic.
func FuzzModelTokens(f *testing.F) {
	for _, s := range []string{
		"Spitfire F4 Classic 99a Bighead White Wheels", "Indy Stg 11 Std (Flat Black)", "NB Numeric NM440 Blk/Wht",
		"Independent Truck Co. Truck Co. Hoodie", "Cliché Décor", "\xff\xfe", "&amp;#39;", "Bones Reds", "",
		"ÆØÅ 99A½ 8.25\"", "Sk8-Hi OG+ V-Hollow", "スケート 123abc456",
	} {
		f.Add(s, "Spitfire")
	}
	f.Fuzz(func(t *testing.T, title, brand string) {
		brandOf := func(s string) string { return normalize.Brand(s) }
		b := brandOf(brand)
		tokens, colors := modelTokens(normalize.Title(title), b, catalog.CategoryWheels, brandOf)
		again, _ := modelTokens(normalize.Title(title), b, catalog.CategoryWheels, brandOf)
		if strings.Join(tokens, " ") != strings.Join(again, " ") {
			t.Fatalf("modelTokens(%q) is not deterministic", title)
		}
		for _, w := range tokens {
			if w == "" || !utf8.ValidString(w) || w != strings.ToLower(w) {
				t.Fatalf("modelTokens(%q): bad word %q in %q", title, w, tokens)
			}
			if isNumber(w) != strings.ContainsFunc(w, func(r rune) bool { return r >= '0' && r <= '9' }) {
				t.Fatalf("modelTokens(%q): %q mixes digits and other runes", title, w)
			}
		}
		for i, c := range colors {
			if colorNames[c] != c || i > 0 && colors[i-1] >= c {
				t.Fatalf("modelTokens(%q): colours %q not canonical, sorted and distinct", title, colors)
			}
		}
	})
}

// FuzzMakerGTIN checks barcode normalisation: a result is always a valid
// GTIN-14 of the same trade item.
func FuzzMakerGTIN(f *testing.F) {
	for _, s := range []string{"846163001047", "0846163001047", "00846163001047", "2030000003136", "4066748002405", "96385074", "", "abc", "000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		g := makerGTIN(code)
		if g == "" {
			return
		}
		if len(g) != 14 || !catalog.ValidGTIN(g) || strings.TrimLeft(g, "0") != strings.TrimLeft(code, "0") {
			t.Fatalf("makerGTIN(%q) = %q", code, g)
		}
	})
}
