package dedup

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// FailOpenLogInterval is the least time between two "failing open" log
// lines of one FailOpen: an outage during a busy hour must not log once
// per batch.
const FailOpenLogInterval = 30 * time.Second

// FailOpen is a Filter that never fails because its inner filter did: when
// the inner TestAndAdd returns an error (Redis down, hung past its timeout,
// refusing commands) FailOpen answers "not seen" for every key, without an
// error, so that the observations go on to the database, the final
// authority on duplicates. The price of an outage is extra writes, never a
// lost observation. It recovers by itself: the next call that the inner
// filter answers is passed through (rueidis reconnects on its own).
//
// Failures are counted in Stats and logged at most once per
// FailOpenLogInterval, with how many were not logged, and the first
// answered call after a logged outage logs that the filter recovered.
//
// FailOpen bounds nothing itself: the inner filter must honour ctx and its
// own timeout, as Redis does. When the caller's ctx is done, FailOpen
// returns its error like the other filters: that is the caller stopping,
// not the filter failing, and nothing would reach the database anyway.
//
// FailOpen is safe for concurrent use if the inner filter is.
type FailOpen struct {
	next  Filter
	log   *slog.Logger
	now   func() time.Time // time.Now; replaced in tests
	stats counters

	failing atomic.Bool // an outage is under way; set under mu, read without it

	mu         sync.Mutex
	lastLog    time.Time // when the last "failing open" line was written
	suppressed uint64    // failures not logged since then
	outage     uint64    // failures since the last answered call
	logged     bool      // this outage has been logged, so its end will be too
}

var _ Filter = (*FailOpen)(nil)

// NewFailOpen wraps next. log receives the rate-limited failure lines; nil
// discards them.
func NewFailOpen(next Filter, log *slog.Logger) *FailOpen {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &FailOpen{next: next, log: log, now: time.Now}
}

// TestAndAdd implements Filter, answering "not seen" for every key when the
// inner filter fails, and failing only when ctx is done.
func (f *FailOpen) TestAndAdd(ctx context.Context, keys [][]byte) ([]bool, error) {
	seen, err := f.next.TestAndAdd(ctx, keys)
	if err == nil && len(seen) != len(keys) {
		err = fmt.Errorf("dedup filter answered %d keys of %d", len(seen), len(keys))
	}
	if err == nil {
		f.stats.record(len(keys), seen, false)
		if f.failing.Load() {
			f.recovered()
		}
		return seen, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		// Not counted as a failure: the caller gave up, the filter did not.
		return nil, fmt.Errorf("dedup fail open: %w", ctxErr)
	}
	f.stats.record(len(keys), nil, true)
	f.failed(err)
	return make([]bool, len(keys)), nil
}

// Stats returns a snapshot of FailOpen's counters: Failures counts the calls
// answered "not seen" because the inner filter failed; their keys are in
// Keys but never in MaybeSeen.
func (f *FailOpen) Stats() Stats { return f.stats.snapshot() }

func (f *FailOpen) failed(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failing.Store(true)
	f.outage++
	now := f.now()
	if !f.lastLog.IsZero() && now.Sub(f.lastLog) < FailOpenLogInterval {
		f.suppressed++
		return
	}
	f.log.Warn("dedup filter failing open", "error", err,
		"failed_calls", f.outage, "not_logged", f.suppressed, "next_log_after", FailOpenLogInterval)
	f.lastLog, f.suppressed, f.logged = now, 0, true
}

func (f *FailOpen) recovered() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.failing.Load() {
		return // another call got here first
	}
	if f.logged {
		f.log.Info("dedup filter recovered", "failed_calls", f.outage)
	}
	f.failing.Store(false)
	f.outage, f.logged = 0, false
}
