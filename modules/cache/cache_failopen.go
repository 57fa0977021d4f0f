package cache

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// FailOpenLogInterval is the least time between two "cache failing" log
// lines of one FailOpen: an outage during a busy hour must not log once per
// request.
const FailOpenLogInterval = 30 * time.Second

// Stats is a snapshot of a FailOpen's counters since it was built. Counters
// only grow; the API exports them as Prometheus counters.
type Stats struct {
	Hits   uint64 // lookups answered with a value
	Misses uint64 // lookups answered without one, failed lookups included
	// Failures counts calls to the wrapped cache that failed, whatever the
	// method, except those failing because the caller's ctx was done.
	// Failures are logged at most once per FailOpenLogInterval, and the
	// first answered call after them logs the recovery.
	Failures      uint64
	Invalidations uint64 // Invalidate calls that succeeded
}

// FailOpen is the cache the API uses: a Generational whose failures cost
// misses, never errors. Get answers a miss when the wrapped cache fails,
// Set and SetIn drop the value, and Fetch computes it; only a done ctx is
// returned as an error, since that is the caller stopping.
//
// Invalidate is the exception: it returns the wrapped cache's error,
// because the caller must retry (not commit the price updates it was
// invalidating for) or values older than those updates stay reachable.
// FailOpen also remembers the failure: until an Invalidate succeeds, every
// call first retries it and answers as if the cache were empty, so that this
// instance never serves a value from before the lost invalidation, and the
// first call after Redis recovers bumps the generation for every instance.
//
// FailOpen is safe for concurrent use if the wrapped cache is.
type FailOpen struct {
	next  Generational
	log   *slog.Logger
	now   func() time.Time // time.Now; replaced in tests
	stats struct{ hits, misses, failures, invalidations atomic.Uint64 }

	pending  atomic.Bool // an Invalidate failed and has not succeeded since
	retrying sync.Mutex  // held by the one call retrying it

	failing    atomic.Bool // an outage is under way; set under mu, read without it
	mu         sync.Mutex
	lastLog    time.Time // guarded by mu: when the last failure line was written
	suppressed uint64    // guarded by mu: failures not logged since lastLog
	outage     uint64    // guarded by mu: failures since the last answered call
}

var _ Generational = (*FailOpen)(nil)

// NewFailOpen wraps next. log receives the rate-limited failure lines; nil
// discards them.
func NewFailOpen(next Generational, log *slog.Logger) *FailOpen {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &FailOpen{next: next, log: log.With("module", "cache"), now: time.Now}
}

// Fetch returns the value under key, or on a miss the value fill returns,
// stored for ttl in the generation current before fill ran: if an
// Invalidate lands while fill reads the database, the value is not cached
// (it may predate the update). The only errors are fill's and a
// non-positive ttl; a failing cache makes every call a miss and costs at
// most one Config.Timeout. Concurrent misses on one key each call fill.
// The value is read-only, as Lookup's: a hit shares the cache's own copy.
func (f *FailOpen) Fetch(ctx context.Context, key string, ttl time.Duration, fill func(context.Context) ([]byte, error)) ([]byte, error) {
	if err := checkTTL(ttl); err != nil {
		return nil, fmt.Errorf("cache fetch: %w", err) // a bug in the caller, not an outage
	}
	gen, value, ok, usable := f.lookup(ctx, key)
	if ok {
		return value, nil
	}
	f.stats.misses.Add(1)
	value, err := fill(ctx)
	if err != nil {
		return nil, err
	}
	if usable {
		if err := f.next.SetIn(ctx, gen, key, value, ttl); err != nil {
			f.failed(ctx, "set", err)
		}
	}
	return value, nil
}

// lookup is Lookup counting hits, and reporting in usable whether the
// cache may be written after a miss (it answered, and no Invalidate is
// pending). Misses are counted by the caller, which may still be
// answered by a fill.
func (f *FailOpen) lookup(ctx context.Context, key string) (gen Generation, value []byte, ok, usable bool) {
	if !f.retryInvalidate(ctx) {
		return 0, nil, false, false
	}
	gen, value, ok, err := f.next.Lookup(ctx, key)
	if err != nil {
		f.failed(ctx, "lookup", err)
		return 0, nil, false, false
	}
	f.answered()
	if ok {
		f.stats.hits.Add(1)
	}
	return gen, value, ok, true
}

