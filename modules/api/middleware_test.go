package api

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/skatestock/skatestock/modules/catalog"
)

func TestRequestID(t *testing.T) {
	s, _, _ := testServer(t, nil)
	rec := get(t, s, "/healthz", headerRequestID, "abc-123.def:4_5")
	if got := rec.Header().Get(headerRequestID); got != "abc-123.def:4_5" {
		t.Errorf("sane incoming id replaced by %q", got)
	}
	for _, bad := range []string{"", "has space", "<script>", strings.Repeat("a", 129)} {
		rec := get(t, s, "/healthz", headerRequestID, bad)
		if got := rec.Header().Get(headerRequestID); got == bad || !saneRequestID(got) {
			t.Errorf("incoming id %q gave %q, want a fresh sane one", bad, got)
		}
	}
	rec = get(t, s, "/nope", headerRequestID, "trace-me")
	if p := decodeProblem(t, rec, http.StatusNotFound); p.RequestID != "trace-me" {
		t.Errorf("problem request_id = %q", p.RequestID)
	}
}

func TestSecureHeaders(t *testing.T) {
	s, _, _ := testServer(t, nil)
	for _, path := range []string{"/api/v1/products", "/nope"} {
		h := get(t, s, path).Header()
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
			"Referrer-Policy":        "no-referrer",
		} {
			if got := h.Get(k); got != want {
				t.Errorf("%s %s = %q, want %q", path, k, got, want)
			}
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s CSP = %q", path, csp)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent without TLS", path)
		}
	}
}

func TestRouterErrorsAreProblems(t *testing.T) {
	s, _, _ := testServer(t, func(c *Config, _ *Deps) { c.BodyLimit = 64 })
	p := decodeProblem(t, get(t, s, "/api/v1/nope?x=1"), http.StatusNotFound)
	if p.Instance != "/api/v1/nope" || !strings.Contains(p.Detail, "/api/v1/nope") {
		t.Errorf("404 problem = %+v", p)
	}
	rec := do(t, s, http.MethodDelete, "/api/v1/products", nil)
	decodeProblem(t, rec, http.StatusMethodNotAllowed)
	if rec.Header().Get("Allow") == "" {
		t.Errorf("405 without Allow")
	}
	big := strings.NewReader(`{"kind":"` + strings.Repeat("x", 100) + `"}`)
	rec = do(t, s, http.MethodPost, "/api/v1/admin/dlq/replay", big, headerAPIKey, testKey, "Content-Type", "application/json")
	decodeProblem(t, rec, http.StatusRequestEntityTooLarge)
}

func TestBodyLimitWhileReading(t *testing.T) {
	s, _, _ := testServer(t, func(c *Config, d *Deps) { c.BodyLimit = 64; d.DeadLetters = &fakeDLQ{} })
	req := strings.NewReader(`{"kind":"` + strings.Repeat("x", 100) + `"}`)
	r := newRequest(http.MethodPost, "/api/v1/admin/dlq/replay", req, headerAPIKey, testKey, "Content-Type", "application/json")
	r.ContentLength = -1 // chunked: only reading finds out
	decodeProblem(t, serve(t, s.Handler(), r), http.StatusRequestEntityTooLarge)
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	var logs bytes.Buffer
	cat := &fakeCatalog{products: func(context.Context, catalog.ProductQuery) (catalog.ProductPage, error) {
		return catalog.ProductPage{}, errBoom
	}}
	reg := prometheus.NewRegistry()
	s, err := New(Config{}, slog.New(slog.NewJSONHandler(&logs, nil)), Deps{Catalog: cat, Registerer: reg, Gatherer: reg})
	if err != nil {
		t.Fatal(err)
	}
	rec := get(t, s, "/api/v1/products")
	p := decodeProblem(t, rec, http.StatusInternalServerError)
	if strings.Contains(rec.Body.String(), "secret-host") {
		t.Errorf("internal error leaked: %s", rec.Body)
	}
	if !strings.Contains(logs.String(), "secret-host") || !strings.Contains(logs.String(), p.RequestID) {
		t.Errorf("internal error not logged with its request id: %s", logs.String())
	}
}

func TestRecoverPanic(t *testing.T) {
	var logs bytes.Buffer
	reg := prometheus.NewRegistry()
	s, err := New(Config{}, slog.New(slog.NewJSONHandler(&logs, nil)), Deps{Catalog: &fakeCatalog{}, Registerer: reg, Gatherer: reg})
	if err != nil {
		t.Fatal(err)
	}
	s.Mount(func(e *echo.Echo) {
		e.GET("/boom", func(echo.Context) error { panic("kaboom") })
	})
	rec := get(t, s, "/boom")
	decodeProblem(t, rec, http.StatusInternalServerError)
	if strings.Contains(rec.Body.String(), "kaboom") {
		t.Errorf("panic value leaked: %s", rec.Body)
	}
	if !strings.Contains(logs.String(), "handler_panic") || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("panic not logged with a stack: %s", logs.String())
	}
	if got := testutil.ToFloat64(s.metrics.panics); got != 1 {
		t.Errorf("panics metric = %v", got)
	}
	// The access log and the duration histogram use the route template.
	if !strings.Contains(logs.String(), `"route":"/boom"`) {
		t.Errorf("access log without route: %s", logs.String())
	}
}

