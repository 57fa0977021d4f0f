package seed

import (
	"strconv"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// appendOptions appends the options a shop with style st publishes for one
// size of a product of line ln.
func appendOptions(opts []catalog.Option, ln *line, st optionStyle, size string) []catalog.Option {
	switch ln.kind {
	case oneSize:
		if st.defaultTitle {
			opts = append(opts, catalog.Option{Name: "Title", Value: "Default Title"})
		}
	case deckSize:
		opts = append(opts, catalog.Option{Name: st.deckName, Value: deckLabel(size, st.deckShort) + st.deckSuffix})
	case truckSize:
		// Indy and Thunder sizes are hanger widths in millimetres and some
		// shops say so; Venture heights and Ace numbers are not.
		v := size
		if len(size) == 3 {
			v += st.truckSuffix
		}
		opts = append(opts, catalog.Option{Name: st.sizeName, Value: v})
	case wheelSize:
		opts = append(opts, catalog.Option{Name: st.sizeName, Value: size + st.wheelSuffix})
		if st.duroOption {
			opts = append(opts, catalog.Option{Name: "Durometer", Value: strings.ToLower(ln.duro)})
		}
	case shoeSize:
		opts = append(opts, catalog.Option{Name: st.sizeName, Value: st.shoePrefix + size})
	case apparelSize:
		v := size
		if st.longApparel {
			v = apparelLong[size]
		}
		opts = append(opts, catalog.Option{Name: st.sizeName, Value: v})
	default:
		opts = append(opts, catalog.Option{Name: st.sizeName, Value: size})
	}
	return opts
}

var apparelLong = map[string]string{"S": "Small", "M": "Medium", "L": "Large", "XL": "X-Large", "OS": "One Size"}

// variantTitle is the option values joined the way Shopify joins them.
func variantTitle(opts []catalog.Option) string {
	switch len(opts) {
	case 0:
		return ""
	case 1:
		return opts[0].Value
	}
	vals := make([]string, len(opts))
	for i, o := range opts {
		vals[i] = o.Value
	}
	return strings.Join(vals, " / ")
}

// attributes are the canonical sizes of one variant of line ln.
func attributes(ln *line, size string) catalog.Attributes {
	switch ln.kind {
	case deckSize:
		return catalog.Attributes{DeckWidthHundredths: hundredths(size)}
	case truckSize:
		return catalog.Attributes{TruckSize: size}
	case wheelSize:
		mm, _ := strconv.Atoi(size)
		return catalog.Attributes{WheelDiameterMM: mm, WheelDurometer: ln.duro}
	case shoeSize:
		return catalog.Attributes{ShoeSizeUS: size}
	case apparelSize:
		return catalog.Attributes{ApparelSize: size}
	}
	return catalog.Attributes{}
}

// hundredths converts an inch width such as "8.125" into hundredths of an
// inch, rounding half up as catalog.Attributes prescribes: 8.125 is 813.
func hundredths(s string) int {
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.Atoi(whole)
	frac = (frac + "000")[:3]
	f, _ := strconv.Atoi(frac)
	return (w*1000 + f + 5) / 10
}

// deckLabel spells a width as a shop does: as the maker names it, or
// shortened to at most two decimals without trailing zeros (8.0 as 8,
// 8.125 as 8.13).
func deckLabel(size string, short bool) string {
	if !short {
		return size
	}
	h := hundredths(size)
	s := strconv.Itoa(h/100) + "." + itoaPad(h%100, 2)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