// Lookup implements Generational, answering a miss in generation 0 when
// the wrapped cache fails (SetIn into it stores nothing).
func (f *FailOpen) Lookup(ctx context.Context, key string) (Generation, []byte, bool, error) {
	gen, value, ok, _ := f.lookup(ctx, key)
	if !ok {
		f.stats.misses.Add(1)
	}
	if err := ctx.Err(); err != nil {
		return 0, nil, false, fmt.Errorf("cache lookup: %w", err)
	}
	return gen, value, ok, nil
}

// Get implements Cache, answering a miss when the wrapped cache fails.
func (f *FailOpen) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if f.retryInvalidate(ctx) {
		value, ok, err := f.next.Get(ctx, key)
		if err == nil {
			f.answered()
			if ok {
				f.stats.hits.Add(1)
			} else {
				f.stats.misses.Add(1)
			}
			return value, ok, nil
		}
		f.failed(ctx, "get", err)
	}
	f.stats.misses.Add(1)
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("cache get: %w", err)
	}
	return nil, false, nil
}

// Set implements Cache, dropping the value when the wrapped cache fails.
func (f *FailOpen) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return f.set(ctx, ttl, func() error { return f.next.Set(ctx, key, value, ttl) })
}

// SetIn implements Generational, dropping the value when the wrapped cache
// fails.
func (f *FailOpen) SetIn(ctx context.Context, gen Generation, key string, value []byte, ttl time.Duration) error {
	return f.set(ctx, ttl, func() error { return f.next.SetIn(ctx, gen, key, value, ttl) })
}

func (f *FailOpen) set(ctx context.Context, ttl time.Duration, store func() error) error {
	if err := checkTTL(ttl); err != nil {
		return fmt.Errorf("cache set: %w", err) // a bug in the caller, not an outage
	}
	if f.retryInvalidate(ctx) {
		if err := store(); err != nil {
			f.failed(ctx, "set", err)
		} else {
			f.answered()
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("cache set: %w", err)
	}
	return nil
}

// Generation implements Generational. It fails when the wrapped cache does:
// there is no generation to make up.
func (f *FailOpen) Generation(ctx context.Context) (Generation, error) {
	gen, err := f.next.Generation(ctx)
	if err != nil {
		f.failed(ctx, "generation", err)
		return 0, fmt.Errorf("cache generation: %w", err)
	}
	return gen, nil
}

// Invalidate implements Cache and returns the wrapped cache's error; see
// FailOpen.
func (f *FailOpen) Invalidate(ctx context.Context) error {
	if err := f.next.Invalidate(ctx); err != nil {
		f.pending.Store(true)
		f.failed(ctx, "invalidate", err)
		return fmt.Errorf("cache invalidate: %w", err)
	}
	f.pending.Store(false)
	f.stats.invalidations.Add(1)
	f.answered()
	return nil
}

// retryInvalidate retries a failed Invalidate and reports whether the cache
// may be used. Only one call retries at a time; the others meanwhile answer
// as if the cache were empty.
func (f *FailOpen) retryInvalidate(ctx context.Context) bool {
	if !f.pending.Load() {
		return true
	}
	if !f.retrying.TryLock() {
		return false
	}
	defer f.retrying.Unlock()
	if !f.pending.Load() {
		return true
	}
	if err := f.next.Invalidate(ctx); err != nil {
		f.failed(ctx, "invalidate", err)
		return false
	}
	f.pending.Store(false)
	f.stats.invalidations.Add(1)
	f.log.Info("cache invalidation retried")
	return true
}

// Stats returns a snapshot of the counters.
func (f *FailOpen) Stats() Stats {
	return Stats{
		Hits:          f.stats.hits.Load(),
		Misses:        f.stats.misses.Load(),
		Failures:      f.stats.failures.Load(),
		Invalidations: f.stats.invalidations.Load(),
	}
}

// failed counts and logs a failure of the wrapped cache, unless the caller
// gave up: that is not the cache failing.
func (f *FailOpen) failed(ctx context.Context, op string, err error) {
	if ctx.Err() != nil {
		return
	}
	f.stats.failures.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failing.Store(true)
	f.outage++
	now := f.now()
	if !f.lastLog.IsZero() && now.Sub(f.lastLog) < FailOpenLogInterval {
		f.suppressed++
		return
	}
	f.log.Warn("cache failing, serving misses", "op", op, "error", err,
		"failed_calls", f.outage, "not_logged", f.suppressed, "next_log_after", FailOpenLogInterval)
	f.lastLog, f.suppressed = now, 0
}

// answered notes a call the wrapped cache answered, ending an outage.
func (f *FailOpen) answered() {
	if !f.failing.Load() {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.failing.Load() {
		return // another call got here first
	}
	f.log.Info("cache recovered", "failed_calls", f.outage)
	f.failing.Store(false)
	f.outage = 0
}
