package normalize

import (
	"strconv"
	"strings"
)

// sizeNumber is one number found in a size text, with the words around it.
// Numbers are kept as digit strings: sizes are parsed exactly, never through
// a float.
type sizeNumber struct {
	whole    string // digits before the decimal separator
	frac     string // digits after "." or "," ("" when none)
	unit     string // what follows, after at most one space or dash: `"`, "mm", "a", "hi", "us"
	before   string // letters right before, after at most one space: "us", "m", "stage"
	attached bool   // before touches the number ("M9.5", "AF1", "V5")
	alone    bool   // the number and its unit are the whole text
}

// sizeText prepares s for scanning: folded to lower case, typographic inch
// marks and two apostrophes turned into `"`, other apostrophes removed ("men's" is
// "mens"), and halves written as ".5" ("9½", "9 1/2").
func sizeText(s string) string {
	return sizeReplacer.Replace(foldLower(s))
}

// sizeReplacer is immutable and safe for concurrent use.
var sizeReplacer = strings.NewReplacer(
	"''", `"`, "″", `"`, "”", `"`, "“", `"`, "＂", `"`,
	"'", "", "’", "", "‘", "", "`", "",
	"½", ".5", " 1/2", ".5", "-1/2", ".5",
)

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// scanNumbers finds every number in a text prepared by sizeText. Runs of more
// than four digits (SKUs, years with more) and more than three decimals are
// skipped: no size is written that way.
func scanNumbers(s string) []sizeNumber {
	var out []sizeNumber
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		n := sizeNumber{whole: s[start:i]}
		if i+1 < len(s) && (s[i] == '.' || s[i] == ',') && isDigit(s[i+1]) {
			j := i + 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			n.frac, i = s[i+1:j], j
		}
		if i < len(s) && (s[i] == '.' || s[i] == ',') && i+1 < len(s) && isDigit(s[i+1]) {
			// "1.2.3": a version or a date, not a size. Skip the whole run.
			for i < len(s) && (isDigit(s[i]) || s[i] == '.' || s[i] == ',') {
				i++
			}
			continue
		}
		end := i
		j := i
		if j < len(s) && (s[j] == ' ' || s[j] == '-') {
			j++
		}
		switch {
		case j < len(s) && s[j] == '"':
			n.unit, end = `"`, j+1
		case j < len(s) && isLetter(s[j]):
			k := j
			for k < len(s) && isLetter(s[k]) {
				k++
			}
			n.unit, end = s[j:k], k
		}
		k := start
		if k > 0 && isLetter(s[k-1]) {
			n.attached = true
		} else if k > 1 && s[k-1] == ' ' && isLetter(s[k-2]) {
			k--
		}
		b := k
		for b > 0 && isLetter(s[b-1]) {
			b--
		}
		n.before = s[b:k]
		n.alone = strings.TrimSpace(s[:start]) == "" && strings.TrimSpace(s[end:]) == ""
		if len(n.whole) <= 4 && len(n.frac) <= 3 {
			out = append(out, n)
		}
		if end > i {
			// The unit letters are not a number; resume after them so "99a54"
			// still finds 54 but "5.2hi" is not read twice.
			i = end
		}
	}
	return out
}

// wholeInt is the integer value of n.whole; it has at most four digits.
func (n sizeNumber) wholeInt() int {
	v, _ := strconv.Atoi(n.whole)
	return v
}

// thousandths is n as an exact integer count of thousandths ("8.125" is 8125).
func (n sizeNumber) thousandths() int {
	frac := n.frac + strings.Repeat("0", 3-len(n.frac))
	f, _ := strconv.Atoi(frac)
	return n.wholeInt()*1000 + f
}

// decimal is n written with a point and without trailing zeros beyond one
// decimal ("8,250" is "8.25", "8.0" stays "8.0").
func (n sizeNumber) decimal() string {
	if n.frac == "" {
		return strings.TrimLeft(n.whole, "0")
	}
	frac := strings.TrimRight(n.frac, "0")
	if frac == "" {
		frac = "0"
	}
	whole := strings.TrimLeft(n.whole, "0")
	if whole == "" {
		whole = "0"
	}
	return whole + "." + frac
}
