package fetch_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

func TestRobotsDecidesWhatMayBeFetched(t *testing.T) {
	tests := []struct {
		name    string
		robots  http.HandlerFunc // nil: robots.txt is 404
		path    string
		allowed bool
		status  int // Status of a refusal, when robots.txt itself failed
	}{
		{"star disallow", serve("text/plain", "User-agent: *\nDisallow: /private\n"), "/private/stock.json", false, 0},
		{"star disallow elsewhere", serve("text/plain", "User-agent: *\nDisallow: /private\n"), "/products.json", true, 0},
		{"our token disallowed, others allowed",
			serve("text/plain", "User-agent: SkateStockBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"), "/products.json", false, 0},
		{"other bot disallowed only", serve("text/plain", "User-agent: OtherBot\nDisallow: /\n"), "/products.json", true, 0},
		{"query matched too", serve("text/plain", "User-agent: *\nDisallow: /search?\n"), "/search?q=deck", false, 0},
		{"empty robots", serve("text/plain", ""), "/products.json", true, 0},
		{"bad line skipped, rules kept", serve("text/plain", "User-agent: *\nCrawl-delay: soon\nDisallow: /private\n"), "/private/x", false, 0},
		{"bad line skipped, rest allowed", serve("text/plain", "User-agent: *\nCrawl-delay: soon\nDisallow: /private\n"), "/products.json", true, 0},
		{"html soft 404 as robots", serve("text/html", "<html><body>\nDisallow: /products.json</body></html>\n"), "/products.json", true, 0},
		{"robots 404 allows all", nil, "/products.json", true, 0},
		{"robots 403 allows all", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusForbidden) }, "/products.json", true, 0},
		{"robots 500 refuses all", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) }, "/products.json", false, 500},
		{"robots 503 refuses all", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }, "/products.json", false, 503},
		{"robots 429 refuses all", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTooManyRequests) }, "/products.json", false, 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			if tt.robots != nil {
				s.handle("/robots.txt", tt.robots)
			}
			page, _, _ := strings.Cut(tt.path, "?")
			s.handle(page, serve("application/json", "{}"))
			cfg := testConfig()
			cfg.MaxRetries = 0 // robots.txt failures are not retried into the fake clock
			h := newHarness(t, cfg)

			_, err := h.f.Get(t.Context(), s.URL+tt.path)
			if tt.allowed {
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				return
			}
			fe := wantKind(t, err, fetch.KindRobots)
			if fe.Status != tt.status {
				t.Errorf("Status = %d, want %d", fe.Status, tt.status)
			}
			if fe.Attempts != 0 {
				t.Errorf("Attempts = %d, want 0: the page must not be requested", fe.Attempts)
			}
			if n := s.hitCount(page); n != 0 {
				t.Errorf("disallowed path requested %d times", n)
			}
			if n := s.hitCount("/robots.txt"); n != 1 {
				t.Errorf("robots.txt requested %d times, want 1", n)
			}
		})
	}
}

func TestRobotsIsCachedPerOriginUntilTTL(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", serve("text/plain", "User-agent: *\nDisallow: /private\n"))
	s.handle("/a", serve("text/plain", "a"))
	cfg := testConfig()
	h := newHarness(t, cfg)

	for range 3 {
		if _, err := h.f.Get(t.Context(), s.URL+"/a"); err != nil {
			t.Fatalf("Get: %v", err)
		}
	}
	if n := s.hitCount("/robots.txt"); n != 1 {
		t.Fatalf("robots.txt fetched %d times within TTL, want 1", n)
	}
	h.clock.Advance(cfg.RobotsTTL)
	if _, err := h.f.Get(t.Context(), s.URL+"/a"); err != nil {
		t.Fatalf("Get: %v", err)
	}
	if n := s.hitCount("/robots.txt"); n != 2 {
		t.Fatalf("robots.txt fetched %d times after TTL, want 2", n)
	}
}

func TestRobotsFailureIsCachedAndNotRetriedPerPage(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	cfg := testConfig()
	cfg.MaxRetries = 0
	h := newHarness(t, cfg)
	for range 3 {
		_, err := h.f.Get(t.Context(), s.URL+"/a")
		wantKind(t, err, fetch.KindRobots)
	}
	if n := s.hitCount("/robots.txt"); n != 1 {
		t.Fatalf("robots.txt fetched %d times, want 1 (failure cached)", n)
	}
}

func TestIgnoreRobotsSkipsRobotsTxt(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", serve("text/plain", "User-agent: *\nDisallow: /\n"))
	s.handle("/a", serve("text/plain", "a"))
	cfg := testConfig()
	cfg.IgnoreRobots = true
	h := newHarness(t, cfg)
	if _, err := h.f.Get(t.Context(), s.URL+"/a"); err != nil {
		t.Fatalf("Get: %v", err)
	}
	if n := s.hitCount("/robots.txt"); n != 0 {
		t.Fatalf("robots.txt fetched %d times with IgnoreRobots", n)
	}
}

func TestCrawlDelay(t *testing.T) {
	tests := []struct {
		name     string
		rps      float64
		burst    int
		robots   string
		wantWait time.Duration // before the page, after robots.txt took the first token
	}{
		{"lowers the rate", 100, 10, "User-agent: *\nCrawl-delay: 10\n", 10 * time.Second},
		{"our group's delay wins", 100, 10, "User-agent: *\nCrawl-delay: 2\n\nUser-agent: SkateStockBot\nCrawl-delay: 7\n", 7 * time.Second},
		{"never raises the rate", 1, 1, "User-agent: *\nCrawl-delay: 0.01\n", time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.handle("/robots.txt", serve("text/plain", tt.robots))
			s.handle("/a", serve("text/plain", "a"))
			cfg := testConfig()
			cfg.RequestsPerSecond, cfg.Burst = tt.rps, tt.burst
			h := newHarness(t, cfg)

			done := make(chan error, 1)
			go func() {
				_, err := h.f.Get(t.Context(), s.URL+"/a")
				done <- err
			}()
			if err := h.clock.BlockUntilContext(t.Context(), 1); err != nil {
				t.Fatal(err)
			}
			waits := h.rec.of(fetch.EventThrottle)
			if len(waits) != 1 || waits[0].Delay != tt.wantWait {
				t.Fatalf("throttle events = %+v, want one of %v", waits, tt.wantWait)
			}
			if n := s.hitCount("/a"); n != 0 {
				t.Fatal("page requested before the crawl delay passed")
			}
			h.clock.Advance(tt.wantWait)
			if err := <-done; err != nil {
				t.Fatalf("Get: %v", err)
			}
		})
	}
}
