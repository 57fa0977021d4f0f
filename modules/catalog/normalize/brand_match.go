package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxBrandRunes is the longest brand Brand returns: the most catalog accepts.
const MaxBrandRunes = 100

// brandIndex maps the compact key of every alias to its canonical brand.
type brandIndex struct {
	byKey    map[string]string
	maxWords int // the most words any alias has, bounding title n-grams
}

// brands is the index over brandTable, built once and never written after.
// brandConflicts lists aliases claimed by two brands; a test keeps it empty.
var brands, brandConflicts = newBrandIndex(brandTable)

// newBrandIndex indexes table by compact alias key. An alias that two brands
// claim is reported rather than silently resolved.
func newBrandIndex(table []brandEntry) (brandIndex, []string) {
	idx := brandIndex{byKey: make(map[string]string, len(table)*3)}
	var conflicts []string
	for _, e := range table {
		for _, alias := range append([]string{e.name}, e.aliases...) {
			words := keyWords(alias)
			key := strings.Join(words, "")
			if prev, ok := idx.byKey[key]; ok && prev != e.name {
				conflicts = append(conflicts, alias+": "+prev+" and "+e.name)
				continue
			}
			idx.byKey[key] = e.name
			idx.maxWords = max(idx.maxWords, len(words))
		}
	}
	return idx, conflicts
}

// Brand returns the canonical name of the brand a shop spells raw ("INDY",
// "Independent Truck Co." and "independent" all give "Independent").
// Matching ignores case, spacing, punctuation and accents, and strips trailing
// words such as "Skateboards", "Wheels" or "Co." one at a time. A brand not in
// the table is returned cleaned and title-cased after the same stripping
// ("pizza skateboards" gives "Pizza"), never dropped; placeholder vendors
// ("N/A", "Default", "unknown") and empty input give "". The result is at most
// MaxBrandRunes runes of valid UTF-8.
func Brand(raw string) string {
	display := strings.Fields(Title(raw))
	keys := make([]string, len(display))
	for i, w := range display {
		keys[i] = strings.Join(keyWords(w), "")
	}
	if brandPlaceholders[strings.Join(keys, "")] {
		return ""
	}
	end := len(keys)
	for end > 0 {
		if name, ok := brands.byKey[strings.Join(keys[:end], "")]; ok {
			return name
		}
		last := keys[end-1]
		if last != "" && (!brandSuffixes[last] || !hasKey(keys[:end-1])) {
			break
		}
		end--
	}
	return unknownBrand(display[:end])
}

// hasKey reports whether any of keys is a word, so stripping leaves something.
func hasKey(keys []string) bool {
	for _, k := range keys {
		if k != "" {
			return true
		}
	}
	return false
}

// unknownBrand title-cases the words of a brand not in the table: all-upper
// and all-lower words get an initial capital ("HOCKEY" → "Hockey"), words with
// mixed case keep it ("McLaren"), words with digits are upper-cased ("gx1000"
// → "GX1000"). Accents are folded so two shops' spellings meet.
func unknownBrand(words []string) string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		if w == "&" || w == "+" {
			out = append(out, w) // "Frog & Toad" keeps its ampersand
			continue
		}
		w = strings.TrimFunc(foldCase(w), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		out = append(out, titleWord(w))
	}
	return truncateRunes(strings.Join(out, " "), MaxBrandRunes)
}

func titleWord(w string) string {
	hasUpper, hasLower, hasDigit := false, false, false
	for _, r := range w {
		hasUpper = hasUpper || unicode.IsUpper(r)
		hasLower = hasLower || unicode.IsLower(r)
		hasDigit = hasDigit || unicode.IsDigit(r)
	}
	switch {
	case hasDigit:
		return strings.ToUpper(w)
	case hasUpper && hasLower:
		return w
	}
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + strings.ToLower(w[size:])
}

// BrandFromTitle finds a known brand in a product title, for shops that
// publish no vendor. It returns "" when none is found: unlike Brand it never
// invents a brand from unknown words.
//
// The brand at the start of the title wins (after words like "New" or
// "Pre-Order"), the longest alias there first ("Nike SB Dunk" is "Nike SB",
// not "Nike"). Further in, only distinctive aliases count ("Keep It Real Tee"
// has no brand), and nothing after "w/", "with" or "for", which name the
// parts of someone else's product ("Custom Complete w/ Indy Trucks").
func BrandFromTitle(title string) string {
	keys := keyWords(Title(title))
	first := 0
	for first < len(keys) && titleNoise[keys[first]] {
		first++
	}
	for start := first; start < len(keys); start++ {
		if start > first && titleCollab[keys[start-1]] {
			break // the rest names parts: "w/ Independent Trucks & Spitfire Wheels"
		}
		for n := min(brands.maxWords, len(keys)-start); n >= 1; n-- {
			key := strings.Join(keys[start:start+n], "")
			name, ok := brands.byKey[key]
			if !ok || (start > first && titleStartOnly[key]) {
				continue
			}
			return name
		}
	}
	return ""
}
