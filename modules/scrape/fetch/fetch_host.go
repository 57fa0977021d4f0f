package fetch

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"
)

// origin is the politeness state of one scheme://host:port, the unit robots.txt
// applies to (RFC 9309 section 2.3) and therefore the unit we limit.
type origin struct {
	key string
	// sem caps requests in flight.
	sem *semaphore.Weighted
	// robotsLock is a one-slot channel held while reading or refreshing
	// robots; unlike a mutex, waiting on it honours ctx.
	robotsLock chan struct{}
	robots     *robotsEntry // guarded by robotsLock

	mu  sync.Mutex
	lim *rate.Limiter // replaced when Crawl-delay changes the rate
}

// originKey is scheme://host:port with the host lowercased and the default
// port made explicit, so equivalent spellings share one origin.
func originKey(u *url.URL) string {
	return u.Scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), effectivePort(u))
}

// effectivePort is the URL's port, or the scheme's default.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// origin returns the state for u's origin, creating it on first use.
func (f *Fetcher) origin(u *url.URL) *origin {
	key := originKey(u)
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.origins[key]
	if !ok {
		o = &origin{
			key:        key,
			sem:        semaphore.NewWeighted(int64(f.cfg.Concurrency)),
			robotsLock: make(chan struct{}, 1),
			lim:        rate.NewLimiter(rate.Limit(f.cfg.RequestsPerSecond), f.cfg.Burst),
		}
		f.origins[key] = o
	}
	return o
}

// limiter returns the origin's current rate limiter.
func (o *origin) limiter() *rate.Limiter {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.lim
}

// throttle waits, on the fetcher's clock, until the origin's token bucket
// allows one more request. The reservation is taken on the injected clock
// (not rate.Limiter.Wait, which reads the wall clock) so fake clocks drive it.
func (f *Fetcher) throttle(ctx context.Context, o *origin, u *url.URL, req *request, attempt int) error {
	now := f.clock.Now()
	r := o.limiter().ReserveN(now, 1) // burst >= 1, so always OK
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	f.emit(Event{Kind: EventThrottle, URL: u.String(), Robots: req.robots, Attempt: attempt, Delay: d})
	f.log.DebugContext(ctx, "fetch throttled", "url", u.String(), "attempt", attempt, "delay_ms", d.Milliseconds())
	if err := f.sleep(ctx, d); err != nil {
		// Give the token back so a cancelled wait does not slow the others.
		r.CancelAt(f.clock.Now())
		return newError(KindCanceled, u.String(), 0, "waiting for the rate limit: %w", err)
	}
	return nil
}

// setRate makes limit/burst the origin's rate. A new limiter is built rather
// than adjusting the old one: lowering the burst of a bucket keeps the tokens
// it already holds, which would let a burst through right after robots.txt
// asked for a Crawl-delay. counted is the request (robots.txt) just made, so
// it counts against the new spacing.
func (o *origin) setRate(limit rate.Limit, burst int, counted func(*rate.Limiter)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.lim.Limit() == limit && o.lim.Burst() == burst {
		return
	}
	lim := rate.NewLimiter(limit, burst)
	counted(lim)
	o.lim = lim
}
