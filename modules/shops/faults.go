package shops

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// FaultMode is one way a simulated shop misbehaves, named as on the command
// line ("--fault shop=slow,429").
type FaultMode string

// The fault modes. Faults never touch /robots.txt: a crawler that cannot
// read it must stay away from the whole shop (RFC 9309), which would hide
// every other fault. Which requests a mode hits is decided by the shop's
// request counter (robots.txt not counted), never by chance, so a test
// replaying the same requests sees the same faults.
const (
	// FaultSlow delays every response by Faults.SlowDelay; the wait ends
	// early when the client goes away or the simulator shuts down.
	FaultSlow FaultMode = "slow"
	// FaultRateLimit answers every Faults.RateLimitEvery-th request with
	// 429 Too Many Requests and a Retry-After of Faults.RetryAfter.
	FaultRateLimit FaultMode = "429"
	// FaultUnavailable answers Faults.BurstLength consecutive requests
	// with 503 at the start of every Faults.BurstPeriod requests, then
	// recovers: requests 1-3, 21-23, 41-43... with the defaults.
	FaultUnavailable FaultMode = "5xx"
	// FaultMalformed serves a syntax error: a stray comma in JSON (and in
	// the ld+json blocks of HTML pages), an unclosed element in XML.
	FaultMalformed FaultMode = "malformed"
	// FaultHTML serves a Cloudflare-style "Just a moment..." challenge page
	// with status 200 and text/html instead of the document.
	FaultHTML FaultMode = "html"
	// FaultTruncated cuts the body in half: on odd hits the Content-Length
	// still announces the whole body and the connection is dropped, on even
	// hits the cut body is sent with a matching Content-Length.
	FaultTruncated FaultMode = "truncated"
	// FaultHuge pads the document with Faults.HugeBytes of white space, so
	// it stays well-formed but exceeds a scraper's body cap.
	FaultHuge FaultMode = "huge"
	// FaultRedirect answers 302 to the same path on another host:
	// Faults.RedirectHost, or localhost at the next simulated shop's port.
	FaultRedirect FaultMode = "redirect"
	// FaultBadPrice publishes an unusable price ("NaN", "-5.00", "1e3" or
	// "") for the first variant of about one listing in eight, picked by a
	// hash of the listing, on every response; all other prices stay good.
	FaultBadPrice FaultMode = "badprice"
)

// FaultModes lists every fault mode, in the order they are documented.
func FaultModes() []FaultMode {
	return []FaultMode{
		FaultSlow, FaultRateLimit, FaultUnavailable, FaultMalformed, FaultHTML,
		FaultTruncated, FaultHuge, FaultRedirect, FaultBadPrice,
	}
}

// contentModes are the modes that replace or spoil a document on every
// Faults.Every-th request; several active ones take turns.
var contentModes = []FaultMode{FaultRedirect, FaultHTML, FaultMalformed, FaultTruncated, FaultHuge}

// Faults is how one shop misbehaves. The zero value is a healthy shop; zero
// tuning fields take the defaults named on each. The modes that replace a response
// are checked in a fixed order per request: a 5xx burst, then 429, then the
// content modes; slow delays whatever is sent.
type Faults struct {
	Modes []FaultMode // active modes

	SlowDelay      time.Duration // slow: delay per response; default 2s
	RateLimitEvery int           // 429: every Nth request; default 3
	RetryAfter     time.Duration // 429: Retry-After, in whole seconds; default 1s
	BurstLength    int           // 5xx: consecutive 503s per burst; default 3
	BurstPeriod    int           // 5xx: a burst starts every Nth request; default 20
	// Every is how often the content modes (redirect, html, malformed,
	// truncated, huge) hit: every Nth request, default 2. When several are
	// active they take turns in that order.
	Every        int
	HugeBytes    int    // huge: padding bytes; default 12 MiB
	RedirectHost string // redirect: host[:port] to send clients to; default localhost:<next shop's port>
}

// Fault defaults.
const (
	defaultSlowDelay   = 2 * time.Second
	defaultRateEvery   = 3
	defaultRetryAfter  = time.Second
	defaultBurstLength = 3
	defaultBurstPeriod = 20
	defaultEvery       = 2
	defaultHugeBytes   = 12 << 20
)

// Has reports whether mode is active.
func (f Faults) Has(mode FaultMode) bool { return slices.Contains(f.Modes, mode) }

