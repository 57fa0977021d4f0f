package fetch

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// retryableStatus reports the statuses worth repeating a GET for: the server
// is overloaded, restarting, or a gateway in front of it is.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retry runs attempts for one URL until one succeeds, fails for good, or
// Config.MaxRetries retries are spent. A retryable status on the last attempt
// is returned as a result, which the caller turns into KindStatus. Only GET
// is ever sent, so repeating is safe.
func (f *Fetcher) retry(ctx context.Context, u *url.URL, req *request) (*result, error) {
	o := f.origin(u)
	for n := 1; ; n++ {
		res, err := f.attempt(ctx, o, u, req, n)
		last := n > f.cfg.MaxRetries
		var delay time.Duration
		switch {
		case err != nil:
			if last || !retryableErr(err) {
				return nil, err
			}
			delay = f.backoff(n)
		case retryableStatus(res.status):
			if last {
				return res, nil
			}
			err = newError(KindStatus, u.String(), res.status, "retryable status")
			delay = f.backoff(n)
			if res.status == http.StatusTooManyRequests || res.status == http.StatusServiceUnavailable {
				if ra, ok := parseRetryAfter(res.header.Get("Retry-After"), f.clock.Now()); ok {
					if ra > f.cfg.MaxRetryAfter {
						return nil, newError(KindRetryAfterTooLong, u.String(), res.status,
							"server asked to retry after %v, more than MaxRetryAfter %v", ra, f.cfg.MaxRetryAfter)
					}
					delay = ra
				}
			}
		default:
			return res, nil
		}
		f.emit(Event{Kind: EventRetry, URL: u.String(), Robots: req.robots, Attempt: n, Delay: delay, Err: err})
		f.log.DebugContext(ctx, "fetch retry", "url", u.String(), "attempt", n,
			"delay_ms", delay.Milliseconds(), "error", err)
		if err := f.sleep(ctx, delay); err != nil {
			return nil, newError(KindCanceled, u.String(), 0, "waiting to retry: %w", err)
		}
	}
}

// backoff is the wait before retry n (1-based) when the server gave no
// Retry-After: full jitter, uniform in [0, min(BackoffMax, BackoffBase*2^(n-1))],
// which spreads retries from many workers instead of synchronising them.
func (f *Fetcher) backoff(n int) time.Duration {
	ceiling := f.cfg.BackoffBase
	for i := 1; i < n && ceiling < f.cfg.BackoffMax; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, f.cfg.BackoffMax)
	return time.Duration(f.jitter(int64(ceiling) + 1))
}

// parseRetryAfter reads a Retry-After value (RFC 9110 section 10.2.3): either
// delay-seconds (digits only) or an HTTP-date, which is turned into a wait
// from now (zero if already past). ok is false for anything else. Huge
// second counts saturate instead of overflowing.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > math.MaxInt64/int64(time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
