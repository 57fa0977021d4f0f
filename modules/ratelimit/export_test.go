package ratelimit

import (
	"time"

	"github.com/redis/rueidis"
)

// NewRedisWithClock is NewRedis with now in place of the server's clock, so
// that Redis and Memory can be run through the same timeline.
func NewRedisWithClock(cfg Config, client rueidis.Client, now func() time.Time) (*Redis, error) {
	r, err := NewRedis(cfg, client)
	if err != nil {
		return nil, err
	}
	r.now = now
	return r, nil
}

// Step is one gcra step, exported for table tests.
type Step struct {
	Allowed                           bool
	Remaining, RetryAfter, ResetAfter int64
	TAT                               int64
}

// GCRA runs gcra for a limit of interval and burst, in microseconds.
func GCRA(now, tat, interval, burst int64) Step {
	s := gcra(now, tat, gcraLimit{interval: interval, tolerance: interval * burst})
	return Step{s.allowed, s.remaining, s.retryAfter, s.resetAfter, s.tat}
}

// IntervalOf returns the emission interval, in microseconds, cfg enforces.
func IntervalOf(cfg Config) int64 { return cfg.limit().interval }

// StorageKey is storageKey.
func StorageKey(key string) string { return storageKey(key) }

// SetFallbackClock replaces f's clock.
func SetFallbackClock(f *Fallback, now func() time.Time) { f.now = now }
