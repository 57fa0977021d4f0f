package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The scrape end-to-end test drives the real binary against the shop
// simulator: in the test process for most cases (so the test knows exactly
// what it serves), and once as `skatestock shops serve` itself.

// e2eProducts keeps catalogs small: about ten listings a shop.
const e2eProducts = 40

// simProductPattern picks the simulator's JSON-LD product pages,
// /p/<id>/<handle>, out of its sitemaps.
const simProductPattern = `^/p/[^/]+/[^/]+$`

func TestScrapeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	shopsFile, err := filepath.Abs("../configs/shops.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Short backoff keeps the fault cases quick; a Retry-After still wins.
	env := e2eEnv("SKATESTOCK_SCRAPE_SHOPS_FILE="+shopsFile, "SKATESTOCK_SCRAPE_BACKOFF_BASE=10ms",
		"SKATESTOCK_DATA_DIR="+t.TempDir())
	t.Run("shops serve", func(t *testing.T) { e2eShopsServe(t, bin, env) })
	t.Run("dry run", func(t *testing.T) { e2eDryRun(t, bin, env) })
	t.Run("scheduler", func(t *testing.T) { e2eScheduler(t, bin, env) })
	t.Run("user agent", func(t *testing.T) { e2eUserAgent(t, bin, env) })
	t.Run("into the store", func(t *testing.T) { e2eScrapeStore(t, bin, env) })
	t.Run("faults", func(t *testing.T) { e2eFaults(t, bin, env) })
	t.Run("bad input", func(t *testing.T) { e2eScrapeBadInput(t, bin, env) })
}

// adHocArgs scrapes shop once by URL, at the highest rate a shop allows.
func adHocArgs(shop catalog.Shop, extra ...string) []string {
	args := []string{"scrape", "--url", shop.BaseURL, "--platform", string(shop.Platform),
		"--currency", shop.Currency, "--country", shop.Country, "--rate-limit", "10", "--once"}
	if shop.Platform == catalog.PlatformJSONLD {
		args = append(args, "--product-url-pattern", simProductPattern)
	}
	return append(args, extra...)
}

// e2eShopsServe runs `shops serve` on free ports, scrapes one of the shops
// it prints with the binary, then stops it with SIGINT: exit 0, promptly.
func e2eShopsServe(t *testing.T, bin string, env []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "shops", "serve", "--base-port", "0", "--products", "40", "--fault", "kantenwerk=slow:10ms")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	served := readServedShops(t, stdout, 5)
	want := newSimHarness(t, e2eProducts, nil)
	for i, s := range want.gen.Shops() {
		got := served[i]
		if got.slug != s.Slug || got.platform != string(s.Platform) || !strings.HasPrefix(got.url, "http://127.0.0.1:") {
			t.Errorf("shop %d served as %+v, want %s on %s at a loopback URL", i, got, s.Slug, s.Platform)
		}
	}
	if served[2].slug != "kantenwerk" || served[2].faults != "slow:10ms" || served[0].faults != "none" {
		t.Errorf("the FAULTS column should show each shop's faults: %+v", served)
	}

	shop := want.gen.Shops()[0] // Shopify, USD
	shop.BaseURL = served[0].url
	r := runBin(t, bin, env, adHocArgs(shop, "--allow-local", "--dry-run")...)
	mustSucceed(t, r, "scrape the served shop")
	events := decodeEvents(t, r.stdout)
	if n := count(want.served(t, shop.Slug)); len(events) != n {
		t.Errorf("scraped %d observations from the served shop, want %d", len(events), n)
	}

	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if took := time.Since(sent); took > 10*time.Second {
		t.Errorf("shops serve took %s to stop after SIGINT", took)
	}
	if err != nil {
		t.Errorf("shops serve after SIGINT: %v, want exit 0; stderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "shop simulator stopped") {
		t.Errorf("stderr does not log the graceful stop:\n%s", stderr.String())
	}
}

// servedShop is a row of the table `shops serve` prints once it listens.
type servedShop struct{ slug, platform, url, faults string }

// readServedShops reads the first n rows of the table on stdout.
func readServedShops(t *testing.T, stdout io.Reader, n int) []servedShop {
	t.Helper()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var out []servedShop
	timeout := time.After(30 * time.Second)
	for len(out) < n {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("shops serve ended its output after %d shops", len(out))
			}
			f := strings.Fields(l)
			if len(f) == 4 && strings.HasPrefix(f[2], "http://") {
				out = append(out, servedShop{slug: f[0], platform: f[1], url: f[2], faults: f[3]})
			}
		case <-timeout:
			t.Fatalf("shops serve printed %d of %d shops in 30s", len(out), n)
		}
	}
	go func() {
		for range lines { // keep the pipe drained until the process ends
		}
	}()
	return out
}

