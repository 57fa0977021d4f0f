// Package ratelimittest is the contract suite of ratelimit.Limiter. Every
// implementation runs it from its own tests:
//
//	func TestMemoryContract(t *testing.T) { ratelimittest.Run(t, newMemorySubject) }
//
// so that Memory, Redis and Fallback enforce the same limit. It also holds
// the helpers that give each Redis test a key prefix of its own, and a TCP
// proxy that takes Redis down or hangs it.
package ratelimittest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/ratelimit"
	"github.com/skatestock/skatestock/modules/redistest"
)

// Subject is one limiter under test, holding no key yet.
type Subject struct {
	Limiter ratelimit.Limiter
	// Advance moves the clock of a limiter that runs on a fake clock; nil
	// when it runs on real time, and the suite then waits by polling and
	// checks durations within bounds instead of exactly.
	Advance func(time.Duration)
}

// Factory returns a Subject enforcing cfg (whose Prefix it replaces with
// one of its own), and registers with t.Cleanup whatever removes it.
type Factory func(t *testing.T, cfg ratelimit.Config) Subject

// config returns the limit rate/burst with a timeout generous enough for
// the race detector.
func config(rate float64, burst int) ratelimit.Config {
	cfg := ratelimit.DefaultConfig()
	cfg.Rate, cfg.Burst, cfg.Timeout = rate, burst, 10*time.Second
	return cfg
}

// Run runs the whole contract, each test on a fresh subject.
func Run(t *testing.T, newSubject Factory) {
	t.Run("burst then refusal", func(t *testing.T) { testBurst(t, newSubject) })
	t.Run("refill", func(t *testing.T) { testRefill(t, newSubject) })
	t.Run("independent keys", func(t *testing.T) { testIndependentKeys(t, newSubject) })
	t.Run("concurrent callers", func(t *testing.T) { testConcurrent(t, newSubject) })
	t.Run("context done", func(t *testing.T) { testContextDone(t, newSubject) })
}

// Allow fails t on an error.
func Allow(t testing.TB, l ratelimit.Limiter, key string) ratelimit.Decision {
	t.Helper()
	d, err := l.Allow(context.Background(), key)
	if err != nil {
		t.Fatalf("Allow(%.40q): %v", key, err)
	}
	return d
}

// within checks got against want: exactly on a fake clock, else within
// (want - slack, want], since real time only ever passes between the
// decision and the test's expectation.
func within(t *testing.T, s Subject, what string, got, want, slack time.Duration) {
	t.Helper()
	if s.Advance != nil {
		slack = 0
	}
	if got > want || (slack == 0 && got != want) || (slack > 0 && got <= want-slack) {
		t.Errorf("%s = %v, want %v (less at most %v)", what, got, want, slack)
	}
}

func testBurst(t *testing.T, newSubject Factory) {
	const burst = 5
	interval := 100 * time.Second // slow enough that nothing refills during the test
	s := newSubject(t, config(0.01, burst))
	slack := interval / 2
	for i := range burst {
		d := Allow(t, s.Limiter, "203.0.113.7")
		if !d.Allowed || d.Remaining != burst-1-i || d.RetryAfter != 0 {
			t.Fatalf("request %d of the burst: %+v; want allowed with %d remaining", i+1, d, burst-1-i)
		}
		within(t, s, fmt.Sprintf("request %d ResetAfter", i+1), d.ResetAfter, time.Duration(i+1)*interval, slack)
	}
	for i := range 2 { // a refused request takes nothing: the second answers like the first
		d := Allow(t, s.Limiter, "203.0.113.7")
		if d.Allowed || d.Remaining != 0 {
			t.Fatalf("request %d past the burst: %+v; want refused with 0 remaining", i+1, d)
		}
		within(t, s, "RetryAfter", d.RetryAfter, interval, slack)
		within(t, s, "ResetAfter", d.ResetAfter, burst*interval, slack)
	}
}

