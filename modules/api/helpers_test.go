package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func get(t testing.TB, s *Server, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, s, http.MethodGet, target, nil, header...)
}

// do sends a request with header pairs ("Name", "value", ...) and
// validates the answer against the spec.
func do(t testing.TB, s *Server, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return serve(t, s.Handler(), req)
}

// decodeProblem checks rec is a problem of status and returns it.
func decodeProblem(t testing.TB, rec *httptest.ResponseRecorder, status int) problem {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != mimeProblem {
		t.Fatalf("Content-Type = %q, want %s", ct, mimeProblem)
	}
	var p problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body: %v: %s", err, rec.Body)
	}
	if p.Status != status || p.Title == "" || p.Type != "about:blank" || p.RequestID == "" {
		t.Errorf("problem = %+v, want status %d with title, type and request id", p, status)
	}
	return p
}

// wantInvalid checks rec is a 400 naming exactly params.
func wantInvalid(t testing.TB, rec *httptest.ResponseRecorder, params ...string) problem {
	t.Helper()
	p := decodeProblem(t, rec, http.StatusBadRequest)
	var names []string
	for _, ip := range p.InvalidParams {
		names = append(names, ip.Name)
		if ip.Reason == "" {
			t.Errorf("invalid param %s has no reason", ip.Name)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	want := slices.Clone(params)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("invalid params = %v, want %v (%s)", names, want, rec.Body)
	}
	for _, n := range params {
		if !strings.Contains(p.Detail, n) {
			t.Errorf("detail %q does not name %s", p.Detail, n)
		}
	}
	return p
}

func decodeJSON[T any](t testing.TB, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %T: %v: %s", v, err, rec.Body)
	}
	return v
}

func newRequest(method, target string, body io.Reader, header ...string) *http.Request {
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return req
}
