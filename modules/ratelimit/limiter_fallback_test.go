package ratelimit_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/skatestock/skatestock/modules/ratelimit"
	"github.com/skatestock/skatestock/modules/ratelimit/ratelimittest"
)

var errDown = errors.New("redis down")

// flaky is a Limiter over Memory that fails every call while down is set.
type flaky struct {
	*ratelimit.Memory
	down atomic.Bool
}

func (f *flaky) Allow(ctx context.Context, key string) (ratelimit.Decision, error) {
	if f.down.Load() {
		return ratelimit.Decision{}, errDown
	}
	return f.Memory.Allow(ctx, key)
}

func TestFallback(t *testing.T) {
	cfg := ratelimit.DefaultConfig()
	cfg.Rate, cfg.Burst = 0.01, 2
	clock := clockwork.NewFakeClock()
	primary := &flaky{Memory: newMemory(t, cfg, clock)}
	secondary := newMemory(t, cfg, clock)
	logs := &recordedLogs{}
	f := ratelimit.NewFallback(primary, secondary, slog.New(logs))
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ratelimit.SetFallbackClock(f, func() time.Time { return now })

	ratelimittest.Allow(t, f, "k") // primary: 1 remaining
	primary.down.Store(true)
	for i, want := range []bool{true, true, false} { // the secondary's own burst
		if d := ratelimittest.Allow(t, f, "k"); d.Allowed != want {
			t.Errorf("during the outage, request %d: %+v; want allowed %v", i+1, d, want)
		}
	}
	now = now.Add(ratelimit.FallbackLogInterval)
	ratelimittest.Allow(t, f, "k")
	if n := logs.count("rate limiter failing, limiting per instance"); n != 2 {
		t.Errorf("%d failure lines for 4 failures over one FallbackLogInterval, want 2", n)
	}
	primary.down.Store(false)
	if d := ratelimittest.Allow(t, f, "k"); !d.Allowed || d.Remaining != 0 {
		t.Errorf("after recovery: %+v; want the primary's count, 0 remaining", d)
	}
	if n := logs.count("rate limiter recovered"); n != 1 {
		t.Errorf("%d recovery lines, want 1", n)
	}
	if s := f.Stats(); s.Allowed != 4 || s.Refused != 2 || s.Failures != 4 {
		t.Errorf("Stats = %+v, want 4 allowed, 2 refused, 4 failures", s)
	}
}

func TestFallbackBothFail(t *testing.T) {
	cfg := ratelimit.DefaultConfig()
	a := &flaky{Memory: newMemory(t, cfg, nil)}
	b := &flaky{Memory: newMemory(t, cfg, nil)}
	a.down.Store(true)
	b.down.Store(true)
	if _, err := ratelimit.NewFallback(a, b, nil).Allow(t.Context(), "k"); !errors.Is(err, errDown) {
		t.Errorf("both failing: err = %v, want the fallback's error", err)
	}
}

func TestFallbackContextDoneIsNotAFailure(t *testing.T) {
	cfg := ratelimit.DefaultConfig()
	f := ratelimit.NewFallback(newMemory(t, cfg, nil), newMemory(t, cfg, nil), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Allow(ctx, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if s := f.Stats(); s.Failures != 0 {
		t.Errorf("a cancelled call counted as %d failures", s.Failures)
	}
}

// recordedLogs is a slog.Handler that keeps the messages it receives.
type recordedLogs struct {
	mu   sync.Mutex
	msgs []string
}

func (h *recordedLogs) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordedLogs) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *recordedLogs) WithGroup(string) slog.Handler            { return h }
func (h *recordedLogs) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.msgs = append(h.msgs, r.Message)
	return nil
}

func (h *recordedLogs) count(msg string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.msgs {
		if m == msg {
			n++
		}
	}
	return n
}
