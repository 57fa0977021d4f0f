package fetch_test

import (
	"net/http"
	"testing"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

func TestConditionalRequests(t *testing.T) {
	const lastModified = "Sun, 01 Mar 2026 10:00:00 GMT"
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"etag", func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"products":[1]}`))
		}},
		{"last-modified", func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-Modified-Since") == lastModified {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Last-Modified", lastModified)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"products":[1]}`))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.handle("/products.json", tt.handler)
			cache := fetch.NewMemoryValidatorCache()
			h := newHarness(t, testConfig(), fetch.WithValidatorCache(cache))
			url := s.URL + "/products.json"

			first, err := h.f.Get(t.Context(), url, "application/json")
			if err != nil {
				t.Fatalf("first Get: %v", err)
			}
			if first.NotModified || first.Bytes == 0 || cache.Len() != 1 {
				t.Fatalf("first response = %+v, cache entries = %d", first, cache.Len())
			}

			second, err := h.f.Get(t.Context(), url, "application/json")
			if err != nil {
				t.Fatalf("second Get: %v", err)
			}
			if !second.NotModified || second.Status != http.StatusNotModified || second.Body != nil || second.Bytes != 0 {
				t.Fatalf("second response = %+v, want NotModified without body", second)
			}

			cache.Put(url, "", "") // the caller forgets, e.g. after a failed parse
			third, err := h.f.Get(t.Context(), url, "application/json")
			if err != nil {
				t.Fatalf("third Get: %v", err)
			}
			if third.NotModified || third.Bytes == 0 {
				t.Fatalf("third response = %+v, want a full body after forgetting", third)
			}
		})
	}
}

func TestValidatorsNotStoredForRejectedResponses(t *testing.T) {
	s := newSite(t)
	s.handle("/p", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("ETag", `"html"`)
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>maintenance</html>"))
	})
	cache := fetch.NewMemoryValidatorCache()
	h := newHarness(t, testConfig(), fetch.WithValidatorCache(cache))
	_, err := h.f.Get(t.Context(), s.URL+"/p", "application/json")
	wantKind(t, err, fetch.KindContentType)
	if cache.Len() != 0 {
		t.Fatal("validators of a rejected response were stored; the next Get could be a 304 for content never parsed")
	}
}

func TestNoConditionalRequestsWithoutCache(t *testing.T) {
	s := newSite(t)
	s.handle("/p", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" {
			t.Error("conditional request sent without a validator cache")
		}
		w.Header().Set("ETag", `"v1"`)
		_, _ = w.Write([]byte("x"))
	})
	h := newHarness(t, testConfig())
	for range 2 {
		if resp, err := h.f.Get(t.Context(), s.URL+"/p"); err != nil || resp.NotModified {
			t.Fatalf("Get = %+v, %v", resp, err)
		}
	}
}