// withDefaults fills the zero tuning fields.
func (f Faults) withDefaults() Faults {
	f.Modes = slices.Clone(f.Modes)
	setDefault(&f.SlowDelay, defaultSlowDelay)
	setDefault(&f.RateLimitEvery, defaultRateEvery)
	setDefault(&f.RetryAfter, defaultRetryAfter)
	setDefault(&f.BurstLength, defaultBurstLength)
	setDefault(&f.BurstPeriod, defaultBurstPeriod)
	setDefault(&f.Every, defaultEvery)
	setDefault(&f.HugeBytes, defaultHugeBytes)
	return f
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// validate checks f after defaults; field names the map entry in errors.
func (f Faults) validate(field string) error {
	for _, m := range f.Modes {
		if !slices.Contains(FaultModes(), m) {
			return invalidf(field+".modes", fmt.Sprintf("%q", m), "one of "+modeList())
		}
	}
	checks := []struct {
		name    string
		bad     bool
		value   any
		allowed string
	}{
		{"slow_delay", f.SlowDelay < 0 || f.SlowDelay > 10*time.Minute, f.SlowDelay, "0 (default 2s) to 10m"},
		{"rate_limit_every", f.RateLimitEvery < 1, f.RateLimitEvery, ">= 1"},
		{"retry_after", f.RetryAfter < time.Second || f.RetryAfter > time.Hour || f.RetryAfter%time.Second != 0, f.RetryAfter, "whole seconds from 1s to 1h"},
		{"burst_period", f.BurstPeriod < 1, f.BurstPeriod, ">= 1"},
		{"burst_length", f.BurstLength < 1 || f.BurstLength > f.BurstPeriod, f.BurstLength, fmt.Sprintf("1 to burst_period (%d)", f.BurstPeriod)},
		{"every", f.Every < 1, f.Every, ">= 1"},
		{"huge_bytes", f.HugeBytes < 1 || f.HugeBytes > 1<<30, f.HugeBytes, "1 to 1 GiB"},
	}
	for _, c := range checks {
		if c.bad {
			return invalidf(field+"."+c.name, fmt.Sprint(c.value), c.allowed)
		}
	}
	if strings.ContainsAny(f.RedirectHost, "/?#@ \t") {
		return invalidf(field+".redirect_host", fmt.Sprintf("%q", f.RedirectHost), "a host or host:port")
	}
	return nil
}

func modeList() string {
	names := make([]string, 0, len(FaultModes()))
	for _, m := range FaultModes() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}

// invalidf builds a config error wrapping catalog.ErrInvalid that names the
// field, its value and what is allowed.
func invalidf(field, value, allowed string) error {
	return fmt.Errorf("%w shops.%s: %s, want %s", catalog.ErrInvalid, field, value, allowed)
}

// ParseFaults reads a comma-separated fault list, the part after "=" in
// "--fault shop=slow,429". Each item is a mode with an optional parameter:
//
//	slow[:DURATION]          delay, e.g. slow:500ms (default 2s)
//	429[:N]                  every Nth request (default 3)
//	5xx[:N[/P]]              N consecutive 503s in every P requests (default 3/20)
//	redirect[:HOST]          302 to HOST (default localhost:<next shop's port>)
//	html, malformed, truncated, huge [:N]   every Nth request (default 2; one N for all four and redirect)
//	badprice
//
// "" and "none" mean no faults. The result has its defaults filled in.
func ParseFaults(s string) (Faults, error) {
	var f Faults
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return f.withDefaults(), nil
	}
	for item := range strings.SplitSeq(s, ",") {
		name, param, hasParam := strings.Cut(strings.TrimSpace(item), ":")
		mode := FaultMode(strings.ToLower(name))
		if err := f.parseParam(mode, param, hasParam); err != nil {
			return Faults{}, fmt.Errorf("parse fault %q: %w", item, err)
		}
		if !f.Has(mode) {
			f.Modes = append(f.Modes, mode)
		}
	}
	f = f.withDefaults()
	if err := f.validate("faults"); err != nil {
		return Faults{}, fmt.Errorf("parse faults %q: %w", s, err)
	}
	return f, nil
}

// parseParam applies one item's parameter to f.
func (f *Faults) parseParam(mode FaultMode, param string, has bool) error {
	if !slices.Contains(FaultModes(), mode) {
		return invalidf("faults.modes", fmt.Sprintf("%q", mode), "one of "+modeList())
	}
	if !has {
		return nil
	}
	switch mode {
	case FaultSlow:
		d, err := time.ParseDuration(param)
		if err != nil || d <= 0 {
			return invalidf("faults.slow_delay", fmt.Sprintf("%q", param), "a positive duration such as 500ms")
		}
		f.SlowDelay = d
	case FaultRateLimit:
		return parseCount(&f.RateLimitEvery, "rate_limit_every", param)
	case FaultUnavailable:
		n, p, hasP := strings.Cut(param, "/")
		if err := parseCount(&f.BurstLength, "burst_length", n); err != nil {
			return err
		}
		if hasP {
			return parseCount(&f.BurstPeriod, "burst_period", p)
		}
	case FaultRedirect:
		if param == "" {
			return invalidf("faults.redirect_host", `""`, "a host or host:port")
		}
		f.RedirectHost = param
	case FaultBadPrice:
		return invalidf("faults.badprice", fmt.Sprintf("%q", param), "no parameter")
	default: // html, malformed, truncated, huge share Every
		prev := f.Every
		if err := parseCount(&f.Every, "every", param); err != nil {
			return err
		}
		if prev != 0 && prev != f.Every {
			return invalidf("faults.every", param, fmt.Sprintf("the same N as before (%d): content faults share one period", prev))
		}
	}
	return nil
}

func parseCount(dst *int, field, s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return invalidf("faults."+field, fmt.Sprintf("%q", s), "a whole number >= 1")
	}
	*dst = n
	return nil
}

// ParseFaultFlag reads one "--fault" value, "shop=mode,mode", into the shop
// slug ("*" means every shop) and its faults.
func ParseFaultFlag(s string) (shop string, f Faults, err error) {
	shop, list, ok := strings.Cut(s, "=")
	shop = strings.TrimSpace(shop)
	if !ok || (shop != "*" && !catalog.ValidSlug(shop)) {
		return "", Faults{}, invalidf("fault", fmt.Sprintf("%q", s), `"shop=mode,mode" with a shop slug or "*"`)
	}
	f, err = ParseFaults(list)
	if err != nil {
		return "", Faults{}, fmt.Errorf("parse fault flag for %s: %w", shop, err)
	}
	return shop, f, nil
}

// ParseFaultFlags reads repeated "--fault" values into Config.Faults. A shop
// named twice is an error rather than a silent override.
func ParseFaultFlags(values []string) (map[string]Faults, error) {
	out := make(map[string]Faults, len(values))
	for _, v := range values {
		shop, f, err := ParseFaultFlag(v)
		if err != nil {
			return nil, err
		}
		if _, dup := out[shop]; dup {
			return nil, invalidf("fault", fmt.Sprintf("%q", v), "each shop named once")
		}
		out[shop] = f
	}
	return out, nil
}
