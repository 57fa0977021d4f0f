package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestCacheHit(t *testing.T) {
	cache := newFakeCache()
	s, cat, _ := testServer(t, func(_ *Config, d *Deps) { d.Cache = cache })
	first := get(t, s, "/api/v1/products?limit=5&brand=Independent")
	second := get(t, s, "/api/v1/products?brand=Independent&limit=5")
	if first.Header().Get("X-Cache") != "MISS" || second.Header().Get("X-Cache") != "HIT" {
		t.Fatalf("X-Cache = %s then %s", first.Header().Get("X-Cache"), second.Header().Get("X-Cache"))
	}
	if cat.callCount() != 1 {
		t.Errorf("catalog called %d times, want 1", cat.callCount())
	}
	if first.Body.String() != second.Body.String() || first.Header().Get("ETag") != second.Header().Get("ETag") {
		t.Errorf("hit differs from miss")
	}
	if keys := cache.keys(); len(keys) != 1 || keys[0] != CacheKeyPrefix+"/api/v1/products?brand=Independent&limit=5" {
		t.Errorf("cache keys = %v", keys)
	}
	if hit, miss := testutil.ToFloat64(s.metrics.cache.WithLabelValues("hit")), testutil.ToFloat64(s.metrics.cache.WithLabelValues("miss")); hit != 1 || miss != 1 {
		t.Errorf("hits %v misses %v", hit, miss)
	}
	// Every cached route goes through the cache.
	for _, path := range []string{"/api/v1/products/1", "/api/v1/products/1/history", "/api/v1/deals",
		"/api/v1/shops", "/api/v1/brands", "/api/v1/categories", "/api/v1/stats"} {
		get(t, s, path)
		if rec := get(t, s, path); rec.Header().Get("X-Cache") != "HIT" {
			t.Errorf("%s not served from the cache", path)
		}
	}
}

func TestCacheSkipsFailures(t *testing.T) {
	cache := newFakeCache()
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.Cache = cache })
	wantInvalid(t, get(t, s, "/api/v1/products?sort=bogus"), "sort")
	decodeProblem(t, get(t, s, "/api/v1/products/2"), http.StatusNotFound)
	if keys := cache.keys(); len(keys) != 0 {
		t.Errorf("errors were cached: %v", keys)
	}
	// A query ParseQuery cannot read fully must not share the key of the
	// query without the broken pair.
	get(t, s, "/api/v1/products")
	wantInvalid(t, get(t, s, "/api/v1/products?%zz=1"), "%zz")
}

func TestCacheErrorIsAMiss(t *testing.T) {
	cache := newFakeCache()
	cache.fail = errBoom
	s, cat, _ := testServer(t, func(_ *Config, d *Deps) { d.Cache = cache })
	for range 2 {
		if rec := get(t, s, "/api/v1/products"); rec.Code != http.StatusOK || rec.Header().Get("X-Cache") != "MISS" {
			t.Fatalf("failing cache: %d, X-Cache %q", rec.Code, rec.Header().Get("X-Cache"))
		}
	}
	if cat.callCount() != 2 || testutil.ToFloat64(s.metrics.cache.WithLabelValues("miss")) != 2 {
		t.Errorf("a failing cache must answer from the catalog every time: %d calls", cat.callCount())
	}
}

func TestETag(t *testing.T) {
	s, _, _ := testServer(t, nil)
	for _, path := range []string{"/api/v1/products", "/api/v1/products/1", "/api/v1/products/1/history",
		"/api/v1/deals", "/api/v1/shops", "/api/v1/brands", "/api/v1/categories", "/api/v1/stats", "/openapi.json"} {
		rec := get(t, s, path)
		etag := rec.Header().Get("ETag")
		if rec.Code != http.StatusOK || !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
			t.Fatalf("%s: %d, ETag %q", path, rec.Code, etag)
		}
		for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
			rec := get(t, s, path, "If-None-Match", inm)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
				t.Errorf("%s If-None-Match %s: %d %q", path, inm, rec.Code, rec.Body)
			}
		}
		if rec := get(t, s, path, "If-None-Match", `"other"`); rec.Code != http.StatusOK {
			t.Errorf("%s: stale If-None-Match got %d", path, rec.Code)
		}
	}
}

// TestCacheKeyMemo: a remembered key is the key the query would get
// anyway, a query that cannot be cached stays so when remembered, and the
// memo stays bounded under endless distinct queries.
func TestCacheKeyMemo(t *testing.T) {
	s, _, _ := testServer(t, func(_ *Config, d *Deps) { d.Cache = newFakeCache() })
	key := func(target string) (string, bool) {
		return s.cacheKey(httptest.NewRequest(http.MethodGet, target, nil))
	}
	for _, tc := range []struct {
		target, want string
		cacheable    bool
	}{
		{"/api/v1/products?sort=-price&brand=Baker&brand=Anti%20Hero", CacheKeyPrefix + "/api/v1/products?brand=Anti+Hero&brand=Baker&sort=-price", true},
		{"/api/v1/products?brand=Baker&sort=-price&brand=Anti+Hero", CacheKeyPrefix + "/api/v1/products?brand=Anti+Hero&brand=Baker&sort=-price", true},
		{"/api/v1/deals", CacheKeyPrefix + "/api/v1/deals?", true},
		{"/api/v1/products?brand=%zz", "", false},
	} {
		for round := range 2 { // computed, then remembered
			got, ok := key(tc.target)
			if got != tc.want || ok != tc.cacheable {
				t.Errorf("round %d: cacheKey(%s) = %q, %v; want %q, %v", round, tc.target, got, ok, tc.want, tc.cacheable)
			}
		}
	}
	for i := range 3 * keyMemoMax {
		target := fmt.Sprintf("/api/v1/products?q=%d", i)
		if got, _ := key(target); got != CacheKeyPrefix+"/api/v1/products?q="+strconv.Itoa(i) {
			t.Fatalf("cacheKey(%s) = %q", target, got)
		}
	}
	n := 0
	s.keys.m.Range(func(any, any) bool { n++; return true })
	if n > keyMemoMax {
		t.Errorf("the memo holds %d queries, more than %d", n, keyMemoMax)
	}
}
