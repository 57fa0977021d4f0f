package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"
)

// CacheKeyPrefix starts every key the API writes to Deps.Cache, so that
// app can drop them all when new prices land. The version changes with the
// shape of the cached value.
const CacheKeyPrefix = "api:v1:"

// gzipMinLength is where the gzip middleware starts compressing; sendJSON
// needs it to tell which representation, and so which ETag, it serves.
const gzipMinLength = 1024

const (
	cacheControlNoStore = "no-store"
	headerXCache        = "X-Cache"
)

// resource produces the value a cacheable GET encodes as JSON.
type resource func(c echo.Context) (any, error)

// cached serves fn's answer through Deps.Cache: keyed by path and canonical
// query, stored for CacheTTL, with a strong ETag. Only 200s are stored: an
// error from fn passes through Fetch unstored.
func (s *Server) cached(fn resource) echo.HandlerFunc {
	// X-Cache values shared by every response of the route (see
	// secureHeaders for why sharing is safe).
	xCacheHit, xCacheMiss := []string{"HIT"}, []string{"MISS"}
	return func(c echo.Context) error {
		key, cacheable := s.cacheKey(c.Request())
		if !cacheable {
			body, err := s.render(c, fn)
			if err != nil {
				return err
			}
			return s.sendJSON(c, http.StatusOK, etagOf(body), body, s.publicCacheControl)
		}
		filled := false
		// The cached value is the ETag, a newline and the body, so a hit
		// needs no hashing.
		v, err := s.deps.Cache.Fetch(c.Request().Context(), key, s.cfg.CacheTTL, func(context.Context) ([]byte, error) {
			filled = true
			body, err := s.render(c, fn)
			if err != nil {
				return nil, err
			}
			etag := etagOf(body)
			v := make([]byte, 0, len(etag)+1+len(body))
			return append(append(append(v, etag...), '\n'), body...), nil
		})
		if err != nil {
			return err
		}
		tag, body, ok := bytes.Cut(v, []byte{'\n'})
		if !ok || len(tag) < 2 {
			return fmt.Errorf("cache %s: malformed entry", c.Path())
		}
		result, counter := xCacheHit, s.metrics.cacheHit
		if filled {
			result, counter = xCacheMiss, s.metrics.cacheMiss
		}
		counter.Inc()
		c.Response().Header()[headerXCache] = result[:1:1]
		return s.sendJSON(c, http.StatusOK, string(tag), body, s.publicCacheControl)
	}
}

// render runs fn under RequestTimeout and encodes its answer. Only here,
// where the store is read, is the request bounded: a hit served from the
// cache never waits on the store, and is spared the timer.
func (s *Server) render(c echo.Context, fn resource) ([]byte, error) {
	r := c.Request()
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	c.SetRequest(r.WithContext(ctx))
	defer c.SetRequest(r)
	v, err := fn(c)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", c.Path(), err)
	}
	return body, nil
}

// cacheKey is CacheKeyPrefix, the path and the canonical query. A query
// url.ParseQuery cannot read fully is not cached: the pairs it drops could
// make a request that must be refused share the key of one that succeeded.
func (s *Server) cacheKey(r *http.Request) (string, bool) {
	if s.deps.Cache == nil {
		return "", false
	}
	if key, ok := s.keys.get(r.URL.Path, r.URL.RawQuery); ok {
		return key, key != ""
	}
	key := ""
	if v, err := url.ParseQuery(r.URL.RawQuery); err == nil {
		key = CacheKeyPrefix + r.URL.Path + "?" + canonicalQuery(v)
	}
	s.keys.put(r.URL.Path, r.URL.RawQuery, key)
	return key, key != ""
}

// keyMemo remembers the cache keys of recent requests: parsing, sorting
// and re-escaping a query costs more than the rest of a cache hit
// (BenchmarkProducts), and clients repeat the same few queries. It holds
// at most keyMemoMax queries and forgets them all when full, so that a
// client sending endless distinct queries costs memory only up to there.
type keyMemo struct {
	m sync.Map // memoKey → cache key, "" when not cacheable
	n atomic.Int64
}

type memoKey struct{ path, rawQuery string }

const keyMemoMax = 4096

func (k *keyMemo) get(path, rawQuery string) (string, bool) {
	v, ok := k.m.Load(memoKey{path, rawQuery})
	if !ok {
		return "", false
	}
	return v.(string), true
}

func (k *keyMemo) put(path, rawQuery, key string) {
	if k.n.Add(1) > keyMemoMax {
		k.m.Clear()
		k.n.Store(1)
	}
	k.m.Store(memoKey{path, rawQuery}, key)
}

// writeJSON encodes v and sends it with an ETag, uncached.
func (s *Server) writeJSON(c echo.Context, status int, v any, cacheControl string) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", c.Path(), err)
	}
	return s.sendJSON(c, status, etagOf(body), body, cacheControl)
}

// sendJSON writes body, or 304 when the client's If-None-Match already
// names it. The gzip middleware compresses large bodies for clients that
// accept it; that representation gets its own strong ETag, as RFC 9110
// requires of different representations.
func (s *Server) sendJSON(c echo.Context, status int, etag string, body []byte, cacheControl string) error {
	r := c.Request()
	if strings.Contains(r.Header.Get(echo.HeaderAcceptEncoding), "gzip") && len(body) >= gzipMinLength {
		etag = strings.TrimSuffix(etag, `"`) + `-gzip"`
	}
	// Assigned, not Set: the names are canonical already, and this runs
	// on every hit.
	h := c.Response().Header()
	h["Etag"] = []string{etag}
	h[echo.HeaderCacheControl] = []string{cacheControl}
	if status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		ifNoneMatch(r.Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(status, echo.MIMEApplicationJSON, body)
}

// etagOf is a strong validator: a hash of the exact bytes.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
}

// ifNoneMatch reports whether header names etag; If-None-Match compares
// weakly (RFC 9110 13.1.2), so a W/ prefix is ignored.
func ifNoneMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(t), "W/") == want {
			return true
		}
	}
	return false
}

// cacheControlFor says how long browsers and proxies may keep a
// cacheable response.
func cacheControlFor(maxAge int) string {
	return "public, max-age=" + strconv.Itoa(maxAge)
}
