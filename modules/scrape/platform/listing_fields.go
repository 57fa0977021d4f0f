package platform

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/catalog/normalize"
)

// Limits catalog puts on listing fields.
const (
	maxIDRunes   = 255 // external ids, handles, SKUs, tags, option names and values
	maxTextRunes = 255
)

// fitRunes cuts s to at most n runes.
func fitRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// cleanText is normalize.Title cut to what a short catalog field holds.
func cleanText(s string) string { return fitRunes(normalize.Title(s), maxTextRunes) }

// cleanID trims an identifier and returns "" when it is too long to be one:
// a cut id would collide with another, so it is better dropped.
func cleanID(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if s == "" || utf8.RuneCountInString(s) > maxIDRunes || strings.ContainsRune(s, 0) {
		return ""
	}
	return s
}

// cleanTags cleans tags as published, dropping empty ones and repeats.
func cleanTags(tags []string) []string {
	var out []string
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		t = cleanText(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// absoluteURL resolves ref against base and returns it when it is an absolute
// http(s) URL, else "". Protocol-relative URLs ("//cdn.shopify.com/...")
// take base's scheme.
func absoluteURL(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.ContainsAny(ref, "\x00\n\r\t") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if !u.IsAbs() || u.Host == "" {
		b, err := url.Parse(base)
		if err != nil {
			return ""
		}
		u = b.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// brandOf is the canonical brand from a vendor field, or from the title when
// the vendor names none.
func brandOf(vendor, title string) string {
	if b := normalize.Brand(vendor); b != "" {
		return b
	}
	return normalize.BrandFromTitle(title)
}

// variantTitle cleans a variant title; Shopify's "Default Title" placeholder
// for products without options is no title.
func variantTitle(s string) string {
	s = normalize.Title(s)
	if strings.EqualFold(s, "Default Title") {
		return ""
	}
	return s
}

// option builds a catalog option, or false when it carries nothing: no value,
// or Shopify's "Title: Default Title" placeholder.
func option(name, value string, position int) (catalog.Option, bool) {
	name, value = cleanText(name), cleanText(value)
	if value == "" || (strings.EqualFold(name, "Title") && strings.EqualFold(value, "Default Title")) {
		return catalog.Option{}, false
	}
	if name == "" {
		name = "Option " + strconv.Itoa(position)
	}
	return catalog.Option{Name: name, Value: value}, true
}

// parseGTIN reads a GTIN as published: digits with optional spaces or dashes.
// width pads a number that lost its leading zeros to the length its field
// names (a gtin13 published as the JSON number 614141000036). It returns the
// digits when the check digit is right, "" for the all-zero placeholder, and
// ok false when s was not empty but is not a GTIN.
func parseGTIN(s string, width int) (gtin string, ok bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return "", true
	}
	if width == 0 && len(s) >= 9 && len(s) <= 11 {
		width = 12 // a UPC that lost its leading zeros
	}
	if width > len(s) && width <= 14 {
		s = strings.Repeat("0", width-len(s)) + s
	}
	if strings.Trim(s, "0") == "" {
		// All zeros passes the check digit but is the placeholder shops
		// publish for "no barcode"; catalog.ValidGTIN accepts it.
		return "", true
	}
	if !catalog.ValidGTIN(s) {
		return "", false
	}
	return s, true
}

// compareAtMoney parses a compare-at price. Empty and zero mean none: Shopify
// publishes null or "0.00" for products that are not on sale.
func compareAtMoney(raw, currency string) (catalog.Money, error) {
	if raw == "" {
		return catalog.Money{}, nil
	}
	m, err := catalog.ParseMoney(raw, currency)
	if err != nil {
		return catalog.Money{}, err
	}
	if m.Amount == 0 {
		return catalog.Money{}, nil
	}
	return m, nil
}
