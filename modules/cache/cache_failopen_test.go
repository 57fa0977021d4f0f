package cache_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/cache/cachetest"
)

var errDown = errors.New("redis down")

// flaky is a Generational over Memory that fails every call while down is
// set, and counts the calls that reach it.
type flaky struct {
	*cache.Memory
	down  atomic.Bool
	calls atomic.Int64
}

func newFlaky(t *testing.T) *flaky {
	m, err := cache.NewMemory(cachetest.Config(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return &flaky{Memory: m}
}

func (f *flaky) fail() error {
	f.calls.Add(1)
	if f.down.Load() {
		return errDown
	}
	return nil
}

func (f *flaky) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if err := f.fail(); err != nil {
		return nil, false, err
	}
	return f.Memory.Get(ctx, key)
}

func (f *flaky) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Memory.Set(ctx, key, value, ttl)
}

func (f *flaky) SetIn(ctx context.Context, gen cache.Generation, key string, value []byte, ttl time.Duration) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Memory.SetIn(ctx, gen, key, value, ttl)
}

func (f *flaky) Generation(ctx context.Context) (cache.Generation, error) {
	if err := f.fail(); err != nil {
		return 0, err
	}
	return f.Memory.Generation(ctx)
}

func (f *flaky) Lookup(ctx context.Context, key string) (cache.Generation, []byte, bool, error) {
	if err := f.fail(); err != nil {
		return 0, nil, false, err
	}
	return f.Memory.Lookup(ctx, key)
}

func (f *flaky) Invalidate(ctx context.Context) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Memory.Invalidate(ctx)
}

// fill returns a fill function answering value and counting its calls.
func fill(value string, calls *int) func(context.Context) ([]byte, error) {
	return func(context.Context) ([]byte, error) {
		*calls++
		return []byte(value), nil
	}
}

func TestFetch(t *testing.T) {
	inner := newFlaky(t)
	f := cache.NewFailOpen(inner, nil)
	ctx := t.Context()
	fills := 0
	for i, want := range []struct {
		fills          int
		hits, misses   uint64
		value, comment string
	}{
		{1, 0, 1, "db", "a miss fills and stores"},
		{1, 1, 1, "db", "then it hits"},
	} {
		got, err := f.Fetch(ctx, "k", time.Hour, fill("db", &fills))
		if err != nil || string(got) != want.value {
			t.Fatalf("call %d (%s): %q, %v", i, want.comment, got, err)
		}
		s := f.Stats()
		if fills != want.fills || s.Hits != want.hits || s.Misses != want.misses {
			t.Fatalf("call %d (%s): %d fills, %+v; want %d fills, %d hits, %d misses", i, want.comment, fills, s, want.fills, want.hits, want.misses)
		}
	}

	wantErr := errors.New("db down")
	if _, err := f.Fetch(ctx, "other", time.Hour, func(context.Context) ([]byte, error) { return nil, wantErr }); !errors.Is(err, wantErr) {
		t.Errorf("failing fill: err = %v, want it returned", err)
	}
	if _, ok := cachetest.Get(t, inner, "other"); ok {
		t.Error("a failing fill stored something")
	}
	if _, err := f.Fetch(ctx, "k", 0, fill("db", &fills)); err == nil {
		t.Error("Fetch with ttl 0: no error")
	}
}

// TestFetchInvalidatedDuringFill is the race Fetch exists for: the
// database is read, prices land and the cache is invalidated, then the
// (now stale) answer comes back. It must be returned but not cached.
func TestFetchInvalidatedDuringFill(t *testing.T) {
	inner := newFlaky(t)
	f := cache.NewFailOpen(inner, nil)
	ctx := t.Context()
	got, err := f.Fetch(ctx, "deals", time.Hour, func(ctx context.Context) ([]byte, error) {
		if err := f.Invalidate(ctx); err != nil { // the price-updates consumer
			return nil, err
		}
		return []byte("read before the update"), nil
	})
	if err != nil || string(got) != "read before the update" {
		t.Fatalf("Fetch = %q, %v", got, err)
	}
	if v, ok := cachetest.Get(t, inner, "deals"); ok {
		t.Fatalf("a value read before Invalidate was cached: %q", v)
	}
}

