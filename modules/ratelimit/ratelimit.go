// Package ratelimit limits the API's request rate per client IP and per API
// key, with one limit shared by every API instance.
//
// The algorithm is GCRA, the generic cell rate algorithm: a key may make
// Burst requests at once, then one every 1/Rate seconds, and its whole state
// is one timestamp, the theoretical arrival time (TAT) of its next request
// at the sustained rate. A request is allowed when the TAT it would push
// forward stays within Burst emission intervals of now. The step is one pure
// function (gcra) that Memory runs in Go and Redis runs as a Lua script, in
// integer microseconds, so that both give the same answers.
//
// Three implementations of Limiter:
//   - Memory: in process, for the embedded default and tests;
//   - Redis: the TATs in Redis through rueidis, updated atomically by the
//     script on the server's clock, so instances with skewed clocks agree;
//     it returns errors when Redis fails;
//   - Fallback: a decorator that answers from a second limiter (a Memory,
//     per instance) while the first fails, so that an outage loosens the
//     limit instead of lifting it or refusing everyone.
package ratelimit

import (
	"context"
	"time"
)

// Limiter decides whether a request may go ahead. A Limiter holds one
// limit; the API builds one for client IPs and one for API keys.
//
// Allow takes one request for key, which may be any string (keys longer
// than MaxKeyLen are hashed). A refused request takes nothing: retrying it
// at RetryAfter succeeds unless others of the key got there first.
// Implementations are safe for concurrent use; concurrent calls for one key
// never allow more than the limit. They return promptly, with an error
// wrapping ctx.Err(), when ctx is done, and Redis also bounds every call by
// Config.Timeout. On an error the Decision is zero and says nothing.
type Limiter interface {
	// Allow takes one request for key. When it is refused, RetryAfter says
	// when the next one will be allowed.
	Allow(ctx context.Context, key string) (Decision, error)
}

// Decision is a Limiter's answer, with what the API needs for its
// RateLimit and Retry-After headers.
type Decision struct {
	// Allowed says whether the request may go ahead.
	Allowed bool
	// Remaining is how many more requests the key could make right now,
	// after this one; 0 when refused.
	Remaining int
	// RetryAfter is how long until the next request of the key would be
	// allowed; 0 when this one was.
	RetryAfter time.Duration
	// ResetAfter is how long until the key is back to its full burst if it
	// makes no more requests.
	ResetAfter time.Duration
}
