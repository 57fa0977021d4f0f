package scrape

import (
	"fmt"
	"math"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skatestock/skatestock/modules/catalog"
)

// What each setting allows, as error messages say it.
const (
	scheduleWant    = "a duration from 1m to 168h (7 days)"
	rateWant        = "requests per second in (0, 10]"
	concurrencyWant = "requests in flight from 1 to 16"
)

// fieldProblem is one bad value: the key, the value as written, and what
// is allowed.
type fieldProblem struct {
	key, value, want string
}

func (p fieldProblem) String() string {
	return fmt.Sprintf("%s = %s, want %s", p.key, p.value, p.want)
}

// check lists every bad value of s, which has its defaults filled in.
func (s ShopConfig) check() []fieldProblem {
	var probs []fieldProblem
	bad := func(key string, value any, want string) {
		if v, ok := value.(string); ok {
			value = strconv.Quote(v)
		}
		probs = append(probs, fieldProblem{key, fmt.Sprint(value), want})
	}
	if !catalog.ValidSlug(s.Slug) {
		bad("slug", s.Slug, "1-64 lower-case letters, digits or inner dashes")
	}
	if n := utf8.RuneCountInString(s.Name); strings.TrimSpace(s.Name) == "" || n > 100 || !utf8.ValidString(s.Name) {
		bad("name", s.Name, "a display name of 1-100 characters")
	}
	if s.Platform.Validate() != nil {
		bad("platform", string(s.Platform), "shopify, woocommerce or jsonld")
	}
	probs = append(probs, s.checkBaseURL()...)
	if _, err := catalog.MinorUnits(s.Currency); err != nil {
		bad("currency", s.Currency, "an ISO 4217 code such as USD")
	}
	if !isCountryCode(s.Country) {
		bad("country", s.Country, "an ISO 3166-1 alpha-2 code such as US")
	}
	if s.Collection != "" {
		switch {
		case s.Platform != catalog.PlatformShopify:
			bad("collection", s.Collection, "no collection: only shopify shops have collections")
		case !isHandle(s.Collection):
			bad("collection", s.Collection, "a Shopify collection handle such as all or skateboards (a-z 0-9 - _)")
		}
	}
	if s.Schedule < MinSchedule || s.Schedule > MaxSchedule {
		bad("schedule", s.Schedule, scheduleWant)
	}
	if math.IsNaN(s.RateLimit) || s.RateLimit <= 0 || s.RateLimit > MaxRateLimit {
		bad("rate_limit", s.RateLimit, rateWant)
	}
	if s.Concurrency < 1 || s.Concurrency > MaxConcurrency {
		bad("concurrency", s.Concurrency, concurrencyWant)
	}
	if s.ProductURLPattern != "" {
		if s.Platform != catalog.PlatformJSONLD {
			bad("product_url_pattern", s.ProductURLPattern, "no pattern: only jsonld shops are read through their sitemap")
		} else if _, err := regexp.Compile(s.ProductURLPattern); err != nil {
			bad("product_url_pattern", s.ProductURLPattern, "a Go regular expression matched against URL paths ("+err.Error()+")")
		}
	}
	return probs
}

// checkBaseURL checks the storefront URL and that local is set exactly when
// it points at a loopback or private address: the SSRF guard is switched off
// for a local shop, so a real shop must never be one.
func (s ShopConfig) checkBaseURL() []fieldProblem {
	q := strconv.Quote(s.BaseURL)
	u, err := url.Parse(s.BaseURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "":
		return []fieldProblem{{"base_url", q, "an absolute URL such as https://shop.example"}}
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/"):
		return []fieldProblem{{"base_url", q, "the storefront root only: no path, query, fragment or credentials"}}
	}
	private := isPrivateHost(u.Hostname())
	switch {
	case s.Local && !private:
		return []fieldProblem{{"local", "true", "false: local is only for loopback or private base URLs (the shop simulator)"}}
	case !s.Local && private:
		return []fieldProblem{{"base_url", q, "a public address; loopback and private addresses need local: true (simulator only)"}}
	case !s.Local && u.Scheme != "https":
		return []fieldProblem{{"base_url", q, "an https URL (plain http only with local: true)"}}
	}
	return nil
}

// checkProfile checks what concerns several shops of one profile: unique
// slugs and base URLs, and the port convention of the local profile.
func checkProfile(name string, entries []shopEntry) []error {
	var errs []error
	slugs, urls := map[string]string{}, map[string]string{}
	for i, e := range entries {
		if prev, ok := slugs[e.cfg.Slug]; ok {
			errs = append(errs, e.problem(fieldProblem{"slug", strconv.Quote(e.cfg.Slug), "a slug unique in the profile (" + prev + " has it)"}))
		}
		slugs[e.cfg.Slug] = e.path
		key := strings.ToLower(e.cfg.BaseURL)
		if prev, ok := urls[key]; ok {
			errs = append(errs, e.problem(fieldProblem{"base_url", strconv.Quote(e.cfg.BaseURL), "a shop not already listed (" + prev + " has it)"}))
		}
		urls[key] = e.path
		if name == LocalProfile {
			want := fmt.Sprintf("http://127.0.0.1:%d", LocalBasePort+i)
			if e.cfg.BaseURL != want || !e.cfg.Local {
				errs = append(errs, e.problem(fieldProblem{"base_url", strconv.Quote(e.cfg.BaseURL),
					fmt.Sprintf("%s with local: true: the simulator serves shop i of the local profile on port %d+i", want, LocalBasePort)}))
			}
		}
	}
	return errs
}

// isPrivateHost reports whether host is a name or literal address that the
// fetcher's SSRF guard would refuse: localhost, loopback, private,
// link-local or unspecified.
func isPrivateHost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(h)
	if err != nil {
		return false
	}
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsUnspecified()
}

func validContactURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// isHandle accepts Shopify handles: lower-case letters, digits, - and _.
func isHandle(s string) bool {
	if len(s) > 255 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return s != ""
}
