package api

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/api/apitest"
)

// loadSpec is the validator of the served spec, built once for every test.
var loadSpec = sync.OnceValues(func() (*apitest.Validator, error) {
	s, err := newSpec(pageLimits{def: 24, max: 100})
	if err != nil {
		return nil, err
	}
	return apitest.Parse(s.body)
})

func mustSpec(t testing.TB) *apitest.Validator {
	t.Helper()
	v, err := loadSpec()
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	return v
}

// serve runs req through h and validates the response against the spec:
// the operation's declared response, or the Problem schema for requests no
// operation describes (unknown routes, wrong methods).
func serve(t testing.TB, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	return mustSpec(t).Serve(t, h, req)
}

// TestRoutesMatchSpec keeps the registered routes and the spec's paths
// equal, both ways.
func TestRoutesMatchSpec(t *testing.T) {
	s, _, _ := testServer(t, nil)
	m := mustSpec(t)
	var routes, specOps []string
	for _, r := range s.e.Routes() {
		if r.Method == echo.RouteNotFound {
			continue
		}
		parts := strings.Split(r.Path, "/")
		for i, p := range parts {
			if name, ok := strings.CutPrefix(p, ":"); ok {
				parts[i] = "{" + name + "}"
			}
		}
		routes = append(routes, r.Method+" "+strings.Join(parts, "/"))
	}
	for path, item := range m.Document().Paths.PathItems.FromOldest() {
		for method := range item.GetOperations().KeysFromOldest() {
			specOps = append(specOps, strings.ToUpper(method)+" "+path)
		}
	}
	for _, r := range routes {
		if !slices.Contains(specOps, r) {
			t.Errorf("route %s is registered but missing from openapi.yaml", r)
		}
	}
	for _, o := range specOps {
		if !slices.Contains(routes, o) {
			t.Errorf("openapi.yaml describes %s, which is not registered", o)
		}
	}
}

func TestSpecIsValidOpenAPI(t *testing.T) {
	m := mustSpec(t)
	if ok, errs := m.ValidateDocument(); !ok {
		for _, e := range errs {
			t.Errorf("%s: %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s: %s", se.KeywordLocation, se.Reason)
			}
		}
	}
	if got := m.Document().Components.Parameters.GetOrZero("limit").Schema.Schema().Maximum; got == nil || *got != 100 {
		t.Errorf("limit maximum = %v, want the configured 100", got)
	}
}

func TestOpenAPIJSONAndDocs(t *testing.T) {
	s, _, _ := testServer(t, nil)
	rec := serve(t, s.Handler(), httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"openapi":"3.1.0"`) {
		t.Fatalf("GET /openapi.json = %d %.100s", rec.Code, rec.Body)
	}
	rec = serve(t, s.Handler(), httptest.NewRequest(http.MethodGet, "/docs", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "swagger-ui-bundle.js") {
		t.Fatalf("GET /docs = %d %.200s", rec.Code, rec.Body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "'sha256-") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Errorf("docs CSP = %q, want inline scripts allowed by hash only", csp)
	}
	if strings.Contains(rec.Body.String(), "cdn") {
		t.Errorf("docs page refers to a CDN")
	}
	req := httptest.NewRequest(http.MethodGet, "/docs/swagger-ui-bundle.js", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec = serve(t, s.Handler(), req)
	if rec.Code != http.StatusOK || rec.Body.Len() < 1000 {
		t.Fatalf("GET /docs/swagger-ui-bundle.js = %d, %d bytes", rec.Code, rec.Body.Len())
	}
	rec = serve(t, s.Handler(), httptest.NewRequest(http.MethodGet, "/docs/nope.js", nil))
	if rec.Code != http.StatusNotFound || rec.Header().Get("Content-Type") != mimeProblem {
		t.Errorf("GET /docs/nope.js = %d %s, want a 404 problem", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestValidatorCatchesDrift proves the response check is not vacuous: a
// body that breaks the schema is reported.
func TestValidatorCatchesDrift(t *testing.T) {
	m := mustSpec(t)
	bad := map[string]string{
		"/api/v1/shops":      `{"items":[{"slug":"x"}]}`,
		"/api/v1/products":   `{"items":[],"next_cursor":null,"links":{"next":null},"extra":1}`,
		"/api/v1/products/1": `{"id":1}`,
		"/api/v1/stats":      `{"since":"yesterday"}`,
	}
	s, _, _ := testServer(t, nil)
	real := get(t, s, "/api/v1/products").Body.String()
	bad["/api/v1/products?x"] = strings.Replace(real, `{"id":1,`, `{"bogus":1,"id":1,`, 1)
	real = get(t, s, "/api/v1/products/1").Body.String()
	bad["/api/v1/products/1?x"] = strings.Replace(real, `"tags":`, `"bogus":1,"tags":`, 1)
	for path, body := range bad {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", "application/json")
		rec.Header().Set("ETag", `"x"`)
		rec.WriteHeader(http.StatusOK)
		rec.WriteString(body)
		res := rec.Result()
		if ok, _ := m.ValidateResponse(req, res); ok {
			t.Errorf("%s: body %s passed validation", path, body)
		}
	}
}

// TestAPITestReadsServedSpec: apitest.ForHandler, which other packages'
// tests use, validates against the very description the server serves.
func TestAPITestReadsServedSpec(t *testing.T) {
	s, _, _ := testServer(t, nil)
	if got := apitest.ForHandler(t, s.Handler()); got != mustSpec(t) {
		t.Error("apitest.ForHandler built another validator than the served spec's")
	}
}
