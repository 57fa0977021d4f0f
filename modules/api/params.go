package api

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds on what a query may hold, so that parsing and the store's work stay
// small whatever a client sends.
const (
	maxQueryPairs  = 64
	maxParamValues = 20  // values of one repeatable filter
	maxParamRunes  = 200 // runes of one value
)

// params reads a query string strictly: unknown names, repeated single
// values, empty values and malformed encodings are refused, and every
// problem is collected so one 400 names them all.
type params struct {
	values  url.Values
	invalid []InvalidParam
}

// parseParams decodes raw and refuses names outside allowed. Go's
// url.ParseQuery is not used because its errors do not say which parameter
// is malformed.
func parseParams(raw string, allowed ...string) *params {
	p := &params{values: url.Values{}}
	if raw == "" {
		return p
	}
	pairs := strings.Split(raw, "&")
	if len(pairs) > maxQueryPairs {
		p.fail("query", fmt.Sprintf("has %d parameters, at most %d allowed", len(pairs), maxQueryPairs))
		return p
	}
	var unknown []string
	for _, pair := range pairs {
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil || strings.Contains(rawKey, ";") || !utf8.ValidString(key) {
			p.fail(printable(rawKey), "is not a valid URL-encoded parameter name")
			continue
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil || strings.Contains(rawValue, ";") {
			p.fail(printable(key), "is not valid URL encoding")
			continue
		}
		if !slices.Contains(allowed, key) {
			if !slices.Contains(unknown, key) {
				unknown = append(unknown, key)
			}
			continue
		}
		p.values[key] = append(p.values[key], value)
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		p.fail(printable(k), "is not a parameter of this endpoint; allowed: "+strings.Join(allowed, ", "))
	}
	return p
}

// printable bounds and cleans a client-supplied name before it is echoed in
// a problem.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 64 {
		s = string([]rune(s)[:64]) + "…"
	}
	if s == "" {
		return "(empty name)"
	}
	return s
}

func (p *params) fail(name, reason string) {
	p.invalid = append(p.invalid, InvalidParam{Name: name, Reason: reason})
}

// err returns the 400 naming every refused parameter, or nil.
func (p *params) err() error {
	if len(p.invalid) == 0 {
		return nil
	}
	return badParams(p.invalid...)
}

// text returns the one value of name after checking it is a sane string;
// ok is false when absent or refused.
func (p *params) text(name string) (string, bool) {
	vs := p.values[name]
	switch {
	case len(vs) == 0:
		return "", false
	case len(vs) > 1:
		p.fail(name, "must be given at most once")
		return "", false
	}
	if reason := checkValue(vs[0]); reason != "" {
		p.fail(name, reason)
		return "", false
	}
	return vs[0], true
}

// list returns the values of a repeatable name, each checked.
func (p *params) list(name string) []string {
	vs := p.values[name]
	if len(vs) > maxParamValues {
		p.fail(name, fmt.Sprintf("is given %d times, at most %d allowed", len(vs), maxParamValues))
		return nil
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if reason := checkValue(v); reason != "" {
			p.fail(name, reason)
			return nil
		}
		out = append(out, v)
	}
	return out
}

// checkValue refuses empty, oversized and non-text values.
func checkValue(v string) string {
	switch {
	case strings.TrimSpace(v) == "":
		return "must not be empty"
	case !utf8.ValidString(v):
		return "must be valid UTF-8"
	case utf8.RuneCountInString(v) > maxParamRunes:
		return fmt.Sprintf("must be at most %d characters", maxParamRunes)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return "must not contain control characters"
	}
	return ""
}

// intRange returns name as an integer in [lo, hi], def when absent.
func (p *params) intRange(name string, lo, hi, def int) int {
	s, ok := p.text(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi || !isDigits(s) {
		p.fail(name, fmt.Sprintf("must be a whole number from %d to %d", lo, hi))
		return def
	}
	return n
}

// boolean returns name as true or false.
func (p *params) boolean(name string) bool {
	s, ok := p.text(name)
	if !ok {
		return false
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	p.fail(name, "must be true or false")
	return false
}

// instant returns name as an RFC 3339 time or a YYYY-MM-DD date (UTC
// midnight), nil when absent.
func (p *params) instant(name string) *time.Time {
	s, ok := p.text(name)
	if !ok {
		return nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t = t.UTC()
		return &t
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return &t
	}
	p.fail(name, "must be an RFC 3339 time such as 2025-01-31T12:00:00Z or a date such as 2025-01-31")
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseFixed parses an unsigned decimal with at most decimals fraction
// digits into an integer scaled by 10^decimals ("12.5", 2 → 1250). It is
// exact: no float is involved.
func parseFixed(s string, decimals int) (int64, bool) {
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" || (hasPoint && frac == "") || !isDigits(whole) || (frac != "" && !isDigits(frac)) {
		return 0, false
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > decimals || len(whole) > 15 {
		return 0, false
	}
	n, err := strconv.ParseInt(whole+frac+strings.Repeat("0", decimals-len(frac)), 10, 64)
	return n, err == nil
}

// canonicalQuery is v encoded with names and each name's values sorted, so
// equivalent queries share a cache key and a next link.
func canonicalQuery(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := slices.Clone(v[k])
		slices.Sort(vs)
		for _, x := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(x))
		}
	}
	return b.String()
}
