package match

import (
	"slices"
	"strings"
)

// Credits for words that are not spelled the same but are plausibly one
// word: a typo costs less than a guess at an abbreviation, and a lone
// initial ("F" for "Formula" once "F4" is split) is the weakest.
const (
	creditTypo       = 0.9
	creditInitialism = 0.9
	creditAbbrev     = 0.85
	creditInitial    = 0.7
)

// titleResult is how two listings' titles compare.
type titleResult struct {
	score float64 // 0..1, 1 when every word is accounted for
	exact bool    // every word matched as written, after learned spellings
	veto  string  // why the titles cannot be one product, "" when they can
}

// compareTitles scores the model words of two listings. Numbers must agree
// exactly ("V1" is not "V5", "99A" is not "101A"), and a pair where each
// names a colour the other does not is two colourways; both are vetoes, not
// penalties. The score is the credit of matched words over the longer list,
// after the words lx knows shops leave out; a word on each side that nothing
// explains is a different model word ("Bat" and "Bandit"), not an omission,
// and counts once more against the pair. Two words one edit apart count as a
// typo only when one of them is rare (see misspelling), since "Rusty" and
// "Dusty" are both graphics while "Rsuty" is nobody's.
func compareTitles(a, b *doc, lx *lexicon, freq func(string) int) titleResult {
	if v := veto(a, b); v != "" {
		return titleResult{veto: v}
	}
	ta, tb := lx.rewrite(a.tokens), lx.rewrite(b.tokens)
	onlyA, onlyB := difference(ta, tb)
	credit := float64(len(ta) - len(onlyA))
	exact := true
	soft := func(ok func(x, y string) bool, c float64) {
		for i := 0; i < len(onlyA); i++ {
			for j := 0; j < len(onlyB); j++ {
				if ok(onlyA[i], onlyB[j]) || ok(onlyB[j], onlyA[i]) {
					credit += c
					exact = false
					onlyA = slices.Delete(onlyA, i, i+1)
					onlyB = slices.Delete(onlyB, j, j+1)
					i--
					break
				}
			}
		}
	}
	na, nb := len(ta), len(tb)
	// An initialism stands for several words: "GP" for "Genuine Parts"
	// counts as one word on each side.
	for _, side := range [2]bool{false, true} {
		x, y, ny := &onlyA, &onlyB, &nb
		if side {
			x, y, ny = &onlyB, &onlyA, &na
		}
		for i := 0; i < len(*x); i++ {
			if j, k := initialism((*x)[i], *y); k > 0 {
				credit += creditInitialism
				exact = false
				*x = slices.Delete(*x, i, i+1)
				*y = slices.Delete(*y, j, j+k)
				*ny -= k - 1
				i--
			}
		}
	}
	soft(func(x, y string) bool { return typo(x, y) && misspelling(freq(x), freq(y)) }, creditTypo)
	soft(abbreviation, creditAbbrev)
	soft(initial, creditInitial)
	for _, w := range onlyA {
		if lx.isOptional(w) {
			na--
		} else {
			exact = false
		}
	}
	for _, w := range onlyB {
		if lx.isOptional(w) {
			nb--
		} else {
			exact = false
		}
	}
	n := max(na, nb) + min(len(onlyA), len(onlyB))
	if n <= 0 {
		return titleResult{score: 1, exact: exact}
	}
	return titleResult{score: min(1, credit/float64(n)), exact: exact}
}

// veto says why two titles cannot name one product, "" when they can:
// their numbers differ, or each names a colour the other does not. Neither
// depends on what the lexicon learned, which never holds numbers or colours.
func veto(a, b *doc) string {
	switch {
	case !slices.Equal(a.numbers, b.numbers):
		return "numbers differ"
	case exclusive(a.colors, b.colors) && exclusive(b.colors, a.colors):
		return "colours differ"
	}
	return ""
}

func vetoed(a, b *doc) bool { return veto(a, b) != "" }

// numbers lists the numbers among tokens, sorted.
func numbers(tokens []string) []string {
	var out []string
	for _, t := range tokens {
		if isNumber(t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// exclusive reports whether a names a colour b does not, both sorted.
func exclusive(a, b []string) bool {
	for _, c := range a {
		if _, found := slices.BinarySearch(b, c); !found {
			return true
		}
	}
	return false
}

// initialism finds in ws a run of words whose first letters spell w ("gp"
// and "genuine parts"), returning where it starts and how long it is (0 when
// there is none).
func initialism(w string, ws []string) (int, int) {
	if len(w) < 2 || len(w) > 4 || !letters(w) {
		return 0, 0
	}
	for i := 0; i+len(w) <= len(ws); i++ {
		ok := true
		for k := 0; k < len(w) && ok; k++ {
			ok = ws[i+k] != "" && ws[i+k][0] == w[k] && letters(ws[i+k])
		}
		if ok {
			return i, len(w)
		}
	}
	return 0, 0
}

// misspelling reports whether two words one edit apart, used by fx and fy
// listings, look like a word and its misspelling rather than two words: one
// is used by at most two listings, or by an eighth as many as the other.
func misspelling(fx, fy int) bool {
	lo, hi := min(fx, fy), max(fx, fy)
	return lo <= 2 || lo*8 <= hi
}

// typo reports whether a and b, both at least four letters, differ by one
// insertion, deletion, substitution or swap of neighbours.
func typo(a, b string) bool {
	if len(a) < 4 || len(b) < 4 || !letters(a) || !letters(b) {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false // equal: not a typo
		}
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// abbreviation reports whether short abbreviates long the two ways shops
// abbreviate: a consonant skeleton ("stg" for "stage", "hl" for "hardline":
// the same first letter, no vowel after it, its letters in order within
// long) or a cut of at least four letters ("hollw" is not one, "poli" for
// "polished" is). Long must be at least two letters longer.
func abbreviation(short, long string) bool {
	if len(short) < 2 || len(long) < len(short)+2 || !letters(short) || !letters(long) || short[0] != long[0] {
		return false
	}
	if len(short) >= 4 && long[:len(short)] == short {
		return true
	}
	if strings.ContainsAny(short[1:], "aeiou") {
		return false
	}
	j := 1
	for i := 1; i < len(long) && j < len(short); i++ {
		if long[i] == short[j] {
			j++
		}
	}
	return j == len(short)
}

// initial reports whether a single letter stands for a word.
func initial(short, long string) bool {
	return len(short) == 1 && len(long) > 1 && letters(short) && letters(long) && short[0] == long[0]
}

func letters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}
