package ratelimit

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// FallbackLogInterval is the least time between two "falling back" log
// lines of one Fallback: an outage during a busy hour must not log once per
// request.
const FallbackLogInterval = 30 * time.Second

// Stats is a snapshot of a Fallback's counters since it was built.
// Counters only grow; the API exports them as Prometheus counters.
type Stats struct {
	Allowed uint64 // requests allowed, by either limiter
	Refused uint64 // requests refused, by either limiter
	// Failures counts calls the primary limiter failed and the fallback
	// answered, except those failing because the caller's ctx was done.
	Failures uint64
}

// Fallback is the Limiter the API uses: it asks the primary limiter (Redis,
// shared by every instance) and, when that fails, the fallback (a Memory of
// the same Config, per instance). During an outage each instance then
// enforces the limit on its own: N instances allow up to N times the rate,
// which loosens the limit without lifting it, and without refusing
// everyone because Redis is away. It recovers by itself: the next call the
// primary answers is passed through (rueidis reconnects on its own).
//
// Fallback fails only when the caller's ctx is done, or when the fallback
// fails too. Failures are logged at most once per FallbackLogInterval, with
// how many were not logged, and the first answered call after a logged
// outage logs the recovery.
//
// Fallback is safe for concurrent use if both limiters are.
type Fallback struct {
	primary, fallback Limiter
	log               *slog.Logger
	now               func() time.Time // time.Now; replaced in tests
	allowed, refused  atomic.Uint64
	failures          atomic.Uint64

	failing    atomic.Bool // an outage is under way; set under mu, read without it
	mu         sync.Mutex
	lastLog    time.Time // guarded by mu: when the last failure line was written
	suppressed uint64    // guarded by mu: failures not logged since lastLog
	outage     uint64    // guarded by mu: failures since the last answered call
}

var _ Limiter = (*Fallback)(nil)

// NewFallback asks primary, and fallback when primary fails. log receives
// the rate-limited failure lines; nil discards them.
func NewFallback(primary, fallback Limiter, log *slog.Logger) *Fallback {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Fallback{primary: primary, fallback: fallback, log: log.With("module", "ratelimit"), now: time.Now}
}

// Allow implements Limiter.
func (f *Fallback) Allow(ctx context.Context, key string) (Decision, error) {
	d, err := f.primary.Allow(ctx, key)
	if err == nil {
		if f.failing.Load() {
			f.recovered()
		}
		return f.count(d), nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		// Not a failure: the caller gave up, the limiter did not.
		return Decision{}, fmt.Errorf("ratelimit fallback: %w", ctxErr)
	}
	f.failures.Add(1)
	f.failed(err)
	d, err = f.fallback.Allow(ctx, key)
	if err != nil {
		return Decision{}, fmt.Errorf("ratelimit fallback: %w", err)
	}
	return f.count(d), nil
}

func (f *Fallback) count(d Decision) Decision {
	if d.Allowed {
		f.allowed.Add(1)
	} else {
		f.refused.Add(1)
	}
	return d
}

// Stats returns a snapshot of the counters.
func (f *Fallback) Stats() Stats {
	return Stats{Allowed: f.allowed.Load(), Refused: f.refused.Load(), Failures: f.failures.Load()}
}

func (f *Fallback) failed(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failing.Store(true)
	f.outage++
	now := f.now()
	if !f.lastLog.IsZero() && now.Sub(f.lastLog) < FallbackLogInterval {
		f.suppressed++
		return
	}
	f.log.Warn("rate limiter failing, limiting per instance", "error", err,
		"failed_calls", f.outage, "not_logged", f.suppressed, "next_log_after", FallbackLogInterval)
	f.lastLog, f.suppressed = now, 0
}

func (f *Fallback) recovered() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.failing.Load() {
		return // another call got here first
	}
	f.log.Info("rate limiter recovered", "failed_calls", f.outage)
	f.failing.Store(false)
	f.outage = 0
}
