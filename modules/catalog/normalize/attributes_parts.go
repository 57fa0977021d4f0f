package normalize

import "strings"

// inchUnits are the ways shops write inches after a deck width.
var inchUnits = map[string]bool{`"`: true, "in": true, "inch": true, "inches": true}

// measureUnits are words after a number that make it something other than a
// deck width or a truck size ("54mm", "99a", "3 pcs").
var measureUnits = map[string]bool{
	"mm": true, "cm": true, "m": true, "kg": true, "g": true, "lb": true, "lbs": true, "oz": true,
	"ml": true, "l": true, "pc": true, "pcs": true, "pack": true, "pk": true, "a": true, "b": true,
	"d": true, "du": true, "duro": true, "percent": true, "off": true,
}

// deckWidth reads a deck width in hundredths of an inch, 500-1200 (5"-12",
// from micro decks to pool decks); anything outside is not a deck width.
func deckWidth(src sizeSource) int {
	for _, n := range scanNumbers(src.text) {
		if len(n.whole) > 2 || n.attached {
			continue
		}
		withUnit := inchUnits[n.unit]
		bare := n.frac != "" && !measureUnits[n.unit]
		wholeOption := src.option && n.alone && sizeName(src.named)
		if !withUnit && !bare && !wholeOption {
			continue
		}
		// Exact: thousandths are an integer, rounded half up to hundredths.
		h := (n.thousandths() + 5) / 10
		if h >= 500 && h <= 1200 {
			return h
		}
	}
	return 0
}

// wheelDiameter reads a wheel diameter in whole millimetres, 30-120.
func wheelDiameter(src sizeSource) int {
	for _, n := range scanNumbers(src.text) {
		if n.attached || len(n.whole) > 3 {
			continue
		}
		bareInOption := n.unit == "" && n.alone && src.option && sizeName(src.named) && !durometerName(src.named)
		if n.unit != "mm" && !bareInOption {
			continue
		}
		mm := n.wholeInt()
		if n.frac != "" && n.frac[0] >= '5' {
			mm++ // round half up: the catalog keeps whole millimetres
		}
		if mm >= 30 && mm <= 120 {
			return mm
		}
	}
	return 0
}

// durometerScales maps what follows a hardness number to its scale. "DU" is
// Spitfire's spelling of the A scale.
var durometerScales = map[string]string{
	"a": "A", "b": "B", "d": "D", "du": "A", "duro": "A", "durometer": "A",
}

// wheelDurometer reads a wheel hardness with its scale ("99A", "84B"), 40-110.
func wheelDurometer(src sizeSource) string {
	for _, n := range scanNumbers(src.text) {
		if n.attached || n.frac != "" || len(n.whole) > 3 {
			continue
		}
		scale, ok := durometerScales[n.unit]
		if !ok && n.unit == "" && (durometerScales[n.before] != "" && len(n.before) > 1 || src.option && n.alone && durometerName(src.named)) {
			scale, ok = "A", true // "Duro 99", or a bare number in a durometer option
		}
		if !ok {
			continue
		}
		if v := n.wholeInt(); v >= 40 && v <= 110 {
			return strings.TrimLeft(n.whole, "0") + scale
		}
	}
	return ""
}

// truckHeights maps height words after a truck size to their canonical form.
var truckHeights = map[string]string{
	"hi": "Hi", "high": "Hi", "low": "Low", "lo": "Low", "mid": "Mid",
}

// truckSize reads the maker's size name of a truck. The forms are tried in
// order of how sure they are, across the whole text each time: a decimal with
// a height ("5.2 Hi"), a three-digit name ("149", "149mm"; never after
// "stage"), then, only in options and variant titles, a decimal width
// ("8.25") and a whole-value two-digit name ("44").
func truckSize(src sizeSource) string {
	nums := scanNumbers(src.text)
	for _, n := range nums {
		if h, ok := truckHeights[n.unit]; ok && n.frac != "" && !n.attached && len(n.whole) == 1 {
			return n.decimal() + " " + h
		}
	}
	for _, n := range nums {
		if n.frac == "" && len(n.whole) == 3 && !n.attached && n.before != "stage" && (n.unit == "mm" || !measureUnits[n.unit]) {
			if v := n.wholeInt(); v >= 100 && v <= 300 {
				return n.whole
			}
		}
	}
	if !src.option {
		return ""
	}
	for _, n := range nums {
		if n.frac != "" && !n.attached && (n.unit == "" || inchUnits[n.unit]) {
			if t := n.thousandths(); t >= 4000 && t <= 11000 {
				return n.decimal()
			}
		}
	}
	for _, n := range nums {
		if n.alone && n.frac == "" && len(n.whole) == 2 && n.unit == "" {
			return n.whole
		}
	}
	return ""
}