func TestFailOpenOverFailingCache(t *testing.T) {
	inner := newFlaky(t)
	logs := &recordedLogs{}
	f := cache.NewFailOpen(inner, slog.New(logs))
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	cache.SetFailOpenClock(f, func() time.Time { return now })
	ctx := t.Context()
	cachetest.Set(t, f, "k", "before", time.Hour)

	inner.down.Store(true)
	if _, ok := cachetest.Get(t, f, "k"); ok {
		t.Error("Get hit while the cache fails")
	}
	cachetest.Set(t, f, "k2", "v", time.Hour) // no error
	calls := inner.calls.Load()
	fills := 0
	if v, err := f.Fetch(ctx, "k", time.Hour, fill("db", &fills)); err != nil || string(v) != "db" || fills != 1 {
		t.Errorf("Fetch while failing = %q, %v after %d fills; want the filled value", v, err, fills)
	}
	if n := inner.calls.Load() - calls; n != 1 {
		t.Errorf("Fetch while failing made %d calls to the cache, want 1: it must stop at the first failure", n)
	}
	if err := f.Invalidate(ctx); !errors.Is(err, errDown) {
		t.Errorf("Invalidate while failing: err = %v, want the cache's error", err)
	}
	if s := f.Stats(); s.Failures != 4 || s.Hits != 0 {
		t.Errorf("Stats = %+v, want 4 failures and no hits", s)
	}
	if n := logs.count("cache failing, serving misses"); n != 1 {
		t.Errorf("%d failure lines within FailOpenLogInterval, want 1", n)
	}
	now = now.Add(cache.FailOpenLogInterval)
	_, _ = cachetest.Get(t, f, "k")
	if n := logs.count("cache failing, serving misses"); n != 2 {
		t.Errorf("%d failure lines after FailOpenLogInterval, want 2", n)
	}

	inner.down.Store(false)
	// The first call redoes the Invalidate that failed: "before" is gone.
	if v, ok := cachetest.Get(t, f, "k"); ok {
		t.Errorf("after recovery Get = %q: a value from before the failed Invalidate", v)
	}
	if s := f.Stats(); s.Invalidations != 1 {
		t.Errorf("Stats().Invalidations = %d after the retried Invalidate, want 1", s.Invalidations)
	}
	if logs.count("cache recovered") != 1 || logs.count("cache invalidation retried") != 1 {
		t.Errorf("recovery lines: %v", logs.messages())
	}
	cachetest.Set(t, f, "k", "after", time.Hour)
	if v, ok := cachetest.Get(t, f, "k"); !ok || string(v) != "after" {
		t.Errorf("after recovery Get = %q, %v; want after", v, ok)
	}
}

// TestFailOpenPendingInvalidateConcurrent checks that while an Invalidate
// is owed, concurrent callers never see a value from before it.
func TestFailOpenPendingInvalidateConcurrent(t *testing.T) {
	inner := newFlaky(t)
	f := cache.NewFailOpen(inner, nil)
	cachetest.Set(t, f, "k", "stale", time.Hour)
	inner.down.Store(true)
	if err := f.Invalidate(t.Context()); err == nil {
		t.Fatal("Invalidate while failing: no error")
	}
	inner.down.Store(false)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if v, ok, err := f.Get(context.Background(), "k"); ok || err != nil {
				t.Errorf("Get = %q, %v, %v; want a miss", v, ok, err)
			}
		})
	}
	wg.Wait()
}

func TestFailOpenContextDoneIsNotAFailure(t *testing.T) {
	inner := newFlaky(t)
	f := cache.NewFailOpen(inner, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := f.Get(ctx, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get: err = %v, want context.Canceled", err)
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

func (h *recordedLogs) messages() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.msgs, "; ")
}
