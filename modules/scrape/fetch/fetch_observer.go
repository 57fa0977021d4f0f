package fetch

import "time"

// EventKind says what an Event reports.
type EventKind string

// The events a Fetcher reports to its Observer.
const (
	// EventAttempt: one HTTP request finished (with a response or an error).
	EventAttempt EventKind = "attempt"
	// EventRetry: an attempt failed in a retryable way and the fetcher is
	// about to wait Delay (Retry-After or backoff) before the next one.
	EventRetry EventKind = "retry"
	// EventThrottle: the origin's rate limit (possibly lowered by a
	// robots.txt Crawl-delay) makes the next request wait Delay.
	EventThrottle EventKind = "throttle"
)

// Event is one observation of the fetcher's work, for run statistics (pages,
// bytes, not-modified, retries, time spent throttled).
type Event struct {
	Kind EventKind
	// URL is the URL requested (robots.txt URLs included; see Robots).
	URL string
	// Robots is true for events about fetching robots.txt.
	Robots bool
	// Attempt is the 1-based attempt number for this URL.
	Attempt int
	// Status is the response status of an EventAttempt, 0 if none arrived.
	Status int
	// Bytes is the body size read by an EventAttempt.
	Bytes int64
	// Duration is how long an EventAttempt took on the wire.
	Duration time.Duration
	// Delay is the wait announced by EventRetry and EventThrottle, measured
	// on the fetcher's clock.
	Delay time.Duration
	// Err is the cause: the attempt's error for EventAttempt, the reason for
	// the retry for EventRetry (a *Error of kind status for retried
	// statuses).
	Err error
}

// Observer receives Events. It is called synchronously from the goroutines
// running Get, possibly concurrently, so it must be safe for concurrent use
// and quick (count, don't block).
type Observer func(Event)
