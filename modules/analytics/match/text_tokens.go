package match

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// words splits a title into folded lower-case words of letters and digits.
// Apostrophes join ("OJ's" is "ojs"); every other rune that is not a letter
// or digit separates words. Accents are dropped so "Cliché" meets "CLICHE".
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\'' || r == '’' || r == '‘' || r == '`':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// splitAlnum cuts a word where letters meet digits, so that the parts shops
// write together or apart compare equal: "f4" is "f 4", "nm440" is "nm 440",
// "99a" is "99 a".
func splitAlnum(w string, out []string) []string {
	start := 0
	for i := 1; i < len(w); i++ {
		if isDigitByte(w[i]) != isDigitByte(w[i-1]) {
			out = append(out, w[start:i])
			start = i
		}
	}
	return append(out, w[start:])
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// isNumber reports whether every byte of w is a digit.
func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isDigitByte(w[i]) {
			return false
		}
	}
	return w != ""
}

// numberWords spells small numbers as digits: "Formula Four" and "F4" carry
// the same number.
var numberWords = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}

// fillerWords say nothing about which product a listing is.
var fillerWords = map[string]bool{
	"new": true, "sale": true, "the": true, "by": true, "official": true,
	"restock": true, "restocked": true,
	"co": true, "company": true, "inc": true, "mfg": true, "ltd": true, "llc": true,
	"skate": true, "skateboard": true, "skateboards": true, "skateboarding": true,
}

// categoryWords are the words that only name the category a listing is in
// (dropped), per category. Apparel and accessories keep their nouns: a tee
// and a hoodie of one graphic are different products.
var categoryWords = map[string][]string{
	"decks":     {"deck", "decks", "board", "boards"},
	"completes": {"complete", "completes", "board"},
	"trucks":    {"truck", "trucks"},
	"wheels":    {"wheel", "wheels"},
	"bearings":  {"bearing", "bearings"},
	"hardware":  {"hardware", "mounting", "bolt", "bolts"},
	"griptape":  {"griptape", "grip", "tape", "grips"},
	"shoes":     {"shoe", "shoes", "sneaker", "sneakers", "footwear"},
}

// colorNames maps the colour words shops use, and their usual
// abbreviations, to one spelling. Colours get their own check: two listings
// that each name a colour the other does not are different colourways.
var colorNames = map[string]string{
	"black": "black", "blk": "black", "blck": "black",
	"white": "white", "wht": "white", "wh": "white",
	"red": "red", "rd": "red",
	"blue": "blue", "blu": "blue",
	"green": "green", "grn": "green",
	"orange": "orange", "org": "orange", "orng": "orange",
	"pink": "pink", "pnk": "pink",
	"purple": "purple", "prpl": "purple", "purp": "purple",
	"yellow": "yellow", "ylw": "yellow", "yel": "yellow",
	"teal":    "teal",
	"natural": "natural", "nat": "natural", "ntrl": "natural",
	"silver": "silver", "slv": "silver", "slvr": "silver",
	"gold": "gold", "gld": "gold",
	"raw":  "raw",
	"navy": "navy", "nvy": "navy",
	"grey": "grey", "gray": "grey", "gry": "grey",
	"gum": "gum", "maroon": "maroon", "mrn": "maroon",
	"sand": "sand", "olive": "olive", "olv": "olive",
	"brown": "brown", "brn": "brown", "cream": "cream", "crm": "cream",
	"charcoal": "charcoal", "chrcl": "charcoal", "burgundy": "burgundy", "burg": "burgundy",
	"tan": "tan", "clear": "clear", "neon": "neon", "heather": "heather", "hthr": "heather",
	"forest": "forest", "royal": "royal", "foil": "foil", "flat": "flat", "multi": "multi",
}
