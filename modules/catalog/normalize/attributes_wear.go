package normalize

import "strings"

// shoeRegions classifies the words written next to a shoe size. Words not
// listed (and no word at all) mean a plain US size, the form skate shops
// publish by default.
var shoeRegions = map[string]string{
	"us": "us", "usa": "us", "m": "us", "men": "us", "mens": "us", "man": "us", "unisex": "us",
	"w": "women", "women": "women", "womens": "women", "wmns": "women", "wms": "women", "wmn": "women", "ladies": "women",
	"uk": "other", "eu": "other", "eur": "other", "euro": "other", "cm": "other", "jp": "other", "mx": "other",
	"fr": "other", "it": "other",
	"y": "kids", "youth": "kids", "c": "kids", "k": "kids", "kids": "kids", "kid": "kids", "gs": "kids",
	"ps": "kids", "td": "kids", "toddler": "kids", "junior": "kids", "jr": "kids", "boys": "kids", "girls": "kids",
}

// shoeSizeUS reads a US men's shoe size, 3-18 in half sizes, written without
// trailing zeros ("9", "9.5"). A size is classified by the word before it
// when that word is a region ("US 9.5", "M9.5", "Women's 11"), else by the
// word after it ("9.5 US", "5Y", "43 EU"); parts of a text split at "/", "|",
// ",", ";" or brackets are read in order and the first US men's size wins.
func shoeSizeUS(src sizeSource) string {
	parts := strings.FieldsFunc(src.text, func(r rune) bool {
		return r == '/' || r == '|' || r == ';' || r == '(' || r == ')' || r == '[' || r == ']'
	})
	for _, part := range parts {
		for _, n := range scanNumbers(strings.ReplaceAll(part, ", ", " ; ")) {
			region, ok := shoeRegions[n.before]
			if !ok {
				region, ok = shoeRegions[n.unit]
			}
			if !ok {
				region = "us"
			}
			if region != "us" {
				continue
			}
			if s := halfSize(n); s != "" {
				return s
			}
		}
	}
	return ""
}

// halfSize formats n as a whole or half size between 3 and 18, or "".
func halfSize(n sizeNumber) string {
	v := n.wholeInt()
	if len(n.whole) > 2 || v < 3 || v > 18 {
		return ""
	}
	whole := strings.TrimLeft(n.whole, "0")
	switch strings.TrimRight(n.frac, "0") {
	case "":
		return whole
	case "5":
		if v == 18 {
			return ""
		}
		return whole + ".5"
	}
	return ""
}

// apparelSizes maps the compact spellings of apparel sizes to their canonical
// form.
var apparelSizes = map[string]string{
	"xxs": "XXS", "2xs": "XXS", "xs": "XS", "xsmall": "XS", "extrasmall": "XS", "xsm": "XS",
	"s": "S", "sm": "S", "small": "S", "sml": "S",
	"m": "M", "md": "M", "med": "M", "medium": "M",
	"l": "L", "lg": "L", "large": "L", "lrg": "L",
	"xl": "XL", "xlarge": "XL", "extralarge": "XL", "xlg": "XL",
	"xxl": "XXL", "2xl": "XXL", "xxlarge": "XXL", "2xlarge": "XXL", "xxlg": "XXL",
	"xxxl": "XXXL", "3xl": "XXXL", "xxxlarge": "XXXL", "3xlarge": "XXXL",
	"os": "OS", "onesize": "OS", "onesizefitsall": "OS", "osfa": "OS", "onesizefitsmost": "OS", "osfm": "OS",
}

// apparelPrefixes are words a size may be written after ("Men's M", "Adult L").
var apparelPrefixes = []string{"mens", "womens", "unisex", "adult", "size", "sz"}

// apparelSize reads an apparel size from a whole option value or a whole part
// of a variant title; a word inside a longer text is never a size. "S/M" and
// "L/XL" stay pairs; "O/S" is one size.
func apparelSize(src sizeSource) string {
	if !src.option {
		return ""
	}
	text := strings.TrimSpace(src.text)
	if a, b, ok := strings.Cut(text, "/"); ok {
		if a, b := apparelWord(a), apparelWord(b); a != "" && b != "" && a != "OS" && b != "OS" {
			return a + "/" + b
		}
	}
	return apparelWord(text)
}

func apparelWord(s string) string {
	words := keyWords(s)
	for len(words) > 1 {
		stripped := false
		for _, p := range apparelPrefixes {
			if words[0] == p {
				words, stripped = words[1:], true
				break
			}
		}
		if !stripped {
			break
		}
	}
	return apparelSizes[strings.Join(words, "")]
}
