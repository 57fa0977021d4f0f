package fetch

import (
	"errors"
	"fmt"
)

// Kind classifies why a fetch failed. The values are stable, lowercase and
// snake_case so a scrape run can use them directly as metric labels and count
// failures by kind.
type Kind string

// The kinds of failure. Every error returned by (*Fetcher).Get is an *Error
// carrying exactly one of these.
const (
	// KindInvalidURL: the URL is not an absolute http(s) URL with a host.
	KindInvalidURL Kind = "invalid_url"
	// KindRobots: robots.txt disallows the path, or robots.txt could not be
	// fetched (5xx, 429, network failure), which RFC 9309 treats as a full
	// disallow. Status is set when the robots.txt fetch got a status.
	KindRobots Kind = "robots"
	// KindSSRF: the host resolved to (or is) an address the dial-time guard
	// refuses: loopback, private, link-local, CGNAT, multicast, unspecified...
	KindSSRF Kind = "ssrf"
	// KindStatus: the final response had a status that is neither 2xx, 304
	// nor a followed redirect, including retryable statuses once retries ran
	// out. Status holds it.
	KindStatus Kind = "status"
	// KindTimeout: connecting or the whole attempt (headers and body) took
	// longer than Config.ConnectTimeout or Config.Timeout.
	KindTimeout Kind = "timeout"
	// KindNetwork: DNS, TCP, TLS or a broken connection.
	KindNetwork Kind = "network"
	// KindTooLarge: the body is larger than Config.MaxBodyBytes.
	KindTooLarge Kind = "too_large"
	// KindContentType: the response's media type is not one the caller
	// accepts (HTML where JSON was expected is the classic).
	KindContentType Kind = "content_type"
	// KindRedirect: a redirect left the original host, downgraded https to
	// http, looped, lacked a usable Location or exceeded Config.MaxRedirects.
	KindRedirect Kind = "redirect"
	// KindRetryAfterTooLong: the server asked us to come back later than
	// Config.MaxRetryAfter; we give up instead of parking the worker.
	KindRetryAfterTooLong Kind = "retry_after_too_long"
	// KindCanceled: the caller's context was cancelled or hit its deadline,
	// including while waiting on the rate limiter, the concurrency limit or a
	// backoff. Err wraps ctx.Err(), so errors.Is(err, context.Canceled) works.
	KindCanceled Kind = "canceled"
)

// Error is the only error type (*Fetcher).Get returns. Use errors.As or
// KindOf to classify it; Err keeps the underlying cause for errors.Is.
type Error struct {
	// Kind classifies the failure.
	Kind Kind
	// URL is the URL being fetched when the failure happened; after a
	// redirect it is the redirect target, for robots failures the page URL.
	URL string
	// Status is the HTTP status involved, 0 when no response was received.
	Status int
	// Attempts is the number of HTTP requests attempted for this Get,
	// including retries and redirect hops and excluding robots.txt; 0 when
	// the failure came before any request (robots.txt, a cancelled wait).
	Attempts int
	// Err is the underlying cause.
	Err error
}

// Error describes the failure as "fetch <url>: <kind> [(HTTP <status>)]: <cause>".
func (e *Error) Error() string {
	msg := fmt.Sprintf("fetch %s: %s", e.URL, e.Kind)
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of the outermost *Error in err's chain, or "" when
// err is nil or carries no *Error.
func KindOf(err error) Kind {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return ""
}

// newError builds an *Error; format and args describe the cause and may wrap
// with %w.
func newError(kind Kind, url string, status int, format string, args ...any) *Error {
	return &Error{Kind: kind, URL: url, Status: status, Err: fmt.Errorf(format, args...)}
}
