package normalize

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

// MaxTitleRunes is the longest title Title returns: the most catalog accepts
// for a listing or variant title.
const MaxTitleRunes = 500

// entityPattern finds an HTML character reference left after one round of
// decoding, the mark of a double-encoded title ("&amp;#39;").
var entityPattern = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)

// Title cleans a product or variant title as shops publish it: HTML character
// references are decoded ("&amp;", "&#39;", "&quot;", "&#8211;"; a second
// round only when the input was visibly double-encoded as "&amp;…;"), invalid
// UTF-8, control characters and invisible format characters are removed, every
// run of white space (including no-break spaces and line breaks) becomes one
// space, and the result is trimmed and cut to MaxTitleRunes runes. Emoji,
// including joined sequences and flags, are kept. Tags such as "<b>" are left
// alone: titles are text, and "<3" is a title.
func Title(raw string) string {
	s := strings.ToValidUTF8(raw, "")
	if strings.IndexByte(s, '&') >= 0 {
		decoded := html.UnescapeString(s)
		if strings.Contains(s, "&amp;") && entityPattern.MatchString(decoded) {
			decoded = html.UnescapeString(decoded)
		}
		s = decoded
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
		case unicode.IsControl(r), r == unicode.ReplacementChar, dropFormat(r):
			// Removed without a trace: a control character is never a word break.
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return truncateRunes(b.String(), MaxTitleRunes)
}

// dropFormat reports whether r is an invisible format character that only
// hides or reorders text (soft hyphen, zero-width space, BOM, bidi controls).
// The joiners and tag characters that build emoji sequences are kept.
func dropFormat(r rune) bool {
	if !unicode.Is(unicode.Cf, r) {
		return false
	}
	switch {
	case r == '\u200c', r == '\u200d': // zero-width (non-)joiner: emoji sequences
		return false
	case r >= 0xE0020 && r <= 0xE007F: // tag characters: subdivision flags
		return false
	}
	return true
}
