package fetch

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
)

// DefaultProduct is the product token SkateStock identifies itself with, both
// in the User-Agent header and when matching robots.txt groups.
const DefaultProduct = "SkateStockBot"

// Config tunes how politely and how persistently the fetcher talks to shops.
// Start from DefaultConfig, set ContactURL, and call Validate (New does).
// Zero values are not replaced by defaults: MaxRetries 0 means "no retries".
type Config struct {
	// UserAgent is the product token and version, e.g. "SkateStockBot/1.4.2".
	// The product part (before "/") is also the robots.txt user-agent token,
	// so it is restricted to letters, "_" and "-" (RFC 9309 section 2.2.1).
	// app sets the stamped build version here.
	UserAgent string
	// ContactURL is where a shop's operator can learn who we are and how to
	// reach us. Required: the header sent is "<UserAgent> (+<ContactURL>)".
	ContactURL string

	// ConnectTimeout bounds establishing a TCP connection (and the TLS
	// handshake). It must not exceed Timeout.
	ConnectTimeout time.Duration
	// Timeout bounds one attempt from dialing to the last body byte.
	// Retries get a fresh Timeout each.
	Timeout time.Duration
	// MaxBodyBytes caps the (decompressed) body; a larger one fails with
	// KindTooLarge after reading at most MaxBodyBytes+1 bytes.
	MaxBodyBytes int64
	// MaxRedirects caps same-host redirect hops per Get.
	MaxRedirects int
	// MaxRetries is how many times an attempt is repeated after a network
	// error, a timeout, or status 429, 500, 502, 503, 504.
	MaxRetries int
	// BackoffBase and BackoffMax shape the exponential backoff with full
	// jitter: retry n waits a random duration in [0, min(BackoffMax,
	// BackoffBase*2^(n-1))], unless the server sent Retry-After.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// MaxRetryAfter is the longest Retry-After we wait for; a longer one
	// fails with KindRetryAfterTooLong rather than parking the worker.
	MaxRetryAfter time.Duration

	// RequestsPerSecond and Burst set the token bucket per origin (scheme,
	// host, port). A robots.txt Crawl-delay can only lower the rate.
	RequestsPerSecond float64
	Burst             int
	// Concurrency caps in-flight requests per origin.
	Concurrency int

	// RobotsTTL is how long a fetched robots.txt is trusted. RFC 9309 asks
	// crawlers not to cache it for more than 24 hours.
	RobotsTTL time.Duration
	// IgnoreRobots skips robots.txt entirely. It exists for shops that have
	// given us written permission; turning it on is the operator's
	// responsibility, and rate and concurrency limits still apply.
	IgnoreRobots bool
	// AllowLocal turns off the SSRF guard so loopback and private addresses
	// can be dialed: for tests and the local shop simulator only.
	AllowLocal bool
}

// DefaultConfig returns the polite defaults: 1 request per second and 2 in
// flight per origin, 4 retries, 10 MiB bodies, 5 redirects, robots.txt
// honoured and the SSRF guard on. ContactURL is left empty on purpose.
func DefaultConfig() Config {
	return Config{
		UserAgent:         DefaultProduct + "/dev",
		ConnectTimeout:    10 * time.Second,
		Timeout:           30 * time.Second,
		MaxBodyBytes:      10 << 20,
		MaxRedirects:      5,
		MaxRetries:        4,
		BackoffBase:       500 * time.Millisecond,
		BackoffMax:        30 * time.Second,
		MaxRetryAfter:     5 * time.Minute,
		RequestsPerSecond: 1,
		Burst:             1,
		Concurrency:       2,
		RobotsTTL:         24 * time.Hour,
	}
}

// Validate reports every field outside its allowed range, each error naming
// the field, the value and the range.
func (c Config) Validate() error {
	var errs []error
	bad := func(field string, value any, allowed string) {
		errs = append(errs, fmt.Errorf("fetch config: %s = %v, want %s", field, value, allowed))
	}
	if !validProductToken(c.UserAgent) {
		bad("UserAgent", fmt.Sprintf("%q", c.UserAgent), `"Product/version" with a product of letters, "_" or "-" and a version of token characters`)
	}
	if u, err := url.Parse(c.ContactURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		bad("ContactURL", fmt.Sprintf("%q", c.ContactURL), "an absolute http(s) URL")
	}
	durations := []struct {
		field    string
		v        time.Duration
		min, max time.Duration
	}{
		{"ConnectTimeout", c.ConnectTimeout, 10 * time.Millisecond, time.Minute},
		{"Timeout", c.Timeout, 100 * time.Millisecond, 10 * time.Minute},
		{"BackoffBase", c.BackoffBase, time.Millisecond, time.Minute},
		{"BackoffMax", c.BackoffMax, time.Millisecond, 10 * time.Minute},
		{"MaxRetryAfter", c.MaxRetryAfter, time.Second, time.Hour},
		{"RobotsTTL", c.RobotsTTL, time.Minute, 24 * time.Hour},
	}
	for _, d := range durations {
		if d.v < d.min || d.v > d.max {
			bad(d.field, d.v, fmt.Sprintf("[%v, %v]", d.min, d.max))
		}
	}
	if c.ConnectTimeout > c.Timeout {
		bad("ConnectTimeout", c.ConnectTimeout, fmt.Sprintf("at most Timeout (%v)", c.Timeout))
	}
	if c.BackoffMax < c.BackoffBase {
		bad("BackoffMax", c.BackoffMax, fmt.Sprintf("at least BackoffBase (%v)", c.BackoffBase))
	}
	ints := []struct {
		field    string
		v        int64
		min, max int64
	}{
		{"MaxBodyBytes", c.MaxBodyBytes, 1 << 10, 1 << 30},
		{"MaxRedirects", int64(c.MaxRedirects), 0, 20},
		{"MaxRetries", int64(c.MaxRetries), 0, 10},
		{"Burst", int64(c.Burst), 1, 100},
		{"Concurrency", int64(c.Concurrency), 1, 64},
	}
	for _, n := range ints {
		if n.v < n.min || n.v > n.max {
			bad(n.field, n.v, fmt.Sprintf("[%d, %d]", n.min, n.max))
		}
	}
	if math.IsNaN(c.RequestsPerSecond) || c.RequestsPerSecond <= 0 || c.RequestsPerSecond > 100 {
		bad("RequestsPerSecond", c.RequestsPerSecond, "(0, 100]")
	}
	return errors.Join(errs...)
}

// headerValue is the User-Agent header: product, version and contact.
func (c Config) headerValue() string {
	return c.UserAgent + " (+" + c.ContactURL + ")"
}

// robotsToken is the product part of UserAgent, matched against robots.txt
// user-agent lines.
func (c Config) robotsToken() string {
	product, _, _ := strings.Cut(c.UserAgent, "/")
	return product
}

// validProductToken accepts "Product/version": the product as RFC 9309
// requires for robots matching, the version as an RFC 9110 token.
func validProductToken(s string) bool {
	product, version, ok := strings.Cut(s, "/")
	if !ok || product == "" || version == "" {
		return false
	}
	for _, r := range product {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == '-') {
			return false
		}
	}
	for _, r := range version {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return true
}
