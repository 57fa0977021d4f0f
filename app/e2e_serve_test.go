package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeEndToEnd starts the real binary's serve on seeded SQLite data
// and uses the API as a client would: filters, a product, docs, health,
// metrics, admin without a key, then a graceful stop.
func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	env := e2eEnv(
		"SKATESTOCK_DATA_DIR="+dir,
		"SKATESTOCK_API_ADMIN_KEYS=e2e-admin-key-0123456789",
		"SKATESTOCK_SCRAPE_SHOPS_FILE="+filepath.Join("..", "configs", "shops.yaml"),
	)
	mustSucceed(t, runBin(t, bin, env, "migrate", "up"), "migrate up")
	mustSucceed(t, runBin(t, bin, env, "seed", "--products", "300", "--days", "7"), "seed")

	srv := startServe(t, bin, env)
	get := func(path string, wantStatus int) []byte {
		t.Helper()
		resp, err := http.Get(srv.base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != wantStatus {
			t.Fatalf("GET %s = %d, want %d: %s", path, resp.StatusCode, wantStatus, body)
		}
		return body
	}

	get("/healthz", http.StatusOK)

	var page struct {
		Items []struct {
			ID         int64                  `json:"id"`
			Brand      string                 `json:"brand"`
			DiscountBP int                    `json:"discount_bp"`
			Title      string                 `json:"title"`
			Price      *struct{ Minor int64 } `json:"price"`
		} `json:"items"`
	}
	mustJSON(t, get("/api/v1/products?brand=Independent&discount_min=20", http.StatusOK), &page)
	if len(page.Items) == 0 {
		t.Fatal("/products?brand=Independent&discount_min=20 found nothing in the seeded catalog")
	}
	for _, it := range page.Items {
		if it.Brand != "Independent" || it.DiscountBP < 2000 {
			t.Errorf("item %d (%s, %d bp) does not match brand=Independent&discount_min=20", it.ID, it.Brand, it.DiscountBP)
		}
	}

	var product struct {
		ID     int64 `json:"id"`
		Offers []struct {
			Shop string `json:"shop"`
		} `json:"offers"`
	}
	mustJSON(t, get(fmt.Sprintf("/api/v1/products/%d", page.Items[0].ID), http.StatusOK), &product)
	if product.ID != page.Items[0].ID || len(product.Offers) == 0 {
		t.Errorf("product %d: got id %d with %d offers", page.Items[0].ID, product.ID, len(product.Offers))
	}
	get(fmt.Sprintf("/api/v1/products/%d/history?resolution=day", page.Items[0].ID), http.StatusOK)
	get("/api/v1/products/999999999", http.StatusNotFound)
	problem := get("/api/v1/products?discount_mni=20", http.StatusBadRequest)
	if !strings.Contains(string(problem), "discount_mni") {
		t.Errorf("an unknown parameter's problem should name it: %s", problem)
	}
	for _, p := range []string{"/api/v1/deals", "/api/v1/shops", "/api/v1/brands", "/api/v1/categories", "/api/v1/stats", "/openapi.json", "/docs"} {
		get(p, http.StatusOK)
	}
	if m := string(get("/metrics", http.StatusOK)); !strings.Contains(m, "skatestock_consumer_lag_up") || !strings.Contains(m, "/api/v1/products") {
		t.Errorf("/metrics lacks the lag and per-route metrics:\n%.2000s", m)
	}
	// Nothing was scraped: the seeded shops are not fresh, and readyz says
	// which part fails.
	if body := string(get("/readyz", http.StatusServiceUnavailable)); !strings.Contains(body, "scrapes") {
		t.Errorf("/readyz should name the scrapes part: %s", body)
	}
	r := runBin(t, bin, env, "verify", "--url", srv.base)
	assertFailsOneLine(t, r, exitFailure, "verify: not well: scrapes")
	resp, err := http.Post(srv.base+"/api/v1/admin/scrape/labor", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("admin scrape without a key = %d, want 401", resp.StatusCode)
	}

	srv.stop(t)
}

// serveProcess is a running `skatestock serve`.
type serveProcess struct {
	cmd    *exec.Cmd
	base   string
	stderr *strings.Builder
	done   chan error
}

// startServe starts serve on a free loopback port and waits for the URLs
// it prints once it listens.
func startServe(t *testing.T, bin string, env []string, extra ...string) *serveProcess {
	t.Helper()
	return startListening(t, bin, env, append([]string{"serve", "--http-addr", "127.0.0.1:0"}, extra...)...)
}

// startListening starts a command that serves the API (serve, demo) and
// waits for the URLs it prints once it listens.
func startListening(t *testing.T, bin string, env []string, args ...string) *serveProcess {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &serveProcess{cmd: cmd, stderr: &strings.Builder{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "api" {
				urls <- strings.TrimSuffix(f[1], "/api/v1")
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case s.base = <-urls:
	case err := <-s.done:
		t.Fatalf("%s exited before listening: %v\n%s", args[0], err, s.stderr)
	case <-ctx.Done():
		t.Fatalf("%s did not print its URLs\n%s", args[0], s.stderr)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	return s
}

// stop sends SIGTERM and expects a clean exit.
func (s *serveProcess) stop(t *testing.T) { t.Helper(); s.stopWith(t, syscall.SIGTERM) }

// stopWith sends sig and expects a clean exit.
func (s *serveProcess) stopWith(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	err := <-s.done
	var ee *exec.ExitError
	if errors.As(err, &ee) || err != nil {
		t.Fatalf("serve after SIGTERM: %v, want exit 0; stderr:\n%s", err, s.stderr)
	}
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}
