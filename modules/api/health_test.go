package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestHealthz(t *testing.T) {
	s, _, _ := testServer(t, func(_ *Config, d *Deps) {
		d.Probes = []Probe{{Name: "database", Check: func(context.Context) (any, error) { return nil, errBoom }}}
	})
	rec := get(t, s, "/healthz")
	if rec.Code != http.StatusOK || rec.Body.String() != `{"status":"ok"}` {
		t.Errorf("healthz = %d %s (must not look at dependencies)", rec.Code, rec.Body)
	}
}

func TestReadyz(t *testing.T) {
	ok := func(detail any) func(context.Context) (any, error) {
		return func(context.Context) (any, error) { return detail, nil }
	}
	s, _, _ := testServer(t, func(_ *Config, d *Deps) {
		d.Probes = []Probe{
			{Name: "database", Check: ok(nil)},
			{Name: "kafka", Check: ok(map[string]int64{"product-events/0": 3, "product-events/1": 0})},
			{Name: "scrapes", Check: ok(map[string]float64{"skate-warehouse": 1800})},
		}
	})
	rec := get(t, s, "/readyz")
	if rec.Code != http.StatusOK {
		t.Fatalf("readyz = %d %s", rec.Code, rec.Body)
	}
	body := decodeJSON[struct {
		Status string                 `json:"status"`
		Checks map[string]checkResult `json:"checks"`
	}](t, rec)
	if body.Status != "ready" || len(body.Checks) != 3 || body.Checks["kafka"].Detail == nil {
		t.Errorf("readyz = %+v", body)
	}
}

func TestReadyzNamesFailingParts(t *testing.T) {
	s, _, _ := testServer(t, func(c *Config, d *Deps) {
		d.Probes = []Probe{
			{Name: "database", Check: func(context.Context) (any, error) { return nil, nil }},
			{Name: "redis", Check: func(context.Context) (any, error) { return nil, errBoom }},
			{Name: "scrapes", Check: func(context.Context) (any, error) { panic("bad probe") }},
		}
	})
	rec := get(t, s, "/readyz")
	p := decodeProblem(t, rec, http.StatusServiceUnavailable)
	if p.Detail != "not ready: redis, scrapes" {
		t.Errorf("detail = %q", p.Detail)
	}
	if p.Checks["database"].Status != "ok" || p.Checks["redis"].Status != "failed" || p.Checks["scrapes"].Status != "failed" {
		t.Errorf("checks = %+v", p.Checks)
	}
	if strings.Contains(rec.Body.String(), "secret-host") {
		t.Errorf("probe error leaked: %s", rec.Body)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("readiness cacheable")
	}
}

// Probes are bounded by ReadyTimeout, even one that ignores its context.
func TestReadyzTimesOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	s, _, _ := testServer(t, func(c *Config, d *Deps) {
		c.ReadyTimeout = 1
		d.Probes = []Probe{
			{Name: "database", Check: func(context.Context) (any, error) { <-release; return nil, nil }},
			{Name: "kafka", Check: func(ctx context.Context) (any, error) { <-ctx.Done(); return nil, ctx.Err() }},
		}
	})
	p := decodeProblem(t, get(t, s, "/readyz"), http.StatusServiceUnavailable)
	if p.Detail != "not ready: database, kafka" || p.Checks["database"].Status != "timeout" || p.Checks["kafka"].Status != "timeout" {
		t.Errorf("problem = %+v", p)
	}
}
