package app

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDemoEndToEnd runs `skatestock demo` as a newcomer would: data flows
// from the simulated shops through Kafka into the API, Ctrl-C stops it
// after ingest has stored what was published, and a second run resumes
// the same data directory without seeding again.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	env := e2eEnv("SKATESTOCK_DATA_DIR=" + t.TempDir())
	args := []string{"demo", "--http-addr", "127.0.0.1:0", "--shops", "3", "--products", "120", "--days", "3"}

	first := startListening(t, bin, env, args...)
	stats := waitForScrapes(t, first.base, 3)
	if stats.Products < 120 || stats.Observations == 0 {
		t.Errorf("after every shop's first scrape: %+v, want the seeded 120 products and observations", stats)
	}
	if r := runBin(t, bin, env, "verify", "--url", first.base); r.code != exitOK || !strings.Contains(r.stdout, "scrapes") {
		t.Errorf("verify of a demo whose shops were all scraped: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	first.stopWith(t, syscall.SIGINT)
	if log := first.stderr.String(); !strings.Contains(log, `"demo_drained"`) || !strings.Contains(log, `"demo_stopped"`) {
		t.Errorf("demo did not drain ingest before stopping:\n%s", tail(log, 20))
	}

	second := startListening(t, bin, env, args...)
	again := waitForScrapes(t, second.base, 1)
	second.stopWith(t, syscall.SIGINT)
	if !strings.Contains(second.stderr.String(), `"demo_resumed"`) {
		t.Errorf("second run did not resume the data dir:\n%s", tail(second.stderr.String(), 20))
	}
	if again.Products < stats.Products {
		t.Errorf("second run tracks %d products, the first %d", again.Products, stats.Products)
	}
}

// demoStats is the part of /api/v1/stats the demo test reads.
type demoStats struct {
	Products     int64 `json:"products"`
	Observations int64 `json:"observations"`
	ScrapeRuns   int64 `json:"scrape_runs"`
}

// waitForScrapes polls /stats until at least runs scrape runs are
// recorded; the deadline is a hang guard, not an assertion on speed.
func waitForScrapes(t *testing.T, base string, runs int64) demoStats {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	var s demoStats
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/api/v1/stats")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && json.Unmarshal(body, &s) == nil && s.ScrapeRuns >= runs {
				return s
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no %d scrape runs recorded in time; last stats %+v", runs, s)
	return s
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
