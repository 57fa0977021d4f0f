package fetch_test

import (
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// failThen answers status (with header kv pairs) for the first n requests
// and 200 after that.
func failThen(n int32, status int, kv ...string) http.HandlerFunc {
	var calls atomic.Int32
	return func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) <= n {
			for i := 0; i+1 < len(kv); i += 2 {
				w.Header().Set(kv[i], kv[i+1])
			}
			w.WriteHeader(status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}
}

func TestRetryAfterIsHonouredOnTheClock(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) // the harness clock's start
	tests := []struct {
		name       string
		status     int
		retryAfter string
		want       time.Duration
	}{
		{"429 seconds", http.StatusTooManyRequests, "7", 7 * time.Second},
		{"503 seconds", http.StatusServiceUnavailable, "120", 2 * time.Minute},
		{"429 http-date", http.StatusTooManyRequests, start.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second},
		{"503 date in the past", http.StatusServiceUnavailable, start.Add(-time.Hour).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.handle("/p", failThen(1, tt.status, "Retry-After", tt.retryAfter))
			h := newHarness(t, testConfig())
			if !h.clock.Now().Equal(start) {
				t.Fatalf("harness clock starts at %v, test assumes %v", h.clock.Now(), start)
			}

			type got struct {
				resp *fetch.Response
				err  error
			}
			done := make(chan got, 1)
			go func() {
				resp, err := h.f.Get(t.Context(), s.URL+"/p", "application/json")
				done <- got{resp, err}
			}()
			if tt.want > 0 {
				if err := h.clock.BlockUntilContext(t.Context(), 1); err != nil {
					t.Fatal(err)
				}
				select {
				case <-done:
					t.Fatal("Get returned before the Retry-After wait")
				default:
				}
				h.clock.Advance(tt.want)
			}
			r := <-done
			if r.err != nil {
				t.Fatalf("Get: %v", r.err)
			}
			retries := h.rec.of(fetch.EventRetry)
			if len(retries) != 1 || retries[0].Delay != tt.want || fetch.KindOf(retries[0].Err) != fetch.KindStatus {
				t.Fatalf("retry events = %+v, want one waiting %v", retries, tt.want)
			}
			if waited := h.clock.Since(start); waited != tt.want {
				t.Errorf("clock advanced %v, want %v", waited, tt.want)
			}
			if r.resp.Attempts != 2 {
				t.Errorf("Attempts = %d, want 2", r.resp.Attempts)
			}
		})
	}
}

func TestRetryAfterLongerThanMaxFails(t *testing.T) {
	s := newSite(t)
	s.handle("/p", failThen(1, http.StatusTooManyRequests, "Retry-After", "3600"))
	h := newHarness(t, testConfig())
	_, err := h.f.Get(t.Context(), s.URL+"/p")
	fe := wantKind(t, err, fetch.KindRetryAfterTooLong)
	if fe.Status != 429 || fe.Attempts != 1 || s.hitCount("/p") != 1 {
		t.Fatalf("error = %+v, hits = %d; want status 429 after 1 attempt", fe, s.hitCount("/p"))
	}
}

