package seed

import "strings"

// withCheck appends the GS1 check digit to body (all digits).
func withCheck(body string) string {
	sum := 0
	// Weights alternate 3,1 from the rightmost digit of the body.
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if (len(body)-1-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return body + string(rune('0'+(10-sum%10)%10))
}

// padGTIN left-pads code with zeros to width digits, as shops that store
// every barcode as EAN-13 or GTIN-14 do; the check digit stays valid.
func padGTIN(code string, width int) string {
	if code == "" || len(code) >= width {
		return code
	}
	return strings.Repeat("0", width-len(code)) + code
}

// gtinKey is code as a GTIN-14: equal keys are the same trade item however
// the shop spelled it.
func gtinKey(code string) string { return padGTIN(code, 14) }

// makerGTIN builds the maker's code for item number item of a brand with GS1
// company prefix prefix: UPC-12 for 6-digit prefixes, EAN-13 for 7-digit
// ones. It returns "" when the prefix is empty or its item numbers are used up.
func makerGTIN(prefix string, item int) string {
	if prefix == "" {
		return ""
	}
	width := 11 - len(prefix) // UPC-12 body
	if len(prefix) == 7 {
		width = 12 - len(prefix) // EAN-13 body
	}
	digits := itoaPad(item, width)
	if len(digits) > width {
		return ""
	}
	return withCheck(prefix + digits)
}

// itoaPad formats n in decimal, zero-padded to at least width digits.
func itoaPad(n, width int) string {
	var buf [20]byte
	i := len(buf)
	for n > 0 || i == len(buf) {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	for len(buf)-i < width {
		i--
		buf[i] = '0'
	}
	return string(buf[i:])
}
