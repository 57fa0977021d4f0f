package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// specModel is the served spec, parsed once for every test.
type specModel struct {
	doc       *v3.Document
	validator validator.Validator
	problem   *base.Schema
}

var loadSpec = sync.OnceValues(func() (*specModel, error) {
	s, err := newSpec(pageLimits{def: 24, max: 100})
	if err != nil {
		return nil, err
	}
	doc, err := libopenapi.NewDocument(s.body)
	if err != nil {
		return nil, err
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		return nil, err
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return &specModel{doc: &m.Model, validator: v, problem: m.Model.Components.Schemas.GetOrZero("Problem").Schema()}, nil
})

func mustSpec(t testing.TB) *specModel {
	t.Helper()
	m, err := loadSpec()
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	return m
}

// serve runs req through h and validates the response against the spec:
// the operation's declared response, or the Problem schema for requests no
// operation describes (unknown routes, wrong methods).
func serve(t testing.TB, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	validateResponse(t, req, rec)
	return rec
}

// validateMu serialises validation: the validator's caches are shared.
var validateMu sync.Mutex

func validateResponse(t testing.TB, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	m := mustSpec(t)
	body := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s %s: bad gzip body: %v", req.Method, req.URL, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s %s: bad gzip body: %v", req.Method, req.URL, err)
		}
	}
	res := rec.Result()
	res.Body = io.NopCloser(bytes.NewReader(body))

	validateMu.Lock()
	defer validateMu.Unlock()
	ok, errs := m.validator.ValidateHttpResponse(req, res)
	if !ok && len(errs) > 0 && errs[0].ValidationType == helpers.PathValidation {
		if ct := rec.Header().Get("Content-Type"); ct != mimeProblem {
			t.Errorf("%s %s: undocumented route answered %d %s, want a problem", req.Method, req.URL, rec.Code, ct)
			return
		}
		ok, errs = schema_validation.NewSchemaValidator().ValidateSchemaBytes(m.problem, body)
	}
	if !ok {
		for _, e := range errs {
			detail := e.Reason
			for _, se := range e.SchemaValidationErrors {
				detail += "; " + se.FieldPath + " (" + se.KeywordLocation + "): " + se.Reason
			}
			t.Errorf("%s %s -> %d: response breaks the spec: %s (%s)", req.Method, req.URL, rec.Code, e.Message, detail)
		}
		t.Logf("body: %s", body)
	}
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
	for path, item := range m.doc.Paths.PathItems.FromOldest() {
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
	validateMu.Lock()
	defer validateMu.Unlock()
	if ok, errs := m.validator.ValidateDocument(); !ok {
		for _, e := range errs {
			t.Errorf("%s: %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s: %s", se.KeywordLocation, se.Reason)
			}
		}
	}
	if got := m.doc.Components.Parameters.GetOrZero("limit").Schema.Schema().Maximum; got == nil || *got != 100 {
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
		validateMu.Lock()
		ok, _ := m.validator.ValidateHttpResponse(req, res)
		validateMu.Unlock()
		if ok {
			t.Errorf("%s: body %s passed validation", path, body)
		}
	}
}
