package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// checkResult is one probe's outcome as /readyz shows it. Errors are
// logged, not shown: they can name hosts and credentials.
type checkResult struct {
	Status     string  `json:"status"` // ok, failed, timeout
	Detail     any     `json:"detail,omitempty"`
	DurationMS float64 `json:"duration_ms"`
}

// healthz answers GET /healthz: the process serves, nothing more. It never
// looks at dependencies, so a database outage does not get pods restarted.
func (s *Server) healthz(c echo.Context) error {
	return s.writeJSON(c, http.StatusOK, map[string]string{"status": "ok"}, cacheControlNoStore)
}

// readyz answers GET /readyz: every probe runs concurrently within
// ReadyTimeout; any failure or timeout makes a 503 naming the parts.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.ReadyTimeout)
	defer cancel()
	checks := s.runProbes(ctx, c)
	var failing []string
	for name, r := range checks {
		if r.Status != "ok" {
			failing = append(failing, name)
		}
	}
	if len(failing) > 0 {
		slices.Sort(failing)
		p := newProblem(http.StatusServiceUnavailable, "not ready: "+strings.Join(failing, ", "))
		p.Checks = checks
		return p
	}
	return s.writeJSON(c, http.StatusOK, map[string]any{"status": "ready", "checks": checks}, cacheControlNoStore)
}

type probeOutcome struct {
	name string
	checkResult
}

// runProbes waits for every probe or for ctx, whichever comes first; a
// probe that ignores its context is reported as timed out and left to
// finish on its own (the channel is buffered so it never blocks).
func (s *Server) runProbes(ctx context.Context, c echo.Context) map[string]checkResult {
	probes := s.deps.Probes
	done := make(chan probeOutcome, len(probes))
	for _, p := range probes {
		go func() {
			start := time.Now()
			detail, err := safeCheck(ctx, p)
			r := checkResult{Status: "ok", Detail: detail, DurationMS: float64(time.Since(start).Microseconds()) / 1000}
			if err != nil {
				r.Status = "failed"
				if ctx.Err() != nil {
					r.Status = "timeout"
				}
				s.log.LogAttrs(ctx, slog.LevelWarn, "readiness_probe_failed",
					slog.String("probe", p.Name), slog.String("request_id", requestID(c)), slog.Any("error", err))
			}
			done <- probeOutcome{name: p.Name, checkResult: r}
		}()
	}
	out := make(map[string]checkResult, len(probes))
	for range probes {
		select {
		case o := <-done:
			out[o.name] = o.checkResult
		case <-ctx.Done():
			drain(done, out)
			for _, p := range probes {
				if _, ok := out[p.Name]; !ok {
					out[p.Name] = checkResult{Status: "timeout", DurationMS: float64(s.cfg.ReadyTimeout.Microseconds()) / 1000}
				}
			}
			return out
		}
	}
	return out
}

// drain keeps the outcomes that arrived together with the deadline.
func drain(done <-chan probeOutcome, out map[string]checkResult) {
	for {
		select {
		case o := <-done:
			out[o.name] = o.checkResult
		default:
			return
		}
	}
}

// safeCheck runs a probe, turning a panic into a failure: one broken probe
// must not take the server down.
func safeCheck(ctx context.Context, p Probe) (detail any, err error) {
	defer func() {
		if v := recover(); v != nil {
			detail, err = nil, fmt.Errorf("probe %s panicked: %v", p.Name, v)
		}
	}()
	return p.Check(ctx)
}
