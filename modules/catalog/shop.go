package catalog

import (
	"net/url"
	"regexp"
)

// Platform is the storefront software a shop runs, which decides how it is read.
type Platform string

// The platforms SkateStock can read.
const (
	PlatformShopify     Platform = "shopify"
	PlatformWooCommerce Platform = "woocommerce"
	PlatformJSONLD      Platform = "jsonld" // schema.org Product JSON-LD in HTML pages
)

// Platforms lists every known platform, in a stable order.
func Platforms() []Platform {
	return []Platform{PlatformShopify, PlatformWooCommerce, PlatformJSONLD}
}

// Validate reports whether p is a known platform.
func (p Platform) Validate() error {
	for _, known := range Platforms() {
		if p == known {
			return nil
		}
	}
	return invalid("platform", "%q is not one of shopify, woocommerce, jsonld", string(p))
}

// Shop is an online skate shop whose catalog SkateStock follows.
type Shop struct {
	Slug     string   // stable identifier: lower-case letters, digits and dashes
	Name     string   // display name
	Platform Platform // how its catalog is read
	BaseURL  string   // absolute http(s) URL of the storefront
	Currency string   // ISO 4217 code the shop prices in
	Country  string   // ISO 3166-1 alpha-2 code, upper case
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// ValidSlug reports whether s can serve as a shop or brand slug: 1-64
// lower-case ASCII letters, digits and dashes, a dash neither first nor
// last. Every observation's shop is checked (twice: by ingest and by the
// store), so it is a loop rather than the regular expression it matches,
// which cost 3% of the pipeline benchmark's CPU.
func ValidSlug(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// Validate checks every field of s and names the first one that is wrong.
func (s Shop) Validate() error {
	if !ValidSlug(s.Slug) {
		return invalid("shop.slug", "%q must be 1-64 lower-case letters, digits or inner dashes", s.Slug)
	}
	if s.Name == "" {
		return invalid("shop.name", "must not be empty (shop %s)", s.Slug)
	}
	if err := s.Platform.Validate(); err != nil {
		return err
	}
	u, err := url.Parse(s.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("shop.base_url", "%q must be an absolute http or https URL", s.BaseURL)
	}
	if _, err := MinorUnits(s.Currency); err != nil {
		return err
	}
	if !countryPattern.MatchString(s.Country) {
		return invalid("shop.country", "%q must be an ISO 3166-1 alpha-2 code such as US", s.Country)
	}
	return nil
}

// Brand is a canonical skate brand ("Independent", not "INDY").
type Brand struct {
	Name     string // canonical display name
	Listings int    // listings carrying the brand, when counted by a query
}
