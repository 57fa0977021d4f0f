package fetch

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// robotsMaxBytes is how much of a robots.txt we read: RFC 9309 section 2.5
// asks crawlers to parse at least 500 KiB and allows ignoring the rest.
const robotsMaxBytes = 500 << 10

// drainBytes is how much of an unwanted body (3xx, 4xx, 5xx) we read so the
// connection can be reused; anything longer closes the connection instead.
const drainBytes = 64 << 10

// result is one HTTP response as read by attempt.
type result struct {
	status int
	header http.Header
	body   []byte // only for 2xx
}

// attempt sends one request for u: it takes a concurrency slot, waits for
// the rate limit, then sends and reads within Config.Timeout. Errors come
// back classified as *Error.
func (f *Fetcher) attempt(ctx context.Context, o *origin, u *url.URL, req *request, n int) (*result, error) {
	if err := o.sem.Acquire(ctx, 1); err != nil {
		return nil, newError(KindCanceled, u.String(), 0, "waiting for a connection slot: %w", err)
	}
	defer o.sem.Release(1)
	if err := f.throttle(ctx, o, u, req, n); err != nil {
		return nil, err
	}

	actx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, newError(KindInvalidURL, u.String(), 0, "build request: %w", err)
	}
	hreq.Header.Set("User-Agent", f.userAgent)
	hreq.Header.Set("Accept", acceptHeader(req.accept))
	if !req.robots {
		setConditional(f.cache, hreq, u.String())
	}

	req.attempts++
	start := time.Now()
	var res *result
	resp, err := f.client.Do(hreq)
	if err == nil {
		res, err = f.read(resp, u, req)
	}
	took := time.Since(start)
	if err != nil {
		err = classify(ctx, actx, u, err)
	}

	ev := Event{Kind: EventAttempt, URL: u.String(), Robots: req.robots, Attempt: n, Duration: took, Err: err}
	var fe *Error
	switch {
	case res != nil:
		ev.Status, ev.Bytes = res.status, int64(len(res.body))
	case errors.As(err, &fe):
		ev.Status = fe.Status // e.g. content_type and too_large carry the 200
	}
	f.emit(ev)
	f.log.DebugContext(ctx, "fetch attempt", "url", u.String(), "status", ev.Status, "attempt", n,
		"duration_ms", took.Milliseconds(), "bytes", ev.Bytes, "robots", req.robots)
	return res, err
}

// read consumes resp. Only 2xx bodies are kept, after the content-type and
// size checks; others are drained a little for connection reuse.
func (f *Fetcher) read(resp *http.Response, u *url.URL, req *request) (*result, error) {
	defer resp.Body.Close()
	res := &result{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.CopyN(io.Discard, resp.Body, drainBytes)
		return res, nil
	}
	if ct := resp.Header.Get("Content-Type"); !mediaTypeAccepted(ct, req.accept) {
		return nil, newError(KindContentType, u.String(), resp.StatusCode,
			"content type %q, want one of %q", ct, req.accept)
	}
	limit := f.cfg.MaxBodyBytes
	if req.robots {
		limit = min(limit, robotsMaxBytes)
	} else if resp.ContentLength > limit {
		// Declared too large: refuse without reading a byte.
		return nil, newError(KindTooLarge, u.String(), resp.StatusCode,
			"content length %d exceeds MaxBodyBytes %d", resp.ContentLength, limit)
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 && resp.ContentLength <= limit {
		buf.Grow(int(resp.ContentLength))
	}
	// Read one byte past the cap: that byte proves the body is too large
	// without ever buffering more than cap+1.
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return nil, err
	}
	res.body = buf.Bytes()
	if int64(len(res.body)) > limit {
		if !req.robots {
			return nil, newError(KindTooLarge, u.String(), resp.StatusCode,
				"body exceeds MaxBodyBytes %d", limit)
		}
		res.body = res.body[:limit]
	}
	return res, nil
}

// classify turns a transport or body-read error into an *Error. ctx is the
// caller's context, actx the attempt's (with Config.Timeout).
func classify(ctx, actx context.Context, u *url.URL, err error) error {
	var fe *Error
	if errors.As(err, &fe) {
		return err
	}
	var blocked *blockedAddrError
	var netErr net.Error
	switch {
	case ctx.Err() != nil:
		return newError(KindCanceled, u.String(), 0, "%w", ctx.Err())
	case errors.As(err, &blocked):
		return &Error{Kind: KindSSRF, URL: u.String(), Err: blocked}
	case errors.Is(actx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout():
		return &Error{Kind: KindTimeout, URL: u.String(), Err: err}
	default:
		return &Error{Kind: KindNetwork, URL: u.String(), Err: err}
	}
}

// retryableErr reports whether an attempt's error may go away on its own:
// timeouts and network failures, except those that will not change within a
// run (unknown host, a certificate that does not verify).
func retryableErr(err error) bool {
	switch KindOf(err) {
	case KindTimeout:
		return true
	case KindNetwork:
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
			return false
		}
		var certErr *tls.CertificateVerificationError
		return !errors.As(err, &certErr)
	}
	return false
}
