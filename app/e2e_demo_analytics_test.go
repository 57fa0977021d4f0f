package app

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDemoAnalytics runs `skatestock demo` on a history long enough to
// train the stock-out model: once the seeded history has landed, the demo
// rebuilds the patterns and forecasts, so the analytics routes and the
// product page's verdicts have something to show on the first run.
func TestDemoAnalytics(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	env := e2eEnv("SKATESTOCK_DATA_DIR=" + t.TempDir())
	demo := startListening(t, bin, env, "demo", "--http-addr", "127.0.0.1:0", "--shops", "3", "--products", "150", "--days", "24")
	defer demo.stopWith(t, syscall.SIGINT)

	type page struct {
		Items []struct {
			ProductID   int64    `json:"product_id"`
			Type        string   `json:"type"`
			Probability *float64 `json:"probability"`
		} `json:"items"`
	}
	get := func(path string, out any) int {
		resp, err := http.Get(demo.base + path)
		if err != nil {
			return 0
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == http.StatusOK && out != nil {
			if err := json.Unmarshal(body, out); err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
		}
		return resp.StatusCode
	}
	// The deadline is a hang guard, not an assertion on speed.
	var forecasts page
	for deadline := time.Now().Add(3 * time.Minute); ; {
		if get("/api/v1/analytics/stockouts?limit=5", &forecasts) == http.StatusOK && len(forecasts.Items) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no stock-out forecasts within 3 minutes of the demo starting")
		}
		time.Sleep(500 * time.Millisecond)
	}
	if p := forecasts.Items[0].Probability; p == nil || *p < 0 || *p > 1 {
		t.Errorf("first forecast %+v", forecasts.Items[0])
	}
	var patterns page
	if code := get("/api/v1/analytics/discount-patterns?limit=100", &patterns); code != http.StatusOK || len(patterns.Items) == 0 {
		t.Errorf("discount patterns: %d with %d items, want some", code, len(patterns.Items))
	}
	var product struct {
		Variants []struct {
			Observed bool            `json:"observed"`
			Verdict  json.RawMessage `json:"verdict"`
		} `json:"variants"`
	}
	if code := get(fmt.Sprintf("/api/v1/products/%d?days=14", forecasts.Items[0].ProductID), &product); code != http.StatusOK {
		t.Fatalf("product page: %d", code)
	}
	for _, v := range product.Variants {
		if v.Observed && !strings.Contains(string(v.Verdict), `"reason"`) {
			t.Errorf("an observed variant without a verdict: %s", v.Verdict)
		}
	}
}
