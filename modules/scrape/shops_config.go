package scrape

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// Profile names with a meaning of their own.
const (
	// DefaultProfile lists the real shops SkateStock follows.
	DefaultProfile = "default"
	// LocalProfile lists the shops of the local simulator (`skatestock shops
	// serve`). Shop i of it must live at http://127.0.0.1:<LocalBasePort+i>,
	// the port the simulator gives its i-th shop; validation enforces it.
	LocalProfile = "local"
	// LocalBasePort is the port of the first simulated shop.
	LocalBasePort = 18081
)

// Defaults of the optional per-shop settings.
const (
	DefaultSchedule          = 6 * time.Hour
	DefaultRateLimit         = 0.5 // requests per second
	DefaultConcurrency       = 1
	DefaultProductURLPattern = `/products?/[^/]+/?$`
)

// Limits of the per-shop settings.
const (
	MinSchedule    = time.Minute
	MaxSchedule    = 7 * 24 * time.Hour
	MaxRateLimit   = 10.0
	MaxConcurrency = 16
)

// ShopsFile is configs/shops.yaml: the contact URL the scraper identifies
// itself with and named profiles, each a list of shops. Get one with
// LoadShopsFile or ParseShopsFile, which validate it.
type ShopsFile struct {
	// ContactURL goes into the User-Agent (fetch.Config.ContactURL): where a
	// shop's operator learns who we are.
	ContactURL string
	// Profiles maps a profile name to its shops, in file order.
	Profiles map[string][]ShopConfig
}

// Profile returns the shops of the named profile, or an error naming the
// profiles there are.
func (f ShopsFile) Profile(name string) ([]ShopConfig, error) {
	shops, ok := f.Profiles[name]
	if !ok {
		return nil, fmt.Errorf("shops profile %q does not exist; the file has %s", name, strings.Join(f.ProfileNames(), ", "))
	}
	return slices.Clone(shops), nil
}

// ProfileNames lists the profiles, sorted.
func (f ShopsFile) ProfileNames() []string {
	names := make([]string, 0, len(f.Profiles))
	for n := range f.Profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ShopConfig is one shop of shops.yaml. Zero optional fields take the
// defaults named on them (LoadShopsFile fills them in; RunOnce does too). It
// is comparable, so it can key maps.
type ShopConfig struct {
	Slug     string           // catalog slug, unique within a profile
	Name     string           // display name
	Platform catalog.Platform // shopify, woocommerce or jsonld
	BaseURL  string           // storefront root: https://host, no path
	Currency string           // ISO 4217; Shopify's feed names none, so this is it
	Country  string           // ISO 3166-1 alpha-2
	// Collection (Shopify only) reads /collections/<handle>/products.json
	// instead of /products.json.
	Collection string
	// Schedule is the time from the start of one run to the start of the
	// next; default 6h, at least 1m.
	Schedule time.Duration
	// RateLimit is requests per second to the shop; default 0.5, at most 10.
	// A robots.txt Crawl-delay can only lower it.
	RateLimit float64
	// Concurrency caps requests in flight to the shop; default 1.
	Concurrency int
	// IgnoreRobots skips robots.txt. Only for shops that gave written
	// permission; setting it is the operator's responsibility.
	IgnoreRobots bool
	// Local lets the fetcher connect to loopback and private addresses:
	// for the shop simulator only, and only with such a base URL.
	Local bool
	// ProductURLPattern (jsonld only) is a regular expression matched
	// against the path of sitemap URLs to pick product pages; default
	// DefaultProductURLPattern (/product/x and /products/x).
	ProductURLPattern string
}

// withDefaults fills the zero optional fields.
func (s ShopConfig) withDefaults() ShopConfig {
	if s.Schedule == 0 {
		s.Schedule = DefaultSchedule
	}
	if s.RateLimit == 0 {
		s.RateLimit = DefaultRateLimit
	}
	if s.Concurrency == 0 {
		s.Concurrency = DefaultConcurrency
	}
	if s.ProductURLPattern == "" && s.Platform == catalog.PlatformJSONLD {
		s.ProductURLPattern = DefaultProductURLPattern
	}
	s.BaseURL = strings.TrimRight(s.BaseURL, "/")
	return s
}

// Shop is the catalog shop s describes.
func (s ShopConfig) Shop() catalog.Shop {
	return catalog.Shop{
		Slug: s.Slug, Name: s.Name, Platform: s.Platform,
		BaseURL: strings.TrimRight(s.BaseURL, "/"), Currency: s.Currency, Country: s.Country,
	}
}

// FetchConfig is base with the shop's politeness settings: its rate (with a
// burst of at most one second's worth), concurrency, robots.txt choice and
// loopback permission. Everything else (User-Agent, ContactURL, timeouts,
// retries) comes from base.
func (s ShopConfig) FetchConfig(base fetch.Config) fetch.Config {
	s = s.withDefaults()
	base.RequestsPerSecond = s.RateLimit
	base.Burst = max(1, min(base.Burst, int(math.Ceil(s.RateLimit))))
	base.Concurrency = s.Concurrency
	base.IgnoreRobots = s.IgnoreRobots
	base.AllowLocal = s.Local
	return base
}

// Validate reports every setting out of range, one error per bad value
// naming the key, the value and what is allowed. Zero optional fields are
// judged by their defaults.
func (s ShopConfig) Validate() error {
	var errs []error
	for _, p := range s.withDefaults().check() {
		errs = append(errs, fmt.Errorf("shop %s: %s", s.Slug, p))
	}
	return errors.Join(errs...)
}

// LoadShopsFile reads and validates the shops file at path.
func LoadShopsFile(path string) (ShopsFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ShopsFile{}, fmt.Errorf("load shops file: %w", err)
	}
	f, err := ParseShopsFile(data)
	if err != nil {
		return ShopsFile{}, fmt.Errorf("load shops file %s: %w", path, err)
	}
	return f, nil
}
