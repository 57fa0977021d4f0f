package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// cspDefault suits JSON and a dashboard serving its own assets: nothing
// from elsewhere, no framing, no plugins. /docs widens it for the inline
// bootstrap of Swagger UI (docs.go).
const cspDefault = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

// hstsValue is sent only when this process terminates TLS itself.
const hstsValue = "max-age=31536000; includeSubDomains"

// secureHeaders sets the headers every response carries. Handlers may
// override Content-Security-Policy before writing.
func (s *Server) secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	fixed := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "no-referrer",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Content-Security-Policy":    cspDefault,
	}
	if s.cfg.TLSCertFile != "" {
		fixed["Strict-Transport-Security"] = hstsValue
	}
	// One slice per header for every response: they run on every request,
	// and net/http only reads header values. Set (or Del) replaces a
	// slice, never writes into it, so an override cannot reach another
	// response.
	names := make([]string, 0, len(fixed))
	values := make([][]string, 0, len(fixed))
	for name, v := range fixed {
		names = append(names, http.CanonicalHeaderKey(name))
		values = append(values, []string{v})
	}
	return func(c echo.Context) error {
		h := c.Response().Header()
		for i, name := range names {
			h[name] = values[i][:1:1]
		}
		return next(c)
	}
}

// cors is installed only when origins are configured. Credentials are never
// allowed: the API authenticates with headers, not cookies.
func (s *Server) cors() echo.MiddlewareFunc {
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins: s.cfg.CORSOrigins,
		AllowMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowHeaders: []string{"Content-Type", "Authorization", headerAPIKey, "If-None-Match", headerRequestID},
		ExposeHeaders: []string{"ETag", headerRequestID, "Retry-After", "RateLimit-Limit",
			"RateLimit-Remaining", "RateLimit-Reset", "X-Cache"},
		MaxAge: 600,
	})
}

// bodyLimit refuses bodies over cfg.BodyLimit: at once when Content-Length
// says so, else when reading crosses the limit (http.MaxBytesError, which
// toProblem maps to 413).
func (s *Server) bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	limit := s.cfg.BodyLimit
	return func(c echo.Context) error {
		r := c.Request()
		if r.ContentLength > limit {
			return newProblem(http.StatusRequestEntityTooLarge,
				"the request body exceeds "+strconv.FormatInt(limit, 10)+" bytes")
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		}
		return next(c)
	}
}

// requestTimeout bounds the request's context; the store call that runs
// out of it returns context.DeadlineExceeded, answered 504. Route-level, so
// routes mounted by others (a dashboard's live stream) are not cut off.
func (s *Server) requestTimeout(next echo.HandlerFunc) echo.HandlerFunc {
	d := s.cfg.RequestTimeout
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), d)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// ipExtractor decides whose X-Forwarded-For is believed: nobody's by
// default (the client is the TCP peer), else only the configured proxies'.
// Echo's checker trusts loopback and private ranges unless told not to, so
// that is switched off: only what the operator listed is trusted.
func ipExtractor(trusted []string) (echo.IPExtractor, error) {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect(), nil
	}
	nets, err := parseCIDRs(trusted)
	if err != nil {
		return nil, err
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range nets {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...), nil
}
