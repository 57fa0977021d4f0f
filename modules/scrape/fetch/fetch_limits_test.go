package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

func TestConcurrencyPerOriginNeverExceedsLimit(t *testing.T) {
	const limit, requests = 2, 8
	var inFlight, peak atomic.Int32
	entered := make(chan struct{}, requests)
	release := make(chan struct{})
	s := newSite(t)
	s.handle("/p", func(w http.ResponseWriter, _ *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		entered <- struct{}{}
		<-release
		inFlight.Add(-1)
		_, _ = w.Write([]byte("ok"))
	})
	cfg := testConfig()
	cfg.Concurrency = limit
	h := newHarness(t, cfg)

	var wg sync.WaitGroup
	errs := make(chan error, requests)
	for range requests {
		wg.Go(func() {
			_, err := h.f.Get(t.Context(), s.URL+"/p")
			errs <- err
		})
	}
	// Let the first `limit` requests in, then admit one more per release:
	// any extra concurrency would show up in peak.
	for range limit {
		<-entered
	}
	for i := range requests {
		release <- struct{}{}
		if i+limit < requests {
			<-entered
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
	}
	if got := peak.Load(); got != limit {
		t.Fatalf("peak concurrent requests = %d, want %d", got, limit)
	}
}

func TestCancelWhileWaiting(t *testing.T) {
	tests := []struct {
		name  string
		setup func(cfg *fetch.Config, s *site, entered, block chan struct{})
		// waitsOnClock: the second Get parks on the fake clock (rate
		// limit) rather than on the concurrency slot.
		waitsOnClock bool
	}{
		{"on the rate limiter", func(cfg *fetch.Config, s *site, _, _ chan struct{}) {
			cfg.RequestsPerSecond, cfg.Burst = 1, 1
			s.handle("/p", serve("text/plain", "ok"))
		}, true},
		{"on the concurrency slot", func(cfg *fetch.Config, s *site, entered, block chan struct{}) {
			cfg.Concurrency = 1
			s.handle("/p", func(w http.ResponseWriter, r *http.Request) {
				entered <- struct{}{}
				select {
				case <-block:
				case <-r.Context().Done():
				}
			})
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			entered, block := make(chan struct{}, 1), make(chan struct{})
			cfg := testConfig()
			cfg.IgnoreRobots = true
			tt.setup(&cfg, s, entered, block)
			h := newHarness(t, cfg)

			first := make(chan error, 1)
			if tt.waitsOnClock {
				_, err := h.f.Get(t.Context(), s.URL+"/p") // takes the only token
				first <- err
			} else {
				go func() { _, err := h.f.Get(t.Context(), s.URL+"/p"); first <- err }() // holds the only slot
				<-entered
			}

			ctx, cancel := context.WithCancel(t.Context())
			second := make(chan error, 1)
			go func() { _, err := h.f.Get(ctx, s.URL+"/p"); second <- err }()
			if tt.waitsOnClock {
				if err := h.clock.BlockUntilContext(t.Context(), 1); err != nil {
					t.Fatal(err)
				}
				if w := h.rec.of(fetch.EventThrottle); len(w) != 1 {
					t.Fatalf("throttle events = %+v, want 1", w)
				}
			}
			cancel() // the clock is never advanced: only cancellation can end the wait
			err := <-second
			if fe := wantKind(t, err, fetch.KindCanceled); fe.Attempts != 0 {
				t.Errorf("Attempts = %d, want 0: nothing was sent", fe.Attempts)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v does not wrap context.Canceled", err)
			}
			close(block)
			if err := <-first; err != nil {
				t.Fatalf("first Get: %v", err)
			}
			if n := s.hitCount("/p"); n != 1 {
				t.Fatalf("server hits = %d, want 1 (the cancelled Get must not be sent)", n)
			}
		})
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	s := newSite(t)
	s.handle("/p", failThen(100, http.StatusServiceUnavailable))
	h := newHarness(t, testConfig())
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := h.f.Get(ctx, s.URL+"/p"); done <- err }()
	if err := h.clock.BlockUntilContext(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	fe := wantKind(t, <-done, fetch.KindCanceled)
	if fe.Attempts != 1 {
		t.Fatalf("Attempts = %d, want 1", fe.Attempts)
	}
}