// TestRequestTimeout: what a route reads from the store runs under
// RequestTimeout, whether the answer is cached or not; the admin routes
// run under it whole.
func TestRequestTimeout(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cache bool
	}{{"uncached", false}, {"cached", true}} {
		t.Run(tc.name, func(t *testing.T) {
			s, cat, _ := testServer(t, func(c *Config, d *Deps) {
				c.RequestTimeout = 1
				if tc.cache {
					d.Cache = newFakeCache()
				}
			})
			cat.products = func(ctx context.Context, _ catalog.ProductQuery) (catalog.ProductPage, error) {
				<-ctx.Done() // a store call that outlives the deadline
				return catalog.ProductPage{}, ctx.Err()
			}
			decodeProblem(t, get(t, s, "/api/v1/products"), http.StatusGatewayTimeout)
		})
	}
}

func TestGzip(t *testing.T) {
	s, _, _ := testServer(t, nil)
	plain := get(t, s, "/api/v1/products")
	rec := get(t, s, "/api/v1/products", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("headers = %v", rec.Header())
	}
	if rec.Body.Len() >= plain.Body.Len() {
		t.Errorf("gzip body %d bytes, plain %d", rec.Body.Len(), plain.Body.Len())
	}
	// Two representations, two strong validators.
	gz, id := rec.Header().Get("ETag"), plain.Header().Get("ETag")
	if gz == id || !strings.HasSuffix(gz, `-gzip"`) {
		t.Errorf("ETags: gzip %s, identity %s", gz, id)
	}
	rec = get(t, s, "/api/v1/products", "Accept-Encoding", "gzip", "If-None-Match", gz)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("revalidation of gzip = %d %q %v", rec.Code, rec.Body, rec.Header())
	}
	// Small bodies are not worth compressing and keep the plain ETag.
	rec = get(t, s, "/healthz", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("tiny /healthz compressed")
	}
}

func TestCORS(t *testing.T) {
	s, _, _ := testServer(t, nil)
	if h := get(t, s, "/api/v1/shops", "Origin", "https://evil.example").Header(); h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS answered without configured origins")
	}
	s, _, _ = testServer(t, func(c *Config, _ *Deps) { c.CORSOrigins = []string{"https://app.example"} })
	h := get(t, s, "/api/v1/shops", "Origin", "https://app.example").Header()
	if h.Get("Access-Control-Allow-Origin") != "https://app.example" || !strings.Contains(h.Get("Access-Control-Expose-Headers"), "Etag") && !strings.Contains(h.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("CORS headers = %v", h)
	}
	if h := get(t, s, "/api/v1/shops", "Origin", "https://evil.example").Header(); h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS allowed an unlisted origin")
	}
}

func TestAccessLogNeverHoldsTheKey(t *testing.T) {
	var logs bytes.Buffer
	reg := prometheus.NewRegistry()
	s, err := New(Config{AdminKeys: []string{testKey}}, slog.New(slog.NewJSONHandler(&logs, nil)),
		Deps{Catalog: &fakeCatalog{}, Registerer: reg, Gatherer: reg, IPLimiter: &fakeLimiter{budget: 10}, KeyLimiter: &fakeLimiter{budget: 10}})
	if err != nil {
		t.Fatal(err)
	}
	get(t, s, "/api/v1/admin/dlq", headerAPIKey, testKey)
	get(t, s, "/api/v1/products/1", "Authorization", "Bearer "+testKey)
	get(t, s, "/api/v1/admin/dlq", headerAPIKey, "wrong-key-wrong-key-wrong")
	if strings.Contains(logs.String(), testKey) || strings.Contains(logs.String(), "wrong-key") {
		t.Errorf("a key reached the log: %s", logs.String())
	}
	for _, want := range []string{`"route":"/api/v1/products/:id"`, `"status":200`, `"client_ip":"192.0.2.1"`, `"request_id":`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("access log lacks %s: %s", want, logs.String())
		}
	}
}

func TestMetricsEndpoint(t *testing.T) {
	s, _, reg := testServer(t, nil)
	pipeline := prometheus.NewCounter(prometheus.CounterOpts{Name: "skatestock_ingest_records_total", Help: "x"})
	reg.MustRegister(pipeline)
	get(t, s, "/api/v1/products/1")
	get(t, s, "/api/v1/products/2")
	get(t, s, "/unknown/123")
	rec := get(t, s, "/metrics")
	body := rec.Body.String()
	for _, want := range []string{
		`skatestock_http_request_duration_seconds_count{method="GET",route="/api/v1/products/:id",status="200"} 1`,
		`skatestock_http_request_duration_seconds_count{method="GET",route="/api/v1/products/:id",status="404"} 1`,
		`route="unmatched",status="404"`,
		"skatestock_http_requests_in_flight",
		"skatestock_ingest_records_total 0",
		`skatestock_api_cache_lookups_total{result="hit"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, `route="/unknown/123"`) {
		t.Errorf("raw path used as a label")
	}
}
