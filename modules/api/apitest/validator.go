// Package apitest checks HTTP responses against the OpenAPI description the
// API serves, for the api package's own tests and for tests elsewhere (app)
// that drive the real handler or the real binary.
package apitest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	valerrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// SpecPath is where the API serves its description.
const SpecPath = "/openapi.json"

// mimeProblem is the content type of every error the API answers.
const mimeProblem = "application/problem+json"

// Validator checks responses against one OpenAPI description. It is safe
// for concurrent use: validations are serialised, as the underlying
// validator's caches are shared.
type Validator struct {
	doc     *v3.Document
	problem *base.Schema

	mu sync.Mutex // guards v
	v  validator.Validator
}

// validators caches one Validator per description (by hash): building one
// parses and compiles the whole document.
var validators sync.Map // [32]byte -> *validatorEntry

type validatorEntry struct {
	once sync.Once
	v    *Validator
	err  error
}

// Parse returns the Validator of the OpenAPI 3.1 document spec (JSON or
// YAML), format assertions on. The same document yields the same Validator.
func Parse(spec []byte) (*Validator, error) {
	e, _ := validators.LoadOrStore(sha256.Sum256(spec), &validatorEntry{})
	entry := e.(*validatorEntry)
	entry.once.Do(func() { entry.v, entry.err = parse(spec) })
	return entry.v, entry.err
}

func parse(spec []byte) (*Validator, error) {
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		return nil, fmt.Errorf("parse openapi: %w", err)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("build openapi model: %w", err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		return nil, fmt.Errorf("openapi validator: %w", errors.Join(errs...))
	}
	problem := m.Model.Components.Schemas.GetOrZero("Problem")
	if problem == nil {
		return nil, errors.New("openapi: no Problem schema in components")
	}
	return &Validator{doc: &m.Model, v: v, problem: problem.Schema()}, nil
}

// ForHandler returns the Validator of the description h serves at
// SpecPath: what the server really describes, page limits included. It
// fails t when h does not serve one.
func ForHandler(t testing.TB, h http.Handler) *Validator {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, SpecPath, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s = %d: %.200s", SpecPath, rec.Code, rec.Body)
	}
	return MustParse(t, rec.Body.Bytes())
}

// ForURL is ForHandler for a server at base (http://host:port), fetched
// with client (nil: http.DefaultClient).
func ForURL(t testing.TB, client *http.Client, base string) *Validator {
	t.Helper()
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Get(strings.TrimSuffix(base, "/") + SpecPath)
	if err != nil {
		t.Fatalf("GET %s: %v", SpecPath, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, %v: %.200s", SpecPath, resp.StatusCode, err, body)
	}
	return MustParse(t, body)
}

// MustParse is Parse that fails t.
func MustParse(t testing.TB, spec []byte) *Validator {
	t.Helper()
	v, err := Parse(spec)
	if err != nil {
		t.Fatalf("load openapi description: %v", err)
	}
	return v
}

// Document is the parsed description, for tests that walk its paths.
func (v *Validator) Document() *v3.Document { return v.doc }

// ValidateResponse runs the raw check of res (whose body must be
// uncompressed) as the operation of req declares it, without the fallback
// for undocumented routes. It is for tests that prove the check is not
// vacuous.
func (v *Validator) ValidateResponse(req *http.Request, res *http.Response) (bool, []*valerrors.ValidationError) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.v.ValidateHttpResponse(req, res)
}

// ValidateDocument checks the description itself against OpenAPI 3.1.
func (v *Validator) ValidateDocument() (bool, []*valerrors.ValidationError) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.v.ValidateDocument()
}

// Serve runs req through h, checks the response and returns it.
func (v *Validator) Serve(t testing.TB, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	v.CheckRecorder(t, req, rec)
	return rec
}

// CheckRecorder is Check for a response recorded by httptest.
func (v *Validator) CheckRecorder(t testing.TB, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	res := rec.Result()
	res.Body = io.NopCloser(bytes.NewReader(rec.Body.Bytes()))
	v.Check(t, req, res)
}

// Check reports on t (t.Errorf, so a test sees every broken response) how
// res breaks the description: the status, headers and body the operation
// of req declares, or, for a request no operation describes (unknown
// route, wrong method), the Problem schema. A gzip body is decompressed
// for the check. res.Body is read and replaced by an equal reader, so the
// caller can still read it; the body is returned too, decompressed.
func (v *Validator) Check(t testing.TB, req *http.Request, res *http.Response) []byte {
	t.Helper()
	body, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	plain := body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err == nil {
			plain, err = io.ReadAll(zr)
		}
		if err != nil {
			t.Fatalf("%s %s: bad gzip body: %v", req.Method, req.URL, err)
		}
	}
	checked := *res
	checked.Body = io.NopCloser(bytes.NewReader(plain))

	v.mu.Lock()
	ok, errs := v.v.ValidateHttpResponse(req, &checked)
	if !ok && len(errs) > 0 && errs[0].ValidationType == helpers.PathValidation {
		if ct := res.Header.Get("Content-Type"); ct != mimeProblem {
			v.mu.Unlock()
			t.Errorf("%s %s: undocumented route answered %d %s, want a problem", req.Method, req.URL, res.StatusCode, ct)
			return plain
		}
		ok, errs = schema_validation.NewSchemaValidator().ValidateSchemaBytes(v.problem, plain)
	}
	v.mu.Unlock()
	if !ok {
		for _, e := range errs {
			detail := e.Reason
			for _, se := range e.SchemaValidationErrors {
				detail += "; " + se.FieldPath + " (" + se.KeywordLocation + "): " + se.Reason
			}
			t.Errorf("%s %s -> %d: response breaks the spec: %s (%s)", req.Method, req.URL, res.StatusCode, e.Message, detail)
		}
		t.Logf("body: %.2000s", plain)
	}
	return plain
}
