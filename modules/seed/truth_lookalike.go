package seed

import (
	"cmp"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// lookAlikes finds the pairs of different products of one brand and
// category whose maker names differ by one word, and lists their listings at
// different shops. Names are bucketed by every way of leaving one word out,
// so two names a word apart meet in a bucket without comparing every pair.
func (g *Generator) lookAlikes() []LookAlike {
	type named struct {
		product int
		words   []string // lower-case, sorted
	}
	var names []named
	buckets := map[string][]int{} // block + name less one word -> indexes into names
	var parts []string
	for pi := range g.products {
		p := &g.products[pi]
		if len(p.listings) == 0 {
			continue
		}
		ln := &g.lines[p.line]
		parts = ln.modelParts(p.model, parts[:0])
		ws := strings.Fields(strings.ToLower(canonicalTitle(ln, parts)))
		slices.Sort(ws)
		n := len(names)
		names = append(names, named{product: pi, words: ws})
		block := ln.brand.name + "|" + string(ln.category) + "|"
		buckets[block+strings.Join(ws, " ")] = append(buckets[block+strings.Join(ws, " ")], n)
		for i := range ws {
			key := block + strings.Join(slices.Concat(ws[:i], ws[i+1:]), " ")
			if i > 0 && ws[i] == ws[i-1] {
				continue // the same word left out twice gives the same key
			}
			buckets[key] = append(buckets[key], n)
		}
	}
	seen := map[[2]int]bool{}
	var out []LookAlike
	for _, key := range sortedStringKeys(buckets) {
		members := buckets[key]
		for i, x := range members {
			for _, y := range members[i+1:] {
				a, b := names[x], names[y]
				pair := [2]int{min(a.product, b.product), max(a.product, b.product)}
				if a.product == b.product || seen[pair] {
					continue
				}
				seen[pair] = true
				if reason, ok := lookAlikeReason(a.words, b.words); ok {
					out = g.appendLookAlikes(out, a.product, b.product, reason)
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y LookAlike) int {
		return cmp.Or(cmp.Compare(x.A.Index, y.A.Index), cmp.Compare(x.B.Index, y.B.Index))
	})
	return out
}

// lookAlikeReason says how two sorted names one word apart differ.
func lookAlikeReason(a, b []string) (LookAlikeReason, bool) {
	onlyA, onlyB := wordDiff(a, b)
	switch {
	case len(onlyA)+len(onlyB) == 1:
		return LookAlikeLine, true
	case len(onlyA) != 1 || len(onlyB) != 1:
		return "", false
	case durometer(onlyA[0]) && durometer(onlyB[0]):
		return LookAlikeSizeStep, true
	case colorWords[onlyA[0]] && colorWords[onlyB[0]]:
		return LookAlikeColorway, true
	}
	return LookAlikeModel, true
}

// wordDiff returns the words of sorted a not in sorted b and the reverse.
func wordDiff(a, b []string) (onlyA, onlyB []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			onlyA = append(onlyA, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			onlyB = append(onlyB, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return onlyA, onlyB
}

// durometer reports whether w is a hardness such as "99a" or "83b".
func durometer(w string) bool {
	if len(w) < 3 || (w[len(w)-1] != 'a' && w[len(w)-1] != 'b') {
		return false
	}
	for i := 0; i < len(w)-1; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// colorWords are the lower-case colourway words of the line tables, whole
// ("black/white") and in parts.
var colorWords = newColorWords()

func newColorWords() map[string]bool {
	m := map[string]bool{}
	for _, list := range [][]string{deckColors, truckColors, wheelColors, shoeColors, apparelColors} {
		for _, c := range list {
			c = strings.ToLower(c)
			m[c] = true
			for _, w := range strings.FieldsFunc(c, func(r rune) bool { return r == ' ' || r == '/' }) {
				m[w] = true
			}
		}
	}
	return m
}

// appendLookAlikes adds the listing pairs of products p and q at different
// shops.
func (g *Generator) appendLookAlikes(out []LookAlike, p, q int, reason LookAlikeReason) []LookAlike {
	for _, la := range g.products[p].listings {
		for _, lb := range g.products[q].listings {
			if g.plans[la].shop == g.plans[lb].shop {
				continue
			}
			a, b := min(la, lb), max(la, lb)
			out = append(out, LookAlike{A: g.ref(a), B: g.ref(b), Reason: reason, CommonSize: g.commonSize(a, b)})
		}
	}
	return out
}

// commonSize reports whether two listings list a size of the same name and
// equal attributes (bolt lengths have a name but no attribute; two wheels of
// one diameter but two hardnesses have one name but other attributes).
func (g *Generator) commonSize(a, b int) bool {
	type size struct {
		name  string
		attrs catalog.Attributes
	}
	sizes := map[size]bool{}
	for _, li := range []int{a, b} {
		lp := &g.plans[li]
		p := &g.products[lp.product]
		for v, si := range lp.sizes {
			s := size{p.sizes[si], g.listings[li].Variants[v].Attributes}
			if li == b && sizes[s] {
				return true
			}
			sizes[s] = true
		}
	}
	return false
}

func sortedStringKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
