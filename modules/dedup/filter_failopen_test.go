package dedup_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/dedup"
)

// recordedLogs is a slog.Handler that keeps what it is given.
type recordedLogs struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *recordedLogs) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordedLogs) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *recordedLogs) WithGroup(string) slog.Handler            { return h }
func (h *recordedLogs) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return nil
}

// count returns how many records carry message.
func (h *recordedLogs) count(message string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, r := range h.records {
		if r.Message == message {
			n++
		}
	}
	return n
}

// last returns the value of attribute key in the last record with message.
func (h *recordedLogs) last(message, key string) slog.Value {
	h.mu.Lock()
	defer h.mu.Unlock()
	var v slog.Value
	for _, r := range h.records {
		if r.Message == message {
			r.Attrs(func(a slog.Attr) bool {
				if a.Key == key {
					v = a.Value
				}
				return true
			})
		}
	}
	return v
}

// switchable passes calls to a Memory filter, or fails them while down.
type switchable struct {
	mu   sync.Mutex
	down error
	next dedup.Filter
}

func (s *switchable) set(err error) { s.mu.Lock(); s.down = err; s.mu.Unlock() }

func (s *switchable) TestAndAdd(ctx context.Context, keys [][]byte) ([]bool, error) {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down != nil {
		return nil, down
	}
	return s.next.TestAndAdd(ctx, keys)
}

const (
	msgFailingOpen = "dedup filter failing open"
	msgRecovered   = "dedup filter recovered"
)

func TestFailOpenFailsOpenAndRecovers(t *testing.T) {
	mem, err := dedup.NewMemory(contractConfig())
	if err != nil {
		t.Fatal(err)
	}
	inner := &switchable{next: mem}
	logs := &recordedLogs{}
	f := dedup.NewFailOpen(inner, slog.New(logs))
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	dedup.SetFailOpenClock(f, func() time.Time { return now })

	keys := testKeys(20, 50)
	testAndAdd(t, f, keys)
	if n := countTrue(testAndAdd(t, f, keys)); n != len(keys) {
		t.Fatalf("healthy: %d of %d maybe seen, want all", n, len(keys))
	}

	inner.set(errors.New("connection refused"))
	for i := range 100 {
		// Keys the filter has seen come back "not seen": they go to the
		// database, which is the point.
		if n := countTrue(testAndAdd(t, f, keys)); n != 0 {
			t.Fatalf("down, call %d: %d maybe seen, want none", i, n)
		}
		now = now.Add(100 * time.Millisecond)
	}
	if n := logs.count(msgFailingOpen); n != 1 {
		t.Errorf("100 failures within 10s logged %d times, want once", n)
	}
	now = now.Add(dedup.FailOpenLogInterval)
	testAndAdd(t, f, keys)
	if n := logs.count(msgFailingOpen); n != 2 {
		t.Errorf("failure after the interval: %d lines, want 2", n)
	}
	if got := logs.last(msgFailingOpen, "not_logged").Uint64(); got != 99 {
		t.Errorf("second line says %d failures were not logged, want 99", got)
	}

	inner.set(nil)
	if n := countTrue(testAndAdd(t, f, keys)); n != len(keys) {
		t.Errorf("recovered: %d of %d maybe seen, want all", n, len(keys))
	}
	testAndAdd(t, f, keys)
	if n := logs.count(msgRecovered); n != 1 {
		t.Errorf("recovery logged %d times, want once", n)
	}
	if got := logs.last(msgRecovered, "failed_calls").Uint64(); got != 101 {
		t.Errorf("recovery line counts %d failed calls, want 101", got)
	}

	want := dedup.Stats{Calls: 105, Keys: 105 * 50, MaybeSeen: 3 * 50, Failures: 101}
	if got := f.Stats(); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
}

// TestFailOpenLogsFlappingRarely checks that a filter failing every other
// call does not log every other call.
func TestFailOpenLogsFlappingRarely(t *testing.T) {
	mem, err := dedup.NewMemory(contractConfig())
	if err != nil {
		t.Fatal(err)
	}
	inner := &switchable{next: mem}
	logs := &recordedLogs{}
	f := dedup.NewFailOpen(inner, slog.New(logs))
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	dedup.SetFailOpenClock(f, func() time.Time { return now })
	for i := range 200 {
		if i%2 == 0 {
			inner.set(errors.New("i/o timeout"))
		} else {
			inner.set(nil)
		}
		testAndAdd(t, f, testKeys(uint64(i), 1))
		now = now.Add(100 * time.Millisecond) // 20 s in all
	}
	if n, r := logs.count(msgFailingOpen), logs.count(msgRecovered); n != 1 || r != 1 {
		t.Errorf("100 short outages in 20s logged %d failure and %d recovery lines, want 1 and 1", n, r)
	}
}

func TestFailOpenPassesCallerCancellation(t *testing.T) {
	mem, err := dedup.NewMemory(contractConfig())
	if err != nil {
		t.Fatal(err)
	}
	f := dedup.NewFailOpen(mem, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.TestAndAdd(ctx, testKeys(21, 3)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: err = %v, want context.Canceled", err)
	}
	if got := f.Stats().Failures; got != 0 {
		t.Errorf("cancelled caller counted as %d filter failures, want 0", got)
	}
}

// shortAnswer answers one key fewer than asked, a broken filter.
type shortAnswer struct{}

func (shortAnswer) TestAndAdd(_ context.Context, keys [][]byte) ([]bool, error) {
	return make([]bool, max(len(keys)-1, 0)), nil
}

func TestFailOpenGuardsAgainstShortAnswers(t *testing.T) {
	f := dedup.NewFailOpen(shortAnswer{}, nil)
	if seen := testAndAdd(t, f, testKeys(22, 5)); countTrue(seen) != 0 {
		t.Errorf("short answer: %v, want 5 x not seen", seen)
	}
	if got := f.Stats().Failures; got != 1 {
		t.Errorf("Failures = %d, want 1", got)
	}
}
