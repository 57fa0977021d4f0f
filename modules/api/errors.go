package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

// mimeProblem is the media type of RFC 9457 problem details.
const mimeProblem = "application/problem+json"

// problem is an RFC 9457 problem detail, the body of every error response.
// Handlers return one as their error when they know the status; every other
// error is mapped by toProblem.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// InvalidParams names every refused parameter and what it allows.
	InvalidParams []InvalidParam `json:"invalid_params,omitempty"`
	// Checks is the readiness of every probe, on /readyz only.
	Checks map[string]checkResult `json:"checks,omitempty"`

	header http.Header // extra response headers: Retry-After, WWW-Authenticate
}

// InvalidParam is one refused request parameter.
type InvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

func (p *problem) Error() string {
	if p.Detail != "" {
		return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail)
	}
	return fmt.Sprintf("%d %s", p.Status, p.Title)
}

func newProblem(status int, detail string) *problem {
	return &problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

// badParams is the 400 for refused parameters; it names each one.
func badParams(params ...InvalidParam) *problem {
	names := make([]string, 0, len(params))
	for _, p := range params {
		names = append(names, p.Name)
	}
	p := newProblem(http.StatusBadRequest, "invalid parameter: "+strings.Join(names, ", "))
	if len(names) > 1 {
		p.Detail = "invalid parameters: " + strings.Join(names, ", ")
	}
	p.InvalidParams = params
	return p
}

// withHeader adds a response header to p.
func (p *problem) withHeader(key, value string) *problem {
	if p.header == nil {
		p.header = http.Header{}
	}
	p.header.Set(key, value)
	return p
}

// toProblem maps any error a handler or middleware returns to the problem
// the client sees. It is the one place errors become HTTP statuses; the
// text of unexpected errors never reaches the client.
func toProblem(err error, r *http.Request) (p *problem, internal bool) {
	if errors.As(err, &p) {
		return p, false // deliberate: whoever built it logged what mattered
	}
	var he *echo.HTTPError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return newProblem(http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body exceeds %d bytes", tooLarge.Limit)), false
	case errors.As(err, &he):
		return fromHTTPError(he, r), he.Code >= 500
	case errors.Is(err, catalog.ErrInvalid):
		return newProblem(http.StatusBadRequest, err.Error()), false
	case errors.Is(err, catalog.ErrNotFound):
		return newProblem(http.StatusNotFound, err.Error()), false
	case errors.Is(err, catalog.ErrDuplicate):
		return newProblem(http.StatusConflict, err.Error()), false
	case errors.Is(err, context.DeadlineExceeded):
		return newProblem(http.StatusGatewayTimeout, "the request took too long; try a narrower query"), true
	case errors.Is(err, context.Canceled):
		return newProblem(http.StatusServiceUnavailable, "the request was cancelled"), false
	}
	return newProblem(http.StatusInternalServerError, "an internal error occurred; quote the request id when reporting it"), true
}

// fromHTTPError maps echo's own errors (router 404 and 405, middleware
// refusals); their messages are echo's constants, safe to show.
func fromHTTPError(he *echo.HTTPError, r *http.Request) *problem {
	code := he.Code
	if code < 400 || code > 599 {
		code = http.StatusInternalServerError
	}
	switch code {
	case http.StatusNotFound:
		return newProblem(code, "no resource at "+r.URL.Path)
	case http.StatusMethodNotAllowed:
		return newProblem(code, "method "+r.Method+" is not allowed on "+r.URL.Path)
	case http.StatusRequestEntityTooLarge:
		return newProblem(code, "the request body is too large")
	}
	detail := ""
	if m, ok := he.Message.(string); ok && m != http.StatusText(code) && code < 500 {
		detail = m
	}
	return newProblem(code, detail)
}

// handleError is echo's HTTPErrorHandler: every error response goes out
// through here as problem+json.
func (s *Server) handleError(err error, c echo.Context) {
	r := c.Request()
	p, internal := toProblem(err, r)
	if internal {
		s.log.LogAttrs(r.Context(), slog.LevelError, "request_failed",
			slog.String("route", s.routeOf(c)), slog.Int("status", p.Status),
			slog.String("request_id", requestID(c)), slog.Any("error", err))
	}
	if c.Response().Committed {
		return
	}
	out := *p
	out.Instance = r.URL.EscapedPath()
	out.RequestID = requestID(c)
	h := c.Response().Header()
	for k, vs := range p.header {
		h[k] = vs
	}
	// An error must not linger in a cache, nor carry a success's
	// validators.
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Del(echo.HeaderContentEncoding)
	h.Del("ETag")
	if r.Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	body, merr := json.Marshal(out)
	if merr != nil {
		s.log.LogAttrs(r.Context(), slog.LevelError, "problem_encode_failed", slog.Any("error", merr))
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
		out.Status = http.StatusInternalServerError
	}
	if werr := c.Blob(out.Status, mimeProblem, body); werr != nil {
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "problem_write_failed", slog.Any("error", werr))
	}
}
