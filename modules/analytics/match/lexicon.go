package match

import (
	"slices"
	"strings"
)

// lexicon is what the matcher learned about the spellings of one brand and
// category from pairs that shared barcodes already tie together: words one
// shop leaves out ("Pro" in "Dunk Low Pro", "Team" in "Team Hollow Lights")
// and words it writes another way ("GP" for "Genuine Parts"). An entry is
// trusted once need different listings on each side have shown it, so one
// mislabelled barcode, or one misspelt listing tied to several others,
// teaches nothing.
type lexicon struct {
	need     int
	optional map[string]*support            // word -> listings with and without it
	alias    map[string]map[string]*support // short spelling -> long phrase -> listings using each
}

// support is the listings that showed a spelling difference, by side.
type support struct {
	short, long map[ListingKey]bool
}

// add records one more pair and reports whether that made the entry
// trusted.
func (s *support) add(short, long ListingKey, need int) bool {
	before := s.count()
	s.short[short], s.long[long] = true, true
	return before < need && s.count() >= need
}

func (s *support) count() int {
	if s == nil {
		return 0
	}
	return min(len(s.short), len(s.long))
}

func newSupport() *support {
	return &support{short: map[ListingKey]bool{}, long: map[ListingKey]bool{}}
}

func newLexicon(need int) *lexicon {
	return &lexicon{need: need, optional: map[string]*support{}, alias: map[string]map[string]*support{}}
}

// isOptional reports whether leaving out word is a known spelling habit.
func (lx *lexicon) isOptional(word string) bool {
	return lx != nil && lx.optional[word].count() >= lx.need
}

// rewrite replaces trusted short spellings with the phrase they stand for.
// It returns tokens itself when nothing changes.
func (lx *lexicon) rewrite(tokens []string) []string {
	if lx == nil || len(lx.alias) == 0 {
		return tokens
	}
	var out []string
	for i, t := range tokens {
		phrase := lx.phrase(t)
		if phrase == "" {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(tokens)+2), tokens[:i]...)
		}
		out = append(out, strings.Fields(phrase)...)
	}
	if out == nil {
		return tokens
	}
	return out
}

// phrase is the trusted long form of word with the most support, "" when none.
func (lx *lexicon) phrase(word string) string {
	best, n := "", 0
	for p, s := range lx.alias[word] {
		if c := s.count(); c >= lx.need && (c > n || c == n && p < best) {
			best, n = p, c
		}
	}
	return best
}

// learn records what tells the token lists of one barcode-tied pair apart
// and returns the words whose entries became trusted by it (the word left
// out, or the short spelling). Only small differences
// are read (a long list of differing words is a data error, not a
// spelling), and typos are not learned: one misspelt listing is not a habit.
func (lx *lexicon) learn(a, b []string, ka, kb ListingKey) []string {
	onlyA, onlyB := difference(a, b)
	if len(onlyA) > len(onlyB) {
		onlyA, onlyB, ka, kb = onlyB, onlyA, kb, ka
	}
	var changed []string
	switch {
	case len(onlyB) == 0 || len(onlyB) > 3:
	case slices.ContainsFunc(onlyB, meaningful) || slices.ContainsFunc(onlyA, meaningful):
		// Colours and numbers tell products apart; a barcode tying two
		// listings that differ in one is an error, not a spelling.
	case len(onlyA) == 0:
		for _, w := range onlyB {
			s := lx.optional[w]
			if s == nil {
				s = newSupport()
				lx.optional[w] = s
			}
			if s.add(ka, kb, lx.need) {
				changed = append(changed, w)
			}
		}
	case len(onlyA) == 1:
		short, long := onlyA[0], strings.Join(onlyB, " ")
		if len(short) >= len(long) || len(onlyB) == 1 && typo(short, long) {
			return nil
		}
		m := lx.alias[short]
		if m == nil {
			m = map[string]*support{}
			lx.alias[short] = m
		}
		s := m[long]
		if s == nil {
			s = newSupport()
			m[long] = s
		}
		if s.add(ka, kb, lx.need) {
			changed = append(changed, short)
		}
	}
	return changed
}

// meaningful reports whether w is a colour or a number, which no shop
// leaves out or spells another way without meaning another product.
func meaningful(w string) bool {
	_, color := colorNames[w]
	return color || isNumber(w)
}

// difference returns the words of a not in b and of b not in a, counting
// repeats, each in its list's order.
func difference(a, b []string) (onlyA, onlyB []string) {
	used := make([]bool, len(b))
outer:
	for _, w := range a {
		for j, v := range b {
			if !used[j] && v == w {
				used[j] = true
				continue outer
			}
		}
		onlyA = append(onlyA, w)
	}
	for j, v := range b {
		if !used[j] {
			onlyB = append(onlyB, v)
		}
	}
	return onlyA, onlyB
}
