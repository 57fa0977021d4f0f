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
		result := "HIT"
		if filled {
			result = "MISS"
		}
		s.metrics.cache.WithLabelValues(strings.ToLower(result)).Inc()
		c.Response().Header().Set(headerXCache, result)
		return s.sendJSON(c, http.StatusOK, string(tag), body, s.publicCacheControl)
	}
}

// render runs fn and encodes its answer.
func (s *Server) render(c echo.Context, fn resource) ([]byte, error) {
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
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", false
	}
	return CacheKeyPrefix + r.URL.Path + "?" + canonicalQuery(v), true
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
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set(echo.HeaderCacheControl, cacheControl)
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
