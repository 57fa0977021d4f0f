package seed

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

// TitleTrait is one way a listing's title differs from the maker's name for
// the product, labelled so that a matcher's recall can be read per trait.
type TitleTrait string

// The title traits. A title may have several.
const (
	// TraitAbbreviation: the shop shortens the line name ("F4 Classic",
	// "Stg 11 Std", "Hollow Lights" for "Team Hollow Lights").
	TraitAbbreviation TitleTrait = "abbreviation"
	// TraitBrandSpelling: the brand is spelled another way ("Indy",
	// "Independent Truck Co.", "Anti-Hero").
	TraitBrandSpelling TitleTrait = "brand_spelling"
	// TraitWordOrder: the words come in another order than the maker's
	// ("Deck Baker Brand Logo (Black)", "Black Baker Brand Logo Deck").
	TraitWordOrder TitleTrait = "word_order"
	// TraitTypo: one word of the model or line name is misspelt (two
	// letters swapped, one dropped or doubled).
	TraitTypo TitleTrait = "typo"
	// TraitColorAbbreviation: the colourway is abbreviated ("Blk/Wht").
	TraitColorAbbreviation TitleTrait = "color_abbreviation"
	// TraitNoiseWords: words that name no product are added ("NEW",
	// "(Restock)").
	TraitNoiseWords TitleTrait = "noise_words"
)

// titleTraits is a set of TitleTrait, one bit each in titleTraitOrder.
type titleTraits uint8

const (
	traitAbbreviation titleTraits = 1 << iota
	traitBrandSpelling
	traitWordOrder
	traitTypo
	traitColorAbbreviation
	traitNoiseWords
)

var titleTraitOrder = []TitleTrait{
	TraitAbbreviation, TraitBrandSpelling, TraitWordOrder, TraitTypo, TraitColorAbbreviation, TraitNoiseWords,
}

// list spells the set out in a stable order.
func (t titleTraits) list() []TitleTrait {
	var out []TitleTrait
	for i, tr := range titleTraitOrder {
		if t&(1<<i) != 0 {
			out = append(out, tr)
		}
	}
	return out
}

// titleNoise is what slips a person typing one title makes.
type titleNoise struct {
	typo        bool
	colorAbbrev bool
	colorFirst  bool
	prefix      string
	suffix      string
}

// Rates of the slips, out of 100 listings. Shops with an abbreviating style
// abbreviate colours on half their listings.
const (
	noiseTypo        = 6
	noiseColorAbbrev = 50
	noiseColorFirst  = 5
	noiseWords       = 6
)

// drawNoise draws the slips for one title from nr, always making the same
// draws so that the stream stays aligned whatever is drawn.
func drawNoise(nr *rand.Rand, st titleStyle, hasColor bool) titleNoise {
	x := [5]int{nr.IntN(100), nr.IntN(100), nr.IntN(100), nr.IntN(100), nr.IntN(2)}
	n := titleNoise{
		typo:        x[0] < noiseTypo,
		colorAbbrev: hasColor && st.short && x[1] < noiseColorAbbrev,
		colorFirst:  hasColor && x[2] < noiseColorFirst,
	}
	if x[3] < noiseWords {
		if x[4] == 0 {
			n.prefix = "NEW"
		} else {
			n.suffix = "(Restock)"
		}
	}
	return n
}

// colorAbbreviations are the shortenings shops use for colour names.
var colorAbbreviations = map[string]string{
	"Black": "Blk", "White": "Wht", "Navy": "Nvy", "Grey": "Gry", "Green": "Grn", "Natural": "Nat",
	"Purple": "Prpl", "Yellow": "Ylw", "Orange": "Org", "Silver": "Slvr", "Burgundy": "Burg",
	"Charcoal": "Chrcl", "Maroon": "Mrn", "Olive": "Olv", "Brown": "Brn", "Cream": "Crm", "Heather": "Hthr",
	"Pink": "Pnk", "Blue": "Blu",
}

// abbreviateColor shortens every colour word of a colourway it knows
// ("Black/White" is "Blk/Wht"); ok is false when it knows none.
func abbreviateColor(color string) (string, bool) {
	changed := false
	out := strings.FieldsFunc(color, func(r rune) bool { return r == ' ' || r == '/' })
	seps := strings.Map(func(r rune) rune {
		if r == ' ' || r == '/' {
			return r
		}
		return -1
	}, color)
	for i, w := range out {
		if a, ok := colorAbbreviations[w]; ok {
			out[i], changed = a, true
		}
	}
	if !changed || len(seps) != len(out)-1 {
		return color, false
	}
	var b strings.Builder
	for i, w := range out {
		if i > 0 {
			b.WriteByte(seps[i-1])
		}
		b.WriteString(w)
	}
	return b.String(), true
}

// misspell makes one typo in a word of at least five letters of the line name
// or the model parts (never a colourway, a size or a number): two inner
// letters swapped, an inner letter dropped or one doubled. It reports
// whether there was a word to misspell.
func misspell(nr *rand.Rand, lineName *string, parts []string) bool {
	type spot struct {
		text *string
		word int
	}
	var spots []spot
	for _, t := range append([]*string{lineName}, ptrs(parts)...) {
		for i, w := range strings.Fields(*t) {
			if len(w) >= 5 && allLetters(w) {
				spots = append(spots, spot{t, i})
			}
		}
	}
	pick, how := nr.IntN(1<<16), nr.IntN(3)
	if len(spots) == 0 {
		return false
	}
	s := spots[pick%len(spots)]
	ws := strings.Fields(*s.text)
	w := []byte(ws[s.word])
	i := 1 + pick%(len(w)-2) // never the first letter, which people rarely get wrong
	switch how {
	case 0:
		if w[i] == w[i+1] {
			i-- // swapping equal letters changes nothing
		}
		w[i], w[i+1] = w[i+1], w[i]
	case 1:
		w = append(w[:i], w[i+1:]...)
	default:
		w = append(w[:i+1], w[i:]...)
	}
	ws[s.word] = string(w)
	*s.text = strings.Join(ws, " ")
	return true
}

func ptrs(parts []string) []*string {
	out := make([]*string, len(parts))
	for i := range parts {
		out[i] = &parts[i]
	}
	return out
}

func allLetters(w string) bool {
	for _, r := range w {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
