package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

const testContact = "https://skatestock.example/bot"

// testConfig is a valid config for loopback test servers: local addresses
// allowed, and a bucket deep enough that a test never waits on the rate
// limit unless it sets the rate itself (the fake clock never refills it).
func testConfig() fetch.Config {
	cfg := fetch.DefaultConfig()
	cfg.UserAgent = "SkateStockBot/1.0"
	cfg.ContactURL = testContact
	cfg.AllowLocal = true
	cfg.RequestsPerSecond = 100
	cfg.Burst = 100
	return cfg
}

// recorder is an Observer that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []fetch.Event
}

func (r *recorder) observe(ev fetch.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

// of returns the events of one kind, robots.txt events excluded.
func (r *recorder) of(kind fetch.EventKind) []fetch.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []fetch.Event
	for _, ev := range r.events {
		if ev.Kind == kind && !ev.Robots {
			out = append(out, ev)
		}
	}
	return out
}

// harness is a Fetcher on a fake clock with its observed events.
type harness struct {
	f     *fetch.Fetcher
	clock *clockwork.FakeClock
	rec   *recorder
}

func newHarness(t *testing.T, cfg fetch.Config, opts ...fetch.Option) *harness {
	t.Helper()
	h := &harness{clock: clockwork.NewFakeClockAt(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)), rec: &recorder{}}
	opts = append([]fetch.Option{fetch.WithClock(h.clock), fetch.WithObserver(h.rec.observe)}, opts...)
	f, err := fetch.New(cfg, nil, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(f.Close)
	h.f = f
	return h
}

// autoAdvance plays the role of time passing for tests that retry with
// random backoff: whenever the fetcher waits on the fake clock, jump far
// enough to end any wait.
func (h *harness) autoAdvance(t *testing.T, step time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for h.clock.BlockUntilContext(ctx, 1) == nil {
			h.clock.Advance(step)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
}

// site is a test shop that records the paths it was asked for. Routes not
// registered (including /robots.txt) answer 404.
type site struct {
	*httptest.Server
	mux  *http.ServeMux
	mu   sync.Mutex
	hits map[string]int
	uas  []string
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{mux: http.NewServeMux(), hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.uas = append(s.uas, r.UserAgent())
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) handle(path string, h http.HandlerFunc) { s.mux.HandleFunc(path, h) }

func (s *site) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// serve answers with a fixed content type and body.
func serve(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	}
}

// wantKind fails the test unless err is an *Error of kind want.
func wantKind(t *testing.T, err error, want fetch.Kind) *fetch.Error {
	t.Helper()
	var fe *fetch.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want *fetch.Error of kind %s", err, want)
	}
	if fe.Kind != want {
		t.Fatalf("kind = %s, want %s (error: %v)", fe.Kind, want, err)
	}
	return fe
}

func TestGetSendsUserAgentWithContact(t *testing.T) {
	s := newSite(t)
	s.handle("/products.json", serve("application/json", `{"products":[]}`))
	h := newHarness(t, testConfig())

	resp, err := h.f.Get(t.Context(), s.URL+"/products.json", "application/json")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if string(resp.Body) != `{"products":[]}` || resp.Status != 200 || resp.Attempts != 1 || resp.Bytes != 15 {
		t.Fatalf("response = %+v", resp)
	}
	want := "SkateStockBot/1.0 (+" + testContact + ")"
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.uas) != 2 { // robots.txt, then the page
		t.Fatalf("requests = %d, want 2", len(s.uas))
	}
	for _, ua := range s.uas {
		if ua != want {
			t.Errorf("User-Agent = %q, want %q", ua, want)
		}
	}
}

func TestGetRejectsInvalidURLs(t *testing.T) {
	h := newHarness(t, testConfig())
	for _, raw := range []string{"ftp://shop.example/x", "/relative", "http://", "https://user:pw@shop.example/", "::"} {
		t.Run(raw, func(t *testing.T) {
			_, err := h.f.Get(t.Context(), raw)
			wantKind(t, err, fetch.KindInvalidURL)
		})
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	cfg := testConfig()
	cfg.ContactURL = ""
	if _, err := fetch.New(cfg, nil); err == nil || !strings.Contains(err.Error(), "ContactURL") {
		t.Fatalf("New error = %v, want it to name ContactURL", err)
	}
}

func TestErrorFormatsAndUnwraps(t *testing.T) {
	cause := errors.New("boom")
	err := error(&fetch.Error{Kind: fetch.KindStatus, URL: "https://shop.example/x", Status: 503, Err: cause})
	if got, want := err.Error(), "fetch https://shop.example/x: status (HTTP 503): boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, cause) {
		t.Error("errors.Is does not reach the cause")
	}
	if fetch.KindOf(err) != fetch.KindStatus || fetch.KindOf(cause) != "" || fetch.KindOf(nil) != "" {
		t.Error("KindOf misclassifies")
	}
}
