package dedup

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/bits-and-blooms/bloom/v3"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The ranges Validate allows.
const (
	minExpectedItems = 1_000
	maxExpectedItems = 10_000_000_000
	minFalsePositive = 1e-9
	maxFalsePositive = 0.5
	minTimeout       = time.Millisecond
	maxTimeout       = time.Minute
	maxKeyPrefixLen  = 200
	// maxBits bounds the filter at 16 GiB, in memory or in Redis: beyond
	// that the configuration is a mistake, not a sizing.
	maxBits = 1 << 37
)

// Config sizes the filter. Start from DefaultConfig; zero values are not
// replaced by defaults.
//
// The filter holds m bits and sets k of them per key, m and k from
// bloom.EstimateParameters(ExpectedItems, FalsePositiveRate). The defaults
// give m = 143,775,876 bits and k = 10: 17,971,985 bytes (17.1 MiB) in
// process for Memory, and as much in Redis (18 bitmaps of at most 1 MiB).
// Memory grows linearly with ExpectedItems and with -ln(FalsePositiveRate).
type Config struct {
	// ExpectedItems is how many distinct keys the filter is sized for:
	// ingest adds a ContentKey per price state and a ListingKey per
	// variant's listing content it meets. Past it the filter keeps
	// working, but the false-positive rate climbs above FalsePositiveRate,
	// and with it the confirming lookups.
	ExpectedItems uint
	// FalsePositiveRate is the probability that a new key is answered
	// "maybe seen" once ExpectedItems keys are in the filter.
	FalsePositiveRate float64
	// KeyPrefix starts the name of every Redis key the filter uses, so that
	// deployments and tests sharing a server never collide. The rest of the
	// name encodes the geometry (m, k, bits per bitmap), so a change of
	// ExpectedItems or FalsePositiveRate starts a fresh filter instead of
	// reading bits laid out for another one. Memory ignores it.
	KeyPrefix string
	// Timeout bounds each Redis TestAndAdd call, on top of the caller's
	// context. Memory ignores it: it does no I/O.
	Timeout time.Duration
}

// DefaultConfig returns 10 million expected items at a 0.1% false-positive
// rate, keys under "skatestock:dedup" and a 50 ms timeout per call.
func DefaultConfig() Config {
	return Config{
		ExpectedItems:     10_000_000,
		FalsePositiveRate: 0.001,
		KeyPrefix:         "skatestock:dedup",
		Timeout:           50 * time.Millisecond,
	}
}

// Validate reports every field outside its range, each error naming the
// field, the value and the range, and wrapping catalog.ErrInvalid.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w dedup config: "+format, append([]any{catalog.ErrInvalid}, args...)...))
	}
	itemsOK := c.ExpectedItems >= minExpectedItems && c.ExpectedItems <= maxExpectedItems
	if !itemsOK {
		bad("ExpectedItems = %d, want [%d, %d]", c.ExpectedItems, minExpectedItems, uint64(maxExpectedItems))
	}
	// Written so that NaN fails too.
	rateOK := c.FalsePositiveRate >= minFalsePositive && c.FalsePositiveRate <= maxFalsePositive
	if !rateOK {
		bad("FalsePositiveRate = %g, want [%g, %g]", c.FalsePositiveRate, minFalsePositive, maxFalsePositive)
	}
	if itemsOK && rateOK {
		if m, _ := c.Geometry(); m > maxBits {
			bad("ExpectedItems = %d with FalsePositiveRate = %g needs %d bytes, want at most %d (16 GiB)",
				c.ExpectedItems, c.FalsePositiveRate, m/8, uint64(maxBits/8))
		}
	}
	if err := checkKeyPrefix(c.KeyPrefix); err != nil {
		bad("KeyPrefix = %q %v", c.KeyPrefix, err)
	}
	if c.Timeout < minTimeout || c.Timeout > maxTimeout {
		bad("Timeout = %v, want [%v, %v]", c.Timeout, minTimeout, maxTimeout)
	}
	return errors.Join(errs...)
}

// Geometry returns the filter's size in bits (m) and the number of bits set
// per key (k). It is meaningful only for a valid Config.
func (c Config) Geometry() (bits uint64, hashes uint) {
	m, k := bloom.EstimateParameters(c.ExpectedItems, c.FalsePositiveRate)
	return uint64(m), k
}

// checkKeyPrefix rejects prefixes that would make keys hard to name in
// redis-cli or to match with SCAN: empty, long, or holding spaces or
// control characters.
func checkKeyPrefix(p string) error {
	if p == "" {
		return errors.New("is empty, want 1-200 printable characters without spaces")
	}
	if len(p) > maxKeyPrefixLen {
		return fmt.Errorf("is %d bytes long, want at most %d", len(p), maxKeyPrefixLen)
	}
	if i := strings.IndexFunc(p, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r) || r == unicode.ReplacementChar
	}); i >= 0 {
		return fmt.Errorf("has a space or control character at byte %d, want printable characters only", i)
	}
	return nil
}

// checkedGeometry validates c and returns its geometry, for constructors.
func checkedGeometry(c Config) (bits uint64, hashes uint, err error) {
	if err := c.Validate(); err != nil {
		return 0, 0, err
	}
	m, k := c.Geometry()
	if m == 0 || k == 0 || m > math.MaxInt64 {
		// EstimateParameters cannot return these for a valid Config; guard
		// anyway, since a zero m would divide by zero.
		return 0, 0, fmt.Errorf("%w dedup config: geometry m = %d, k = %d", catalog.ErrInvalid, m, k)
	}
	return m, k, nil
}
