package api

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

const (
	headerRequestID = "X-Request-ID"
	keyRequestID    = "skatestock.request_id"
	routeUnmatched  = "unmatched" // metric and log label of requests no route matched
)

// requestIDs gives every request an id, echoed in X-Request-ID, logs and
// problems. A sane incoming id (from a proxy or a client retrying) is kept
// so that one id follows a request across hops; anything else is replaced,
// so a client cannot inject text into logs.
func requestIDs(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(headerRequestID)
		if !saneRequestID(id) {
			id = rand.Text()
		}
		c.Set(keyRequestID, id)
		c.Response().Header().Set(headerRequestID, id)
		return next(c)
	}
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', b == '-', b == '_', b == '.', b == ':':
		default:
			return false
		}
	}
	return true
}

func requestID(c echo.Context) string {
	id, _ := c.Get(keyRequestID).(string)
	return id
}

// routeOf is the route template that matched ("/api/v1/products/:id"), the
// bounded label metrics and logs use instead of the raw path.
func (s *Server) routeOf(c echo.Context) string {
	if p := c.Path(); s.routePaths[p] {
		return p
	}
	return routeUnmatched
}

// methodLabel bounds the method label to the methods HTTP defines.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

// quietRoute reports routes polled by machines; their successes are logged
// at debug.
func quietRoute(route string) bool {
	return route == "/healthz" || route == "/readyz" || route == "/metrics"
}

// observe answers errors (so that it sees the final status), then records
// the request's metrics and access log line. The API key is never logged:
// only the method, route, URI (keys travel in headers, never the query),
// status, duration, size, request id and client IP.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		s.metrics.inFlight.Inc()
		defer s.metrics.inFlight.Dec()

		if err := next(c); err != nil {
			c.Error(err)
		}
		r, res := c.Request(), c.Response()
		route := s.routeOf(c)
		elapsed := time.Since(start)
		s.metrics.observe(route, methodLabel(r.Method), res.Status, elapsed)

		level := slog.LevelInfo
		switch {
		case res.Status >= 500:
			level = slog.LevelWarn
		case quietRoute(route) && res.Status < 400:
			level = slog.LevelDebug
		}
		s.log.LogAttrs(r.Context(), level, "http_request",
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.String("uri", truncate(r.RequestURI, 1024)),
			slog.Int("status", res.Status),
			slog.Duration("duration", elapsed),
			slog.Int64("bytes", res.Size),
			slog.String("request_id", requestID(c)),
			slog.String("client_ip", c.RealIP()),
		)
		return nil
	}
}

// recoverPanic turns a handler panic into a 500 problem, logged once with
// its stack. http.ErrAbortHandler is re-panicked: it is net/http's way of
// aborting a response on purpose.
func (s *Server) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.metrics.panics.Inc()
			s.log.LogAttrs(c.Request().Context(), slog.LevelError, "handler_panic",
				slog.String("route", s.routeOf(c)),
				slog.String("request_id", requestID(c)),
				slog.Any("panic", v),
				slog.String("stack", string(debug.Stack())))
			err = newProblem(http.StatusInternalServerError, "an internal error occurred; quote the request id when reporting it")
		}()
		return next(c)
	}
}

// truncate bounds what a client controls before it reaches a log line.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
