package gormstore

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldLetter spells out the letters that do not decompose into a base
// letter plus accents, so that "Øst" is found by "ost" as "Café" is by
// "cafe"; ok is false for every other rune.
func foldLetter(r rune) (s string, ok bool) {
	switch r {
	case 'ß':
		return "ss", true
	case 'ø':
		return "o", true
	case 'æ':
		return "ae", true
	case 'œ':
		return "oe", true
	case 'ł':
		return "l", true
	case 'đ', 'ð':
		return "d", true
	case 'þ':
		return "th", true
	case 'ı':
		return "i", true
	}
	return "", false
}

// SearchText folds a listing's title and brand into the text that title
// search matches: lower case, accents stripped, anything but letters and
// digits turned into single spaces. Word order does not matter to the
// indexes over it (trigrams in Postgres, FTS5 tokens in SQLite); queries must
// be folded by the same function.
func SearchText(title, brand string) string {
	var b strings.Builder
	b.Grow(len(title) + len(brand) + 1)
	space := false
	for _, r := range norm.NFD.String(title + " " + brand) {
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent of the previous letter
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if s, ok := foldLetter(r); ok {
				b.WriteString(s)
			} else {
				b.WriteRune(r)
			}
		default:
			space = true
		}
	}
	return norm.NFC.String(b.String())
}
