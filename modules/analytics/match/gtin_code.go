package match

import (
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// makerGTIN returns code as a GTIN-14 when it is a valid barcode a maker
// issued, and "" otherwise. Shops store one code as UPC-12, EAN-13 or
// GTIN-14 (zero-padded), so all are compared as GTIN-14. Codes from the GS1
// ranges for restricted circulation (in-store labels: EAN-13 starting with
// 2, UPC-12 starting with 2 or 4, EAN-8 starting with 0 or 2) and coupons
// (98, 99) match nothing at another shop, so they are not evidence.
func makerGTIN(code string) string {
	if !catalog.ValidGTIN(code) {
		return ""
	}
	if len(code) == 8 && (code[0] == '0' || code[0] == '2') {
		return "" // EAN-8 velocity and in-store ranges
	}
	g := strings.Repeat("0", 14-len(code)) + code
	e13 := g[1:]
	switch {
	case e13[0] == '2', strings.HasPrefix(e13, "02"), strings.HasPrefix(e13, "04"),
		strings.HasPrefix(e13, "98"), strings.HasPrefix(e13, "99"):
		return ""
	}
	return g
}
