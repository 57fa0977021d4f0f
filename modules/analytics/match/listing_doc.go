package match

import (
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// ListingKey names a listing by the identifiers its shop publishes.
type ListingKey struct {
	ShopSlug   string
	ExternalID string
}

// String formats k as shop/listing.
func (k ListingKey) String() string { return k.ShopSlug + "/" + k.ExternalID }

func keyOf(l catalog.Listing) ListingKey {
	return ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID}
}

// doc is a listing prepared for comparison: everything pair scoring reads is
// worked out once, when the listing arrives.
type doc struct {
	key      ListingKey
	title    string
	brand    string // canonical, "" when unknown
	category catalog.Category
	block    string   // brand and category: only listings in one block are compared by title
	tokens   []string // model words: the title without brand, category words and filler
	colors   []string // canonical colours named in the title, sorted, distinct
	words    []string // tokens, distinct, sorted
	numbers  []string // the numbers among tokens, sorted
	sizes    []sizeVariant
	mark     int // the Matcher's generation stamp, for deduplicating candidates
	// links holds the matches (accepted or under review) d is in, by the
	// other listing; the two listings share one *Match.
	links map[*doc]*Match
}

// indexWords are the words d is indexed by in its block: its distinct
// model words, or "" for a title that has none.
func (d *doc) indexWords() []string {
	if len(d.words) == 0 {
		return []string{""}
	}
	return d.words
}

// sizeVariant is one variant by the size it is.
type sizeVariant struct {
	size    string // canonical size key, "" for a one-size product
	id      int    // the Matcher's number for size
	variant catalog.VariantKey
	gtin    string // GTIN-14 of a maker's barcode, "" when none or in-store
}

// brandLookup resolves spellings to canonical brands; the Matcher caches it
// because titles repeat the same few words.
type brandLookup func(string) string

func newDoc(l catalog.Listing, brandOf brandLookup) *doc {
	d := &doc{key: keyOf(l), title: l.Title, category: l.Category}
	if d.category == "" || d.category == catalog.CategoryOther {
		d.category = normalize.Category("", l.Tags, l.Title)
	}
	d.brand = brandOf(l.Brand)
	if d.brand == "" {
		d.brand = normalize.BrandFromTitle(l.Title)
	}
	d.block = d.brand + "|" + string(d.category)
	d.tokens, d.colors = modelTokens(normalize.Title(l.Title), d.brand, d.category, brandOf)
	d.words = slices.Compact(slices.Sorted(slices.Values(d.tokens)))
	d.numbers = numbers(d.tokens)
	for _, v := range l.Variants {
		d.sizes = append(d.sizes, sizeVariant{
			size: sizeKey(l, v),
			variant: catalog.VariantKey{
				ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: v.ExternalID,
			},
			gtin: makerGTIN(v.GTIN),
		})
	}
	return d
}

// modelTokens reduces a title to the words that tell products of one brand
// and category apart. The brand is cut wherever the title spells it (the
// shortest spelling normalize knows, then the company words after it: "Indy",
// "Independent Truck Co."), then the brand's own words, category words and
// filler go; words are split where letters meet digits and small numbers
// spelled out become digits; colours are spelled one way.
func modelTokens(title, brand string, category catalog.Category, brandOf brandLookup) (tokens, colors []string) {
	ws := words(title)
	cut := brandSpan(ws, brand, brandOf)
	own := map[string]bool{}
	for _, w := range words(brand) {
		own[w] = true
	}
	drop := map[string]bool{}
	for _, w := range categoryWords[string(category)] {
		drop[w] = true
	}
	var parts []string
	for i, w := range ws {
		if cut[i] || own[w] || drop[w] || fillerWords[w] {
			continue
		}
		parts = splitAlnum(w, parts[:0])
		for _, p := range parts {
			if n, ok := numberWords[p]; ok {
				p = n
			}
			if c, ok := colorNames[p]; ok {
				p = c
				colors = append(colors, c)
			}
			tokens = append(tokens, p)
		}
	}
	slices.Sort(colors)
	return tokens, slices.Compact(colors)
}

// brandSpan marks the words of the first place the title spells brand.
func brandSpan(ws []string, brand string, brandOf brandLookup) []bool {
	cut := make([]bool, len(ws))
	if brand == "" {
		return cut
	}
	const maxWords = 3
	for i := range ws {
		for n := 1; n <= maxWords && i+n <= len(ws); n++ {
			if brandOf(strings.Join(ws[i:i+n], " ")) != brand {
				continue
			}
			end := i + n
			// Company words after the name ("Truck Co.", "Skateboards")
			// still spell the brand; other words do not, even where normalize
			// takes a product line for the brand ("Bones Reds", "Spitfire
			// Formula Four").
			for end < len(ws) && end-i < 6 && companyWord(ws[end], brandOf) {
				end++
			}
			for j := i; j < end; j++ {
				cut[j] = true
			}
			return cut
		}
	}
	return cut
}

// companyWord reports whether normalize strips w after a brand name
// ("Wheels", "Co", "Skateboards"). It asks with a made-up brand, which only
// the stripping can turn into that brand.
func companyWord(w string, brandOf brandLookup) bool {
	const probe = "Qzxv"
	// "Brand" is one of them ("Foo Brand"), but it names product lines too
	// ("Baker Brand Logo").
	return w != "brand" && brandOf(probe+" "+w) == probe
}

// sizeKey is the canonical size of a variant: its parsed attributes, read
// again from options and titles when the shop's attributes are empty, and
// failing that its option values (bolt lengths and bushing hardness have no
// attribute). "" means one size.
func sizeKey(l catalog.Listing, v catalog.Variant) string {
	a := v.Attributes
	if a.IsZero() {
		a = normalize.Attributes(l.Category, v.Options, v.Title, "")
	}
	if !a.IsZero() {
		var b strings.Builder
		if a.DeckWidthHundredths != 0 {
			b.WriteString("deck:" + itoa(a.DeckWidthHundredths) + " ")
		}
		if a.WheelDiameterMM != 0 {
			b.WriteString("wheel:" + itoa(a.WheelDiameterMM) + " ")
		}
		for _, f := range [][2]string{{"duro:", a.WheelDurometer}, {"truck:", a.TruckSize}, {"shoe:", a.ShoeSizeUS}, {"apparel:", a.ApparelSize}} {
			if f[1] != "" {
				b.WriteString(f[0] + strings.ToUpper(f[1]) + " ")
			}
		}
		return strings.TrimSpace(b.String())
	}
	var vals []string
	for _, o := range v.Options {
		if strings.EqualFold(o.Name, "title") && strings.EqualFold(o.Value, "default title") {
			continue
		}
		if w := strings.Join(words(strings.ReplaceAll(o.Value, "/", "s")), ""); w != "" {
			vals = append(vals, w)
		}
	}
	if len(vals) == 0 {
		return ""
	}
	return "option:" + strings.Join(vals, "|")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