// e2eDryRun scrapes a shop of every platform into stdout: every line is a
// valid event, one per variant the shop serves, priced as served in minor
// units. Without --allow-local the fetcher's SSRF guard refuses the shop.
func e2eDryRun(t *testing.T, bin string, env []string) {
	h := startSimulator(t, e2eProducts, nil)
	for _, p := range platforms() {
		t.Run(string(p), func(t *testing.T) {
			shop := h.shop(t, p).Shop
			before := h.served(t, shop.Slug)
			r := runBin(t, bin, env, adHocArgs(shop, "--allow-local", "--dry-run", "--output", "jsonl")...)
			mustSucceed(t, r, "scrape --dry-run")
			events := decodeEvents(t, r.stdout)
			got := map[catalog.Money]int{}
			ids := h.variantIDs(shop.Slug)
			for _, ev := range events {
				got[ev.Observation().Price]++
				if ev.Currency != shop.Currency {
					t.Errorf("event in %s from a shop pricing in %s", ev.Currency, shop.Currency)
				}
				// Shopify and WooCommerce publish the catalog's ids; JSON-LD
				// pages have none, so those listings are known by URL.
				if p != catalog.PlatformJSONLD && !ids[[2]string{ev.ListingID, ev.VariantID}] {
					t.Errorf("listing %s variant %s is not an id of the catalog", ev.ListingID, ev.VariantID)
				}
			}
			if len(events) != count(before) {
				t.Errorf("%d observations, want one per served variant: %d", len(events), count(before))
			}
			// Prices change at slot boundaries; should one fall inside the
			// scrape, the comparison says nothing.
			if after := h.served(t, shop.Slug); equalCounts(before, after) && !equalCounts(got, before) {
				t.Errorf("prices scraped %v, served %v", got, before)
			}
			s := parseSummary(t, r.stderr)
			if s.observations != len(events) || s.failed != "" || s.errors != "none" {
				t.Errorf("summary %q does not match %d clean observations", s.line, len(events))
			}

			r = runBin(t, bin, env, adHocArgs(shop, "--dry-run")...)
			assertFailsOneLine(t, lastLine(r), exitFailure, "ssrf", "refusing to connect to loopback")
			if r.stdout != "" {
				t.Errorf("a refused scrape printed to stdout:\n%s", r.stdout)
			}
			if s := parseSummary(t, r.stderr); !strings.Contains(s.errors, "ssrf=") || s.failed == "" {
				t.Errorf("summary %q should count the ssrf error and say the run failed", s.line)
			}
		})
	}
}

// lastLine keeps only the last stderr line of r (the error), dropping the
// summaries and logs before it, for assertFailsOneLine.
func lastLine(r result) result {
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	r.stderr = lines[len(lines)-1] + "\n"
	return r
}

func equalCounts[K comparable](a, b map[K]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, n := range a {
		if b[k] != n {
			return false
		}
	}
	return true
}

// e2eScheduler runs scrape without --once: a single shop is read at once
// (no start jitter to wait for), then on its schedule, until SIGINT stops
// the scheduler cleanly: exit 0, the run's observations printed.
func e2eScheduler(t *testing.T, bin string, env []string) {
	h := startSimulator(t, e2eProducts, nil)
	shop := h.shop(t, catalog.PlatformShopify).Shop
	args := slices.DeleteFunc(adHocArgs(shop, "--allow-local", "--dry-run"), func(a string) bool { return a == "--once" })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var stdout strings.Builder
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	summaries := make(chan string, 10)
	go func() {
		defer close(summaries)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if summaryLine.MatchString(sc.Text()) {
				summaries <- sc.Text()
			}
		}
	}()
	select {
	case line := <-summaries:
		if s := parseSummaries(line); len(s) != 1 || s[0].failed != "" {
			t.Errorf("first run: %s", line)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no run finished within 30s")
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for range summaries { // drain until the process closes stderr
	}
	err = cmd.Wait()
	if took := time.Since(sent); took > 10*time.Second {
		t.Errorf("the scheduler took %s to stop after SIGINT", took)
	}
	if err != nil {
		t.Errorf("scrape after SIGINT: %v, want exit 0", err)
	}
	if n, want := len(decodeEvents(t, stdout.String())), count(h.served(t, shop.Slug)); n != want {
		t.Errorf("%d observations printed, want %d", n, want)
	}
}

// e2eUserAgent: every request, robots.txt included, names the stamped
// version and the shops file's contact URL.
func e2eUserAgent(t *testing.T, bin string, env []string) {
	var mu sync.Mutex
	agents := map[string]string{} // path -> User-Agent
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.URL.Path] = r.UserAgent()
		mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"products":[]}`)
	}))
	defer srv.Close()
	shop := catalog.Shop{BaseURL: srv.URL, Platform: catalog.PlatformShopify, Currency: "USD", Country: "US"}
	mustSucceed(t, runBin(t, bin, env, adHocArgs(shop, "--allow-local", "--dry-run")...), "scrape")
	want := "SkateStockBot/" + e2eVersion + " (+https://github.com/skatestock/skatestock#skatestockbot)"
	mu.Lock()
	defer mu.Unlock()
	if agents["/robots.txt"] != want || agents["/products.json"] != want {
		t.Errorf("User-Agent per path %v, want %q", agents, want)
	}
}