func TestRetries(t *testing.T) {
	cfg := testConfig()
	// No robots.txt request: its keep-alive connection would be reused for
	// the page, and net/http transparently resends a GET once when a reused
	// connection dies before answering, which would skew the hit counts of
	// the dropped-connection cases.
	cfg.IgnoreRobots = true
	tests := []struct {
		name         string
		handler      http.HandlerFunc
		wantKind     fetch.Kind // "" for success
		wantStatus   int
		wantAttempts int
	}{
		{"429 then 200", failThen(1, http.StatusTooManyRequests), "", 200, 2},
		{"500 twice then 200", failThen(2, http.StatusInternalServerError), "", 200, 3},
		{"502 burst exhausts retries", failThen(100, http.StatusBadGateway), fetch.KindStatus, 502, cfg.MaxRetries + 1},
		{"503 burst exhausts retries", failThen(100, http.StatusServiceUnavailable), fetch.KindStatus, 503, cfg.MaxRetries + 1},
		{"504 burst exhausts retries", failThen(100, http.StatusGatewayTimeout), fetch.KindStatus, 504, cfg.MaxRetries + 1},
		{"404 not retried", failThen(100, http.StatusNotFound), fetch.KindStatus, 404, 1},
		{"403 not retried", failThen(100, http.StatusForbidden), fetch.KindStatus, 403, 1},
		{"410 not retried", failThen(100, http.StatusGone), fetch.KindStatus, 410, 1},
		{"connection dropped is retried", dropConnections(2), "", 200, 3},
		{"connection always dropped", dropConnections(100), fetch.KindNetwork, 0, cfg.MaxRetries + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.handle("/p", tt.handler)
			h := newHarness(t, cfg)
			h.autoAdvance(t, cfg.BackoffMax)

			resp, err := h.f.Get(t.Context(), s.URL+"/p", "application/json")
			attempts := 0
			if tt.wantKind == "" {
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				attempts = resp.Attempts
				if resp.Status != tt.wantStatus {
					t.Errorf("Status = %d, want %d", resp.Status, tt.wantStatus)
				}
			} else {
				fe := wantKind(t, err, tt.wantKind)
				attempts = fe.Attempts
				if fe.Status != tt.wantStatus {
					t.Errorf("Status = %d, want %d", fe.Status, tt.wantStatus)
				}
			}
			if attempts != tt.wantAttempts || s.hitCount("/p") != tt.wantAttempts {
				t.Errorf("Attempts = %d, server hits = %d, want %d", attempts, s.hitCount("/p"), tt.wantAttempts)
			}
			retries := h.rec.of(fetch.EventRetry)
			if len(retries) != tt.wantAttempts-1 {
				t.Errorf("retry events = %d, want %d", len(retries), tt.wantAttempts-1)
			}
			for i, ev := range retries {
				ceiling := min(cfg.BackoffBase<<i, cfg.BackoffMax)
				if ev.Delay < 0 || ev.Delay > ceiling {
					t.Errorf("retry %d waited %v, want within [0, %v]", i+1, ev.Delay, ceiling)
				}
			}
			if n := len(h.rec.of(fetch.EventAttempt)); n != tt.wantAttempts {
				t.Errorf("attempt events = %d, want %d", n, tt.wantAttempts)
			}
		})
	}
}

// dropConnections closes the connection without an answer for the first n
// requests, then answers 200.
func dropConnections(n int32) http.HandlerFunc {
	ok := failThen(0, 0)
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) > n {
			ok(w, r)
			return
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic("hijack: " + err.Error())
		}
		_ = conn.Close()
	}
}

func TestTimeoutAndNetworkKinds(t *testing.T) {
	t.Run("timeout", func(t *testing.T) {
		s := newSite(t)
		s.handle("/slow", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // hang until the client gives up
		})
		cfg := testConfig()
		cfg.Timeout = 200 * time.Millisecond
		cfg.ConnectTimeout = 100 * time.Millisecond
		cfg.MaxRetries = 1
		h := newHarness(t, cfg)
		h.autoAdvance(t, cfg.BackoffMax)
		_, err := h.f.Get(t.Context(), s.URL+"/slow")
		fe := wantKind(t, err, fetch.KindTimeout)
		if fe.Attempts != 2 {
			t.Errorf("Attempts = %d, want 2 (timeouts are retried)", fe.Attempts)
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		_ = ln.Close() // nothing listens there any more
		cfg := testConfig()
		cfg.MaxRetries = 0
		cfg.IgnoreRobots = true
		h := newHarness(t, cfg)
		_, err = h.f.Get(t.Context(), "http://127.0.0.1:"+strconv.Itoa(port)+"/")
		wantKind(t, err, fetch.KindNetwork)
	})
}
