package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

const headerAPIKey = "X-API-Key"

// presentedKey returns the API key a request carries in X-API-Key or
// Authorization: Bearer.
func presentedKey(r *http.Request) (string, bool) {
	if k := r.Header.Get(headerAPIKey); k != "" {
		return k, true
	}
	scheme, token, ok := strings.Cut(r.Header.Get(echo.HeaderAuthorization), " ")
	if ok && strings.EqualFold(scheme, "Bearer") && strings.TrimSpace(token) != "" {
		return strings.TrimSpace(token), true
	}
	return "", false
}

// validKey compares key with every configured key in constant time. Both
// sides are hashed first so that neither the length nor the position of a
// match shows in the timing.
func (s *Server) validKey(key string) bool {
	sum := sha256.Sum256([]byte(key))
	match := 0
	for _, h := range s.keyHashes {
		match |= subtle.ConstantTimeCompare(sum[:], h[:])
	}
	return match == 1
}

// keyBucket names a key's rate-limit bucket without the key itself, which
// limiters may store or log.
func keyBucket(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "key:" + hex.EncodeToString(sum[:8])
}

// scopedDecision is a limiter's answer and the limit that gave it.
type scopedDecision struct {
	scope string
	Decision
}

// rateLimit applies the per-IP limit to every request and, when a
// configured API key is presented, the per-key limit too, so that a key
// spread over many addresses stays bounded. Keys that match no configured
// key get no bucket: a client sending random keys must not grow the
// limiter's state. Health, readiness and metrics are never limited.
func (s *Server) rateLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if quietRoute(s.routeOf(c)) {
			return next(c)
		}
		r := c.Request()
		var ds []scopedDecision
		if s.deps.IPLimiter != nil {
			if d, ok := s.allow(c, s.deps.IPLimiter, "ip", "ip:"+c.RealIP()); ok {
				ds = append(ds, d)
			}
		}
		if s.deps.KeyLimiter != nil {
			if key, ok := presentedKey(r); ok && s.validKey(key) {
				if d, ok := s.allow(c, s.deps.KeyLimiter, "key", keyBucket(key)); ok {
					ds = append(ds, d)
				}
			}
		}
		if len(ds) == 0 {
			return next(c)
		}
		tightest := ds[0]
		for _, d := range ds {
			if !d.Allowed {
				s.metrics.limited.WithLabelValues(d.scope).Inc()
				setRateLimitHeaders(c.Response().Header(), d.Decision)
				retry := ceilSeconds(d.RetryAfter)
				return newProblem(http.StatusTooManyRequests,
					"rate limit exceeded ("+d.scope+"); retry after "+strconv.Itoa(retry)+"s").
					withHeader("Retry-After", strconv.Itoa(retry))
			}
			if d.Remaining < tightest.Remaining {
				tightest = d
			}
		}
		setRateLimitHeaders(c.Response().Header(), tightest.Decision)
		return next(c)
	}
}

// allow asks one limiter, failing open: an error or a timeout is counted,
// logged and lets the request through.
func (s *Server) allow(c echo.Context, l Limiter, scope, bucket string) (scopedDecision, bool) {
	ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.LimiterTimeout)
	defer cancel()
	d, err := l.Allow(ctx, bucket)
	if err != nil {
		s.metrics.limiterErrs.WithLabelValues(scope).Inc()
		s.log.LogAttrs(c.Request().Context(), slog.LevelWarn, "rate_limiter_failed",
			slog.String("scope", scope), slog.String("request_id", requestID(c)), slog.Any("error", err))
		return scopedDecision{}, false
	}
	return scopedDecision{scope: scope, Decision: d}, true
}

// setRateLimitHeaders writes the RateLimit-* fields of the IETF httpapi
// draft (limit, remaining, seconds to reset).
func setRateLimitHeaders(h http.Header, d Decision) {
	if d.Limit > 0 {
		h.Set("RateLimit-Limit", strconv.Itoa(d.Limit))
	}
	h.Set("RateLimit-Remaining", strconv.Itoa(max(d.Remaining, 0)))
	h.Set("RateLimit-Reset", strconv.Itoa(ceilSeconds(d.ResetAfter)))
}

// ceilSeconds rounds d up to whole seconds, at least 1: "Retry-After: 0"
// invites an immediate retry storm.
func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 1
	}
	return max(1, int(math.Ceil(d.Seconds())))
}
