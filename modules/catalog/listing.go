package catalog

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Listing is one shop's product page: a deck model, a truck, a shoe. The same
// product sold by two shops is two listings; matching them is analytics' job.
type Listing struct {
	ShopSlug   string   // the shop selling it
	ExternalID string   // the shop's own product id, unique within the shop
	Handle     string   // URL handle or slug at the shop, when it has one
	Title      string   // as the shop shows it
	Brand      string   // canonical brand name, "" when unknown
	Category   Category // never empty; CategoryOther when unknown
	URL        string   // absolute product page URL
	ImageURL   string   // absolute image URL, "" when none
	Tags       []string // shop tags, as published
	Variants   []Variant
}

// Variant is one purchasable option of a listing: a deck width, a wheel size, a
// shoe size.
type Variant struct {
	ExternalID string     // the shop's variant id, unique within the listing
	SKU        string     // shop SKU, "" when not published
	GTIN       string     // GTIN-8/12/13/14 digits with a valid check digit, "" when unknown
	Title      string     // variant title as published ("8.25 / Black")
	Options    []Option   // raw option name/value pairs, in the shop's order
	Attributes Attributes // sizes parsed from the options and titles
}

// Option is one raw option of a variant as the shop names it ("Size" = "8.25").
type Option struct {
	Name  string
	Value string
}

// Attributes are the sizes that tell variants of one product apart. A zero
// field means unknown or not applicable. Sizes are integers or canonical
// strings so that equal sizes compare equal.
type Attributes struct {
	// DeckWidthHundredths is the deck width in hundredths of an inch, 825 for
	// 8.25". Hundredths on purpose: shops write the same 8.125" deck as
	// "8.125" and "8.13", and rounding half up makes both 813.
	DeckWidthHundredths int
	WheelDiameterMM     int    // wheel diameter in millimetres: 54
	WheelDurometer      string // hardness with its scale: "99A", "84B"
	TruckSize           string // the maker's size name: "149", "5.2 Hi", "147"
	ShoeSizeUS          string // US men's size: "9.5"
	ApparelSize         string // "S", "M", "L", "XL", "OS"
}

// IsZero reports whether no attribute is known.
func (a Attributes) IsZero() bool { return a == Attributes{} }

// Validate checks every field of l and its variants, naming the first wrong one.
func (l Listing) Validate() error {
	if !ValidSlug(l.ShopSlug) {
		return invalid("listing.shop", "%q is not a shop slug", l.ShopSlug)
	}
	if err := checkText("listing.external_id", l.ExternalID, 255, true); err != nil {
		return err
	}
	if err := checkText("listing.handle", l.Handle, 255, false); err != nil {
		return err
	}
	if err := checkText("listing.title", l.Title, 500, true); err != nil {
		return err
	}
	if err := checkText("listing.brand", l.Brand, 100, false); err != nil {
		return err
	}
	if err := l.Category.Validate(); err != nil {
		return err
	}
	if err := checkURL("listing.url", l.URL, true); err != nil {
		return err
	}
	if err := checkURL("listing.image_url", l.ImageURL, false); err != nil {
		return err
	}
	for _, t := range l.Tags {
		if err := checkText("listing.tags", t, 255, true); err != nil {
			return err
		}
	}
	if len(l.Variants) == 0 {
		return invalid("listing.variants", "listing %s/%s has no variants", l.ShopSlug, l.ExternalID)
	}
	seen := make(map[string]bool, len(l.Variants))
	for _, v := range l.Variants {
		if err := v.Validate(); err != nil {
			return err
		}
		if seen[v.ExternalID] {
			return invalid("variant.external_id", "%q appears twice in listing %s/%s", v.ExternalID, l.ShopSlug, l.ExternalID)
		}
		seen[v.ExternalID] = true
	}
	return nil
}

// Validate checks every field of v, naming the first wrong one.
func (v Variant) Validate() error {
	if err := checkText("variant.external_id", v.ExternalID, 255, true); err != nil {
		return err
	}
	if err := checkText("variant.sku", v.SKU, 255, false); err != nil {
		return err
	}
	if v.GTIN != "" && !ValidGTIN(v.GTIN) {
		return invalid("variant.gtin", "%q is not a GTIN-8/12/13/14 with a valid check digit", v.GTIN)
	}
	if err := checkText("variant.title", v.Title, 500, false); err != nil {
		return err
	}
	for _, o := range v.Options {
		if err := checkText("variant.option", o.Name, 255, true); err != nil {
			return err
		}
		if err := checkText("variant.option", o.Value, 255, false); err != nil {
			return err
		}
	}
	a := v.Attributes
	for _, f := range []struct{ name, value string }{
		{"variant.wheel_durometer", a.WheelDurometer}, {"variant.truck_size", a.TruckSize},
		{"variant.shoe_size_us", a.ShoeSizeUS}, {"variant.apparel_size", a.ApparelSize},
	} {
		if err := checkText(f.name, f.value, 32, false); err != nil {
			return err
		}
	}
	if a.DeckWidthHundredths < 0 || a.DeckWidthHundredths > 1500 {
		return invalid("variant.deck_width", "%d hundredths of an inch is outside 0-15\"", a.DeckWidthHundredths)
	}
	if a.WheelDiameterMM < 0 || a.WheelDiameterMM > 120 {
		return invalid("variant.wheel_diameter", "%d mm is outside 0-120 mm", a.WheelDiameterMM)
	}
	return nil
}

// ValidGTIN reports whether s is a GTIN-8, -12, -13 or -14 with a correct
// check digit.
func ValidGTIN(s string) bool {
	switch len(s) {
	case 8, 12, 13, 14:
	default:
		return false
	}
	if !allDigits(s) || strings.Trim(s, "0") == "" {
		// Shops publish all-zero codes to mean "no barcode".
		return false
	}
	sum := 0
	// Weights alternate 3,1 from the digit left of the check digit.
	for i := len(s) - 2; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-2-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return (10-sum%10)%10 == int(s[len(s)-1]-'0')
}

func checkText(field, s string, maxRunes int, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return invalid(field, "must not be empty")
	}
	if !utf8.ValidString(s) {
		return invalid(field, "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return invalid(field, "is %d characters long, at most %d allowed", n, maxRunes)
	}
	if strings.ContainsRune(s, 0) {
		return invalid(field, "contains a NUL character")
	}
	return nil
}

func checkURL(field, s string, required bool) error {
	if s == "" && !required {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid(field, "%q must be an absolute http or https URL", s)
	}
	return nil
}
