package app

import (
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
)

// outputJSONL is the one --dry-run format: a catalog.ProductEvent per line.
const outputJSONL = "jsonl"

// scrapeFlags are the flags of `skatestock scrape` that are not config keys.
type scrapeFlags struct {
	shops      []string
	all        bool
	profile    string
	once       bool
	dryRun     bool
	output     string
	url        string
	platform   string
	currency   string
	country    string
	allowLocal bool
	rateLimit  float64
	pattern    string // jsonld: product URL pattern
}

// adHocOnly are the flags that describe the shop of --url.
var adHocOnly = []string{"platform", "currency", "country", "allow-local", "rate-limit", "product-url-pattern"}

// check rejects flag combinations that say nothing sensible, before
// anything is opened. changed reports whether the user set a flag.
func (f scrapeFlags) check(changed func(string) bool) error {
	if changed("output") && !f.dryRun {
		return usageErrorf("--output applies to --dry-run; without it observations are written to the database")
	}
	if f.output != outputJSONL {
		return usageErrorf("--output %q: the only format is %s", f.output, outputJSONL)
	}
	if f.url == "" {
		for _, name := range adHocOnly {
			if changed(name) {
				return usageErrorf("--%s describes the shop of --url; shops of the shops file are configured there", name)
			}
		}
		switch {
		case len(f.shops) > 0 && f.all:
			return usageErrorf("--shop and --all exclude each other")
		case len(f.shops) == 0 && !f.all:
			return usageErrorf("say which shops to scrape: --shop NAME (repeatable), --all, or --url URL --platform PLATFORM")
		}
		return nil
	}
	switch {
	case len(f.shops) > 0 || f.all:
		return usageErrorf("--url names a shop of its own; it cannot be combined with --shop or --all")
	case changed("profile"):
		return usageErrorf("--profile picks shops of the shops file; --url names a shop of its own")
	case f.platform == "":
		return usageErrorf("--url needs --platform: shopify, woocommerce or jsonld")
	case catalog.Platform(f.platform).Validate() != nil:
		return usageErrorf("--platform %q: must be shopify, woocommerce or jsonld", f.platform)
	case math.IsNaN(f.rateLimit) || f.rateLimit <= 0 || f.rateLimit > scrape.MaxRateLimit:
		return usageErrorf("--rate-limit %g: must be requests per second above 0 and at most %g", f.rateLimit, scrape.MaxRateLimit)
	}
	u, err := url.Parse(f.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageErrorf("--url %q: must be the http(s) URL of a storefront, such as https://shop.example", f.url)
	}
	return nil
}

// scrapeTarget is what one scrape command reads.
type scrapeTarget struct {
	shops   []scrape.ShopConfig
	contact string // the shops file's contact URL, for the User-Agent
	// adHoc is the slug of the --url shop, "" when the shops come from the
	// file. Its fetcher may dial loopback and private addresses only with
	// --allow-local (allowLocal).
	adHoc      string
	allowLocal bool
}

// fetcherShop is s as its fetcher sees it: the shop of --url may dial
// loopback and private addresses exactly when --allow-local says so.
func (t scrapeTarget) fetcherShop(s scrape.ShopConfig) scrape.ShopConfig {
	if t.adHoc != "" && s.Slug == t.adHoc {
		s.Local = t.allowLocal
	}
	return s
}

// target loads the shops file at path and picks the shops the flags name;
// every problem is a usage error. The file is read for --url too: its
// contact URL goes into every request.
func (f scrapeFlags) target(path string) (scrapeTarget, error) {
	file, err := scrape.LoadShopsFile(path)
	if err != nil {
		return scrapeTarget{}, &usageError{err: err}
	}
	t := scrapeTarget{contact: file.ContactURL}
	if f.url != "" {
		shop, err := f.adHocShop()
		if err != nil {
			return scrapeTarget{}, err
		}
		t.shops, t.adHoc, t.allowLocal = []scrape.ShopConfig{shop}, shop.Slug, f.allowLocal
		return t, nil
	}
	profile, err := file.Profile(f.profile)
	if err != nil {
		return scrapeTarget{}, usageErrorf("%s: %w", path, err)
	}
	if f.all {
		t.shops = profile
		return t, nil
	}
	for _, slug := range f.shops {
		i := slices.IndexFunc(profile, func(s scrape.ShopConfig) bool { return s.Slug == slug })
		if i < 0 {
			return scrapeTarget{}, usageErrorf("--shop %q: profile %q of %s has no such shop; it has %s", slug, f.profile, path, strings.Join(slugsOf(profile), ", "))
		}
		if !slices.ContainsFunc(t.shops, func(s scrape.ShopConfig) bool { return s.Slug == slug }) {
			t.shops = append(t.shops, profile[i])
		}
	}
	return t, nil
}

// adHocShop describes the shop of --url: its slug and name come from the
// host (and port), everything else from the flags or the defaults.
//
// ShopConfig demands local: true exactly for loopback and private base URLs,
// since that is what turns the fetcher's SSRF guard off. Here the permission
// is --allow-local, handed to the fetcher (scrapeTarget.allowLocal), so that
// without it the guard itself refuses the shop, as it would a public name
// that resolves to a private address. Local is set as ShopConfig's own rule
// asks, found by validating the URL alone.
func (f scrapeFlags) adHocShop() (scrape.ShopConfig, error) {
	u, _ := url.Parse(f.url) // check has parsed it
	shop := scrape.ShopConfig{
		Slug: hostSlug(u.Host), Name: u.Host, Platform: catalog.Platform(f.platform), BaseURL: f.url,
		Currency: strings.ToUpper(f.currency), Country: strings.ToUpper(f.country), RateLimit: f.rateLimit,
		ProductURLPattern: f.pattern,
	}
	probe := scrape.ShopConfig{Slug: "probe", Name: "probe", Platform: catalog.PlatformShopify, BaseURL: f.url,
		Currency: "USD", Country: "US", Local: true}
	shop.Local = probe.Validate() == nil
	if err := shop.Validate(); err != nil {
		return shop, usageErrorf("--url: %w", err) // one line per problem, joined by oneLine
	}
	return shop, nil
}

// hostSlug makes a catalog slug of a URL host: "www.Shop.example:8443"
// becomes "shop-example-8443".
func hostSlug(host string) string {
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	var b strings.Builder
	dash := false
	for _, r := range host {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	s := b.String()
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	if s == "" {
		return "shop"
	}
	return s
}

func slugsOf(shops []scrape.ShopConfig) []string {
	out := make([]string, len(shops))
	for i, s := range shops {
		out[i] = s.Slug
	}
	return out
}
