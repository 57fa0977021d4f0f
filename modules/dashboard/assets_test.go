package dashboard

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"
)

// get requests path from a dashboard mounted on a bare echo.
func get(t *testing.T, d *Dashboard, method, path string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	e := echo.New()
	d.Mount(e)
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

// TestAssetsOfWeb serves the real embedded files.
func TestAssetsOfWeb(t *testing.T) {
	d, err := New(Config{}, nil, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, contentType, cacheControl, contains string
	}{
		{"/", "text/html; charset=utf-8", cacheRevalidate, `<script type="module" src="static/js/main.js">`},
		{"/static/app.css", "text/css; charset=utf-8", cacheRevalidate, "--blue"},
		{"/static/js/main.js", "text/javascript; charset=utf-8", cacheRevalidate, "import"},
		{"/static/js/views/product.js", "text/javascript; charset=utf-8", cacheRevalidate, "export default"},
		{"/static/icon.svg", "image/svg+xml", cacheRevalidate, "<svg"},
		{"/vendor/plotly-cartesian-4.1.1.min.js", "text/javascript; charset=utf-8", cacheImmutable, "plotly.js"},
		{"/vendor/plotly-4.1.1.css", "text/css; charset=utf-8", cacheImmutable, ".js-plotly-plot .plotly"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, d, http.MethodGet, tt.path)
			h := rec.Header()
			if rec.Code != http.StatusOK || h.Get("Content-Type") != tt.contentType || h.Get("Cache-Control") != tt.cacheControl {
				t.Fatalf("%d %q %q, want 200 %q %q", rec.Code, h.Get("Content-Type"), h.Get("Cache-Control"), tt.contentType, tt.cacheControl)
			}
			if !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
			if !strings.HasPrefix(h.Get("ETag"), `"`) || h.Get("Content-Length") == "" {
				t.Errorf("ETag %q Content-Length %q", h.Get("ETag"), h.Get("Content-Length"))
			}
		})
	}
	// Every module the page imports is served: a missing one would leave
	// the page blank with nothing but a console error.
	for _, name := range []string{"api", "facets", "live", "plot", "route", "views/overview", "views/trends", "views/heatmap", "views/deals"} {
		if rec := get(t, d, http.MethodGet, "/static/js/"+name+".js"); rec.Code != http.StatusOK {
			t.Errorf("%s.js: %d", name, rec.Code)
		}
	}
}

func TestAssetsIndexPolicy(t *testing.T) {
	d, err := New(Config{}, nil, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	csp := get(t, d, http.MethodGet, "/").Header().Get("Content-Security-Policy")
	if csp != pageCSP || strings.Contains(csp, "unsafe") {
		t.Errorf("page CSP %q: want %q, never unsafe-*", csp, pageCSP)
	}
}

func testAssets() fstest.MapFS {
	return fstest.MapFS{
		"index.html":        {Data: []byte("<!doctype html><title>t</title>")},
		"static/app.js":     {Data: bytes.Repeat([]byte("console.log('skate');\n"), 200)},
		"static/logo.png":   {Data: bytes.Repeat([]byte{0x89}, 2000)},
		"vendor/lib-1.0.js": {Data: []byte("var lib;")},
		"static/data.bin":   {Data: []byte{1, 2, 3}},
	}
}

func TestAssetsConditionalAndEncoding(t *testing.T) {
	d, err := New(Config{}, nil, Deps{Assets: testAssets()})
	if err != nil {
		t.Fatal(err)
	}
	plain := get(t, d, http.MethodGet, "/static/app.js")
	etag := plain.Header().Get("ETag")
	if plain.Header().Get("Content-Encoding") != "" || plain.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("without Accept-Encoding: encoding %q vary %q", plain.Header().Get("Content-Encoding"), plain.Header().Get("Vary"))
	}

	gz := get(t, d, http.MethodGet, "/static/app.js", "Accept-Encoding", "br, gzip;q=0.8")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Header().Get("ETag") == etag || gz.Body.Len() >= plain.Body.Len() {
		t.Fatalf("gzip: encoding %q etag %q (plain %q), %d bytes (plain %d)", gz.Header().Get("Content-Encoding"),
			gz.Header().Get("ETag"), etag, gz.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); !bytes.Equal(b, plain.Body.Bytes()) {
		t.Error("the gzip body does not decode to the file")
	}
	if rec := get(t, d, http.MethodGet, "/static/app.js", "Accept-Encoding", "gzip;q=0"); rec.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 refuses gzip")
	}

	for _, inm := range []string{etag, `"other", ` + etag, "W/" + etag, "*"} {
		rec := get(t, d, http.MethodGet, "/static/app.js", "If-None-Match", inm)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d with %d bytes", inm, rec.Code, rec.Body.Len())
		}
	}
	if rec := get(t, d, http.MethodGet, "/static/app.js", "If-None-Match", `"stale"`); rec.Code != http.StatusOK {
		t.Errorf("a stale ETag: %d, want 200", rec.Code)
	}

	if rec := get(t, d, http.MethodGet, "/static/logo.png", "Accept-Encoding", "gzip"); rec.Header().Get("Content-Encoding") != "" ||
		rec.Header().Get("Content-Type") != "image/png" {
		t.Errorf("images are not compressed: %v", rec.Header())
	}
	if rec := get(t, d, http.MethodGet, "/static/data.bin"); rec.Header().Get("Content-Type") != "application/octet-stream" {
		t.Errorf("unknown type: %q", rec.Header().Get("Content-Type"))
	}
	head := get(t, d, http.MethodHead, "/vendor/lib-1.0.js")
	if head.Code != http.StatusOK || head.Header().Get("Cache-Control") != cacheImmutable {
		t.Errorf("HEAD vendor: %d %q", head.Code, head.Header().Get("Cache-Control"))
	}
}

func TestAssetsNotFound(t *testing.T) {
	d, err := New(Config{}, nil, Deps{Assets: testAssets()})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/static/nope.js", "/static/../index.html", "/static/%2e%2e/web.go", "/vendor/", "/static"} {
		if rec := get(t, d, http.MethodGet, p); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, rec.Code)
		}
	}
	if _, err := New(Config{}, nil, Deps{Assets: fstest.MapFS{"a.js": {}}}); err == nil {
		t.Error("assets without index.html should be refused")
	}
}
