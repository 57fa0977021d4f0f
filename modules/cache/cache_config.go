package cache

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The ranges Validate allows.
const (
	minTimeout       = time.Millisecond
	maxTimeout       = time.Minute
	minGenerationTTL = 10 * time.Millisecond
	maxGenerationTTL = time.Hour
	minEntries       = 1
	maxEntries       = 10_000_000
	maxPrefixLen     = 200
)

// Config tunes a cache. Start from DefaultConfig; zero values are not
// replaced by defaults.
type Config struct {
	// Prefix starts the name of every Redis key the cache uses, so that
	// deployments and tests sharing a server never collide. Memory ignores
	// it.
	Prefix string
	// Timeout bounds each Redis call, on top of the caller's context: a
	// slow cache must cost a request little more than a miss. Memory
	// ignores it.
	Timeout time.Duration
	// GenerationTTL is how long a Redis instance keeps its client-side copy
	// of the generation. Redis pushes an invalidation of that copy to every
	// instance as soon as the generation changes, so this only bounds how
	// stale an instance can be when a push is lost (a broken connection
	// drops the copy anyway). Memory ignores it.
	GenerationTTL time.Duration
	// MaxEntries bounds Memory: past it, the least recently used entry is
	// dropped. Redis ignores it; bound Redis with maxmemory and TTLs.
	MaxEntries int
}

// DefaultConfig returns keys under "skatestock:cache:", 50 ms per Redis
// call, a generation trusted for 5 s without an invalidation push, and
// 10,000 entries in memory.
func DefaultConfig() Config {
	return Config{
		Prefix:        "skatestock:cache:",
		Timeout:       50 * time.Millisecond,
		GenerationTTL: 5 * time.Second,
		MaxEntries:    10_000,
	}
}

// Validate reports every field outside its range, each error naming the
// field, the value and the range, and wrapping catalog.ErrInvalid.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w cache config: "+format, append([]any{catalog.ErrInvalid}, args...)...))
	}
	if err := checkPrefix(c.Prefix); err != nil {
		bad("Prefix = %q %v", c.Prefix, err)
	}
	if c.Timeout < minTimeout || c.Timeout > maxTimeout {
		bad("Timeout = %v, want [%v, %v]", c.Timeout, minTimeout, maxTimeout)
	}
	if c.GenerationTTL < minGenerationTTL || c.GenerationTTL > maxGenerationTTL {
		bad("GenerationTTL = %v, want [%v, %v]", c.GenerationTTL, minGenerationTTL, maxGenerationTTL)
	}
	if c.MaxEntries < minEntries || c.MaxEntries > maxEntries {
		bad("MaxEntries = %d, want [%d, %d]", c.MaxEntries, minEntries, maxEntries)
	}
	return errors.Join(errs...)
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

// checkTTL rejects the TTLs Set cannot honour.
func checkTTL(ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("%w ttl %v: want a positive duration", catalog.ErrInvalid, ttl)
	}
	return nil
}
