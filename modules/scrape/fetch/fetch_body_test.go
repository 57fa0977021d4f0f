package fetch_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"testing"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// body serves n bytes of JSON-ish filler, with a Content-Length when
// declared, chunked otherwise.
func body(n int, declared bool) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if declared {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		chunk := bytes.Repeat([]byte("x"), 32<<10)
		for n > 0 {
			c := chunk[:min(n, len(chunk))]
			if _, err := w.Write(c); err != nil {
				return
			}
			n -= len(c)
			if !declared {
				http.NewResponseController(w).Flush()
			}
		}
	}
}

func TestBodyCap(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name     string
		maxBody  int64
		handler  http.HandlerFunc
		wantSize int64 // -1: too_large
	}{
		{"11 MB over the 10 MB default", 10 * mb, body(11*mb, true), -1},
		{"exactly the 10 MB default", 10 * mb, body(10*mb, true), 10 * mb},
		{"chunked one byte over", 4096, body(4097, false), -1},
		{"chunked exactly the cap", 4096, body(4096, false), 4096},
		{"chunked far over", 4096, body(mb, false), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.handle("/big", tt.handler)
			cfg := testConfig()
			cfg.MaxBodyBytes = tt.maxBody
			h := newHarness(t, cfg)

			resp, err := h.f.Get(t.Context(), s.URL+"/big", "application/json")
			if tt.wantSize < 0 {
				fe := wantKind(t, err, fetch.KindTooLarge)
				if fe.Attempts != 1 {
					t.Errorf("Attempts = %d, want 1 (too large is not retried)", fe.Attempts)
				}
				return
			}
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if resp.Bytes != tt.wantSize || int64(len(resp.Body)) != tt.wantSize {
				t.Fatalf("Bytes = %d, len(Body) = %d, want %d", resp.Bytes, len(resp.Body), tt.wantSize)
			}
		})
	}
}

func TestGzipIsDecodedAndCappedDecoded(t *testing.T) {
	plain := bytes.Repeat([]byte("{}"), 4096) // 8 KiB, compresses to little
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write(plain)
	_ = zw.Close()
	s := newSite(t)
	s.handle("/z", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding = %q, want gzip", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(zipped.Bytes())
	})

	cfg := testConfig()
	h := newHarness(t, cfg)
	resp, err := h.f.Get(t.Context(), s.URL+"/z", "application/json")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if !bytes.Equal(resp.Body, plain) {
		t.Fatalf("body not decoded: %d bytes", len(resp.Body))
	}

	cfg.MaxBodyBytes = 4096 // the cap applies to what we decode, not the wire
	h = newHarness(t, cfg)
	_, err = h.f.Get(t.Context(), s.URL+"/z", "application/json")
	wantKind(t, err, fetch.KindTooLarge)
}

func TestContentType(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		accept      []string
		ok          bool
	}{
		{"json as json", "application/json; charset=utf-8", []string{"application/json"}, true},
		{"html where json expected", "text/html; charset=utf-8", []string{"application/json"}, false},
		{"html as html", "text/html", []string{"text/html"}, true},
		{"xml either way", "text/xml", []string{"application/xml", "text/xml"}, true},
		{"ld+json as json", "application/ld+json", []string{"application/json"}, true},
		{"wildcard subtype", "text/plain", []string{"text/*"}, true},
		{"missing header", "", []string{"application/json"}, false},
		{"anything when accept empty", "image/png", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.handle("/p", func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tt.contentType} // set even when empty: no sniffing
				_, _ = w.Write([]byte("<html></html>"))
			})
			h := newHarness(t, testConfig())
			resp, err := h.f.Get(t.Context(), s.URL+"/p", tt.accept...)
			if tt.ok {
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				if resp.Bytes == 0 {
					t.Fatal("empty body")
				}
				return
			}
			fe := wantKind(t, err, fetch.KindContentType)
			if fe.Status != 200 || fe.Attempts != 1 {
				t.Errorf("error = %+v, want status 200 after 1 attempt", fe)
			}
		})
	}
}
