package seed

import (
	"math/rand/v2"
	"strings"
)

// title phrases a product the way a shop with style st does, and reports
// which traits make it differ from the maker's name. About one listing in
// seven flips the shop's habit of abbreviating, because titles are typed by
// people. The slips people make on top (see titleNoise) are drawn from nr,
// a stream of the listing's own, so that they change no other draw.
func (b *builder) title(ln *line, st titleStyle, parts []string, nr *rand.Rand) (string, titleTraits) {
	var traits titleTraits
	short := st.short
	if b.r.IntN(7) == 0 {
		short = !short
	}
	brandName := ln.brand.name
	switch {
	case short && ln.brand.short != "":
		brandName = ln.brand.short
	case !short && ln.brand.alt != "" && b.r.IntN(5) == 0:
		brandName = ln.brand.alt
	}
	if brandName != ln.brand.name {
		traits |= traitBrandSpelling
	}
	if st.upperBrand {
		brandName = strings.ToUpper(brandName)
	}
	lineName := ln.name
	if short && ln.short != "" {
		lineName = ln.short
		traits |= traitAbbreviation
	}
	duro := ln.duro
	if st.lowerDuro {
		duro = strings.ToLower(duro)
	}
	color := ""
	if ln.colorway {
		color, parts = parts[len(parts)-1], parts[:len(parts)-1]
	}
	noise := drawNoise(nr, st, color != "")
	if noise.colorAbbrev {
		if c, ok := abbreviateColor(color); ok {
			color = c
			traits |= traitColorAbbreviation
		}
	}
	if noise.typo {
		parts = slicesClone(parts)
		if misspell(nr, &lineName, parts) {
			traits |= traitTypo
		}
	}
	noun := ln.titleNoun(st.noun)
	order := st.order
	if order != brandFirst {
		traits |= traitWordOrder
	}

	var w words
	if noise.prefix != "" {
		w.add(noise.prefix)
		traits |= traitNoiseWords
	}
	if noise.colorFirst {
		w.add(color)
		color = ""
		traits |= traitWordOrder
	}
	if order == nounFirst {
		w.add(noun)
	}
	w.add(brandName)
	w.add(lineName)
	w.add(duro)
	for _, p := range parts {
		w.add(p)
	}
	switch order {
	case brandFirst:
		w.add(noun)
		if color != "" {
			w.b.WriteString(st.sep)
			w.b.WriteString(color)
		}
	case colorInside:
		w.add(color)
		w.add(noun)
	case nounFirst:
		if color != "" {
			w.add("(" + color + ")")
		}
	}
	if noise.suffix != "" {
		w.add(noise.suffix)
		traits |= traitNoiseWords
	}
	return w.b.String(), traits
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// canonicalTitle names a product the maker's way, for Truth.
func canonicalTitle(ln *line, parts []string) string {
	var w words
	w.add(ln.brand.name)
	w.add(ln.name)
	w.add(ln.duro)
	for _, p := range parts {
		w.add(p)
	}
	w.add(ln.titleNoun(0))
	return w.b.String()
}

// words joins non-empty words with single spaces.
type words struct{ b strings.Builder }

func (w *words) add(s string) {
	if s == "" {
		return
	}
	if w.b.Len() > 0 {
		w.b.WriteByte(' ')
	}
	w.b.WriteString(s)
}

// slugify makes a URL handle: lower-case ASCII letters and digits, with
// single dashes for everything else.
func slugify(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		default:
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteByte(c)
	}
	return b.String()
}
