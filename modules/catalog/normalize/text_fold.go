package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// latinFold spells accented Latin letters in ASCII so that "Cliché", "CLICHE"
// and "cliche" meet. Only lower-case letters are listed: callers lower-case
// first.
var latinFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ŕ': "r", 'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// foldLower lower-cases s, spells accented Latin letters in ASCII and drops
// combining marks (so decomposed "e\u0301" folds like "é"). Other runes pass
// through unchanged; invalid UTF-8 becomes U+FFFD.
func foldLower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
			continue
		}
		if f, ok := latinFold[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldCase spells accented Latin letters in ASCII keeping the case of each
// letter, for display names built from unknown input.
func foldCase(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r >= utf8.RuneSelf {
			if f, ok := latinFold[unicode.ToLower(r)]; ok {
				if unicode.IsUpper(r) {
					f = strings.ToUpper(f[:1]) + f[1:]
				}
				b.WriteString(f)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ' }

// keyWords splits s into folded lower-case words of letters and digits, the
// form every lookup table here is keyed by. Apostrophes join rather than
// split ("OJ's" is "ojs", "Men's" is "mens"); every other rune that is not a
// letter or digit separates words.
func keyWords(s string) []string {
	fields := strings.FieldsFunc(foldLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isApostrophe(r)
	})
	words := fields[:0]
	for _, f := range fields {
		f = strings.Map(func(r rune) rune {
			if isApostrophe(r) {
				return -1
			}
			return r
		}, f)
		if f != "" {
			words = append(words, f)
		}
	}
	return words
}

// compactKey is s as one key without separators: "Anti-Hero", "anti hero" and
// "ANTIHERO" all become "antihero".
func compactKey(s string) string { return strings.Join(keyWords(s), "") }

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return strings.TrimRightFunc(s[:pos], unicode.IsSpace)
		}
		i++
	}
	return s
}
