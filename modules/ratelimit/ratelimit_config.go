package ratelimit

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The ranges Validate allows. With them every quantity of the algorithm,
// in microseconds, stays below 2^53, where the Lua script's numbers
// (doubles) are still exact integers: the emission interval is at most
// 10^9 µs, the tolerance at most 10^15 µs (31.7 years), and a TAT at most
// now + tolerance, below 2^53 µs after 1970 until the 23rd century.
const (
	minRate      = 0.001
	maxRate      = 1_000_000
	minBurst     = 1
	maxBurst     = 1_000_000
	minTimeout   = time.Millisecond
	maxTimeout   = time.Minute
	minKeys      = 1
	maxKeys      = 100_000_000
	maxPrefixLen = 200
)

// Config is one limit. Start from DefaultConfig; zero values are not
// replaced by defaults.
type Config struct {
	// Prefix starts the name of every Redis key the limiter uses. Two
	// limiters must not share one, or they would share their counts.
	// Memory ignores it.
	Prefix string
	// Rate is the sustained number of requests per second a key may make.
	Rate float64
	// Burst is how many requests a key may make at once, from rest.
	Burst int
	// Timeout bounds each Redis call, on top of the caller's context.
	// Memory ignores it.
	Timeout time.Duration
	// MaxKeys bounds how many keys Memory keeps. Keys at rest are dropped
	// first; past the bound, Memory drops some that are not at rest, which
	// forgives them their recent requests. Redis ignores it: its keys
	// expire once at rest.
	MaxKeys int
}

// DefaultConfig returns 10 requests per second with bursts of 20, keys
// under "skatestock:ratelimit:", 50 ms per Redis call and 100,000 keys in
// memory.
func DefaultConfig() Config {
	return Config{
		Prefix:  "skatestock:ratelimit:",
		Rate:    10,
		Burst:   20,
		Timeout: 50 * time.Millisecond,
		MaxKeys: 100_000,
	}
}

// Validate reports every field outside its range, each error naming the
// field, the value and the range, and wrapping catalog.ErrInvalid.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w ratelimit config: "+format, append([]any{catalog.ErrInvalid}, args...)...))
	}
	if err := checkPrefix(c.Prefix); err != nil {
		bad("Prefix = %q %v", c.Prefix, err)
	}
	// Written so that NaN fails too.
	if !(c.Rate >= minRate && c.Rate <= maxRate) {
		bad("Rate = %g, want [%g, %g] requests per second", c.Rate, float64(minRate), float64(maxRate))
	}
	if c.Burst < minBurst || c.Burst > maxBurst {
		bad("Burst = %d, want [%d, %d]", c.Burst, minBurst, maxBurst)
	}
	if c.Timeout < minTimeout || c.Timeout > maxTimeout {
		bad("Timeout = %v, want [%v, %v]", c.Timeout, minTimeout, maxTimeout)
	}
	if c.MaxKeys < minKeys || c.MaxKeys > maxKeys {
		bad("MaxKeys = %d, want [%d, %d]", c.MaxKeys, minKeys, maxKeys)
	}
	return errors.Join(errs...)
}

// limit returns the algorithm's parameters for a valid Config. The
// interval is rounded to a whole microsecond, so the rate actually
// enforced is 10^6 / round(10^6 / Rate) per second: 3.000003 for 3.
func (c Config) limit() gcraLimit {
	interval := int64(math.Round(1e6 / c.Rate))
	return gcraLimit{interval: interval, tolerance: interval * int64(c.Burst)}
}

// checkPrefix rejects prefixes that would make keys hard to name in
// redis-cli or to match with SCAN: empty, long, or holding spaces, control
// characters or glob characters.
func checkPrefix(p string) error {
	if p == "" {
		return errors.New("is empty, want 1-200 printable characters without spaces")
	}
	if len(p) > maxPrefixLen {
		return fmt.Errorf("is %d bytes long, want at most %d", len(p), maxPrefixLen)
	}
	if i := strings.IndexFunc(p, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r) || r == unicode.ReplacementChar || strings.ContainsRune(`*?[]\`, r)
	}); i >= 0 {
		return fmt.Errorf("has a space, control or glob character at byte %d, want printable characters only", i)
	}
	return nil
}
