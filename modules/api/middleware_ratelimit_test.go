package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestRateLimitRefuses(t *testing.T) {
	ips := &fakeLimiter{budget: 2}
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.IPLimiter = ips })
	for i := range 2 {
		rec := get(t, s, "/api/v1/shops")
		if rec.Code != http.StatusOK || rec.Header().Get("RateLimit-Remaining") != []string{"1", "0"}[i] {
			t.Fatalf("request %d: %d, remaining %q", i, rec.Code, rec.Header().Get("RateLimit-Remaining"))
		}
	}
	rec := get(t, s, "/api/v1/shops")
	p := decodeProblem(t, rec, http.StatusTooManyRequests)
	h := rec.Header()
	if h.Get("Retry-After") != "2" || h.Get("RateLimit-Limit") != "2" || h.Get("RateLimit-Remaining") != "0" || h.Get("RateLimit-Reset") != "2" {
		t.Errorf("429 headers = %v (Retry-After rounds 1.5s up)", h)
	}
	if !strings.Contains(p.Detail, "ip") {
		t.Errorf("detail = %q", p.Detail)
	}
	if got := testutil.ToFloat64(s.metrics.limited.WithLabelValues("ip")); got != 1 {
		t.Errorf("rate_limited_total{ip} = %v", got)
	}
	// Machines polling health are never limited.
	for range 3 {
		if rec := get(t, s, "/healthz"); rec.Code != http.StatusOK {
			t.Errorf("/healthz limited: %d", rec.Code)
		}
	}
	if keys := ips.keys(); len(keys) != 1 || keys["ip:192.0.2.1"] != 3 {
		t.Errorf("limiter buckets = %v", keys)
	}
}

func TestRateLimitFailsOpen(t *testing.T) {
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.IPLimiter = &fakeLimiter{err: errBoom} })
	rec := get(t, s, "/api/v1/shops")
	if rec.Code != http.StatusOK || rec.Header().Get("RateLimit-Remaining") != "" {
		t.Errorf("limiter error: %d %v, want 200 without rate headers", rec.Code, rec.Header())
	}
	if got := testutil.ToFloat64(s.metrics.limiterErrs.WithLabelValues("ip")); got != 1 {
		t.Errorf("rate_limiter_errors_total{ip} = %v", got)
	}
}

func TestRateLimitPerKey(t *testing.T) {
	ips, keys := &fakeLimiter{budget: 100}, &fakeLimiter{budget: 1}
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.IPLimiter, d.KeyLimiter = ips, keys })
	get(t, s, "/api/v1/shops", headerAPIKey, testKey)
	rec := get(t, s, "/api/v1/shops", "Authorization", "Bearer "+testKey)
	decodeProblem(t, rec, http.StatusTooManyRequests)
	// An unknown key gets no bucket of its own: random keys must not grow
	// the limiter's state.
	if rec := get(t, s, "/api/v1/shops", headerAPIKey, "not-a-configured-key-at-all"); rec.Code != http.StatusOK {
		t.Errorf("unknown key: %d", rec.Code)
	}
	got := keys.keys()
	if len(got) != 1 {
		t.Fatalf("key buckets = %v", got)
	}
	for k := range got {
		if !strings.HasPrefix(k, "key:") || strings.Contains(k, testKey) {
			t.Errorf("key bucket %q must be a hash of the key", k)
		}
	}
	if got := testutil.ToFloat64(s.metrics.limited.WithLabelValues("key")); got != 1 {
		t.Errorf("rate_limited_total{key} = %v", got)
	}
}

func TestClientIP(t *testing.T) {
	tests := []struct {
		name    string
		trusted []string
		remote  string
		xff     string
		want    string
	}{
		{"peer by default", nil, "192.0.2.1:1234", "203.0.113.9", "ip:192.0.2.1"},
		{"private peer not trusted by default", nil, "10.0.0.5:1234", "203.0.113.9", "ip:10.0.0.5"},
		{"trusted proxy", []string{"10.0.0.0/8"}, "10.0.0.5:1234", "203.0.113.9", "ip:203.0.113.9"},
		{"spoofed chain", []string{"10.0.0.0/8"}, "10.0.0.5:1234", "1.1.1.1, 203.0.113.9", "ip:203.0.113.9"},
		{"untrusted peer", []string{"10.0.0.0/8"}, "192.0.2.1:1234", "203.0.113.9", "ip:192.0.2.1"},
		{"loopback not trusted unless listed", []string{"10.0.0.0/8"}, "127.0.0.1:1234", "203.0.113.9", "ip:127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ips := &fakeLimiter{budget: 10}
			s, _, _ := testServer(t, func(c *Config, d *Deps) { c.TrustedProxies, d.IPLimiter = tt.trusted, ips })
			req := newRequest(http.MethodGet, "/api/v1/shops", nil, "X-Forwarded-For", tt.xff)
			req.RemoteAddr = tt.remote
			serve(t, s.Handler(), req)
			if got := ips.keys(); got[tt.want] != 1 || len(got) != 1 {
				t.Errorf("buckets = %v, want %s", got, tt.want)
			}
		})
	}
}