func testRefill(t *testing.T, newSubject Factory) {
	if s := newSubject(t, config(1, 3)); s.Advance != nil {
		testRefillFakeClock(t, s)
		return
	}
	const burst = 2
	s := newSubject(t, config(20, burst)) // one request every 50 ms
	for range burst {
		Allow(t, s.Limiter, "k")
	}
	d := Allow(t, s.Limiter, "k")
	if d.Allowed {
		t.Skip("the burst refilled before it was used up: the machine is too slow for this test")
	}
	within(t, s, "RetryAfter", d.RetryAfter, 50*time.Millisecond, 50*time.Millisecond)
	redistest.Eventually(t, "a request is allowed again", func() bool { return Allow(t, s.Limiter, "k").Allowed })
	redistest.Eventually(t, "the full burst is back", func() bool {
		time.Sleep(d.ResetAfter) // no request meanwhile, so it must all come back
		d = Allow(t, s.Limiter, "k")
		return d.Allowed && d.Remaining == burst-1
	})
}

func testRefillFakeClock(t *testing.T, s Subject) {
	const burst = 3
	for range burst {
		Allow(t, s.Limiter, "k")
	}
	d := Allow(t, s.Limiter, "k")
	if d.Allowed || d.RetryAfter != time.Second {
		t.Fatalf("past the burst: %+v; want refused, retry after 1s", d)
	}
	s.Advance(d.RetryAfter - time.Microsecond)
	if d := Allow(t, s.Limiter, "k"); d.Allowed {
		t.Fatalf("1 µs before RetryAfter: %+v; want refused", d)
	}
	s.Advance(time.Microsecond)
	if d := Allow(t, s.Limiter, "k"); !d.Allowed || d.Remaining != 0 || d.ResetAfter != burst*time.Second {
		t.Fatalf("at RetryAfter: %+v; want allowed, 0 remaining, full in 3s", d)
	}
	if d := Allow(t, s.Limiter, "k"); d.Allowed {
		t.Fatalf("right after: %+v; want refused", d)
	}
	s.Advance(2500 * time.Millisecond) // two and a half intervals
	if d := Allow(t, s.Limiter, "k"); !d.Allowed || d.Remaining != 1 {
		t.Fatalf("2.5 intervals later: %+v; want allowed with 1 remaining", d)
	}
	s.Advance(time.Hour)
	if d := Allow(t, s.Limiter, "k"); !d.Allowed || d.Remaining != burst-1 {
		t.Fatalf("an hour later: %+v; want the full burst", d)
	}
}

func testIndependentKeys(t *testing.T, newSubject Factory) {
	s := newSubject(t, config(0.01, 2))
	long := strings.Repeat("k", ratelimit.MaxKeyLen)
	sum := sha256.Sum256([]byte(long + "1"))
	keys := []string{
		"203.0.113.7", "2001:db8::1", "",
		long + "1", long + "2", // differ only past MaxKeyLen: hashed apart
		"sha256:" + hex.EncodeToString(sum[:]), // shaped like long+"1"'s hashed name
	}
	for _, k := range keys {
		for i := range 2 {
			if d := Allow(t, s.Limiter, k); !d.Allowed || d.Remaining != 1-i {
				t.Fatalf("key %.40q request %d: %+v; want allowed with %d remaining: another key's requests counted", k, i+1, d, 1-i)
			}
		}
	}
	for _, k := range keys {
		if d := Allow(t, s.Limiter, k); d.Allowed {
			t.Errorf("key %.40q past its burst: allowed", k)
		}
	}
}

func testConcurrent(t *testing.T, newSubject Factory) {
	const burst, workers, calls = 20, 50, 4
	s := newSubject(t, config(0.001, burst))
	var mu sync.Mutex
	remaining := map[int]int{}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range calls {
				d, err := s.Limiter.Allow(context.Background(), "hot")
				if err != nil {
					t.Errorf("Allow: %v", err)
					return
				}
				if d.Allowed {
					mu.Lock()
					remaining[d.Remaining]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	allowed := 0
	for r, n := range remaining {
		allowed += n
		if r < 0 || r >= burst || n != 1 {
			t.Errorf("Remaining %d answered %d times, want once for each of 0..%d", r, n, burst-1)
		}
	}
	if allowed != burst {
		t.Errorf("%d of %d concurrent requests allowed, want exactly the burst, %d", allowed, workers*calls, burst)
	}
}

func testContextDone(t *testing.T, newSubject Factory) {
	s := newSubject(t, config(0.01, 1))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Limiter.Allow(ctx, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
	// The failed call took nothing.
	if d := Allow(t, s.Limiter, "k"); !d.Allowed {
		t.Errorf("after a cancelled call: %+v; want the burst untouched", d)
	}
}
