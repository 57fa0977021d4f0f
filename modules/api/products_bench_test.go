package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The /products handler with the whole middleware stack, on a fake catalog:
// a cache miss encodes the page; a hit serves the stored bytes.
func BenchmarkProducts(b *testing.B) {
	const target = "/api/v1/products?brand=Independent&discount_min=20&sort=-price&limit=24"
	b.Run("cache_miss", func(b *testing.B) {
		s, _, _ := testServer(b, nil) // no cache: every request reaches the catalog
		benchGet(b, s, target)
	})
	b.Run("cache_hit", func(b *testing.B) {
		s, _, _ := testServer(b, func(_ *Config, d *Deps) { d.Cache = newFakeCache() })
		benchGet(b, s, target)
	})
}

func benchGet(b *testing.B, s *Server, target string) {
	h := s.Handler()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
