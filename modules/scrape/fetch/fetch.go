// Package fetch is the polite, robust HTTP client every scrape goes through.
//
// A Fetcher identifies itself with a User-Agent that carries a contact URL,
// obeys robots.txt (RFC 9309) including Crawl-delay, limits the request rate
// and the number of requests in flight per origin, retries transient failures
// with exponential backoff and full jitter while honouring Retry-After, makes
// conditional requests when given a ValidatorCache, follows redirects only
// within the original host, caps body sizes, and refuses at dial time to
// connect to loopback, private, link-local and other non-public addresses so a
// shop's DNS cannot turn the scraper against our own network.
//
// Every failure is an *Error whose Kind a scrape run can count.
package fetch

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
)

// Fetcher performs polite GET requests. It is safe for concurrent use by
// many goroutines; limits and robots.txt state are shared per origin across
// them. Create it with New; the zero value is not usable.
type Fetcher struct {
	cfg       Config
	log       *slog.Logger
	clock     clockwork.Clock
	resolver  Resolver
	cache     ValidatorCache
	observer  Observer
	transport *http.Transport
	client    *http.Client
	userAgent string
	token     string
	// jitter returns a uniform random int64 in [0, n); swapped in tests.
	jitter func(n int64) int64

	mu      sync.Mutex
	origins map[string]*origin
}

// Option customises a Fetcher beyond its Config, mostly for tests.
type Option func(*Fetcher)

// WithClock sets the clock used for every wait the fetcher decides on (rate
// limiting, Crawl-delay, backoff, Retry-After) and for robots.txt expiry.
// Tests pass a clockwork fake clock. Network timeouts stay on real time
// because the network does.
func WithClock(c clockwork.Clock) Option {
	return func(f *Fetcher) { f.clock = c }
}

// WithResolver replaces DNS resolution, e.g. to map test hostnames to
// addresses. Every address it returns still passes the SSRF guard.
func WithResolver(r Resolver) Option {
	return func(f *Fetcher) { f.resolver = r }
}

// WithValidatorCache turns on conditional requests: validators are looked up
// before and stored after each Get. Without it every Get downloads in full.
func WithValidatorCache(c ValidatorCache) Option {
	return func(f *Fetcher) { f.cache = c }
}

// WithObserver sets a callback that receives an Event per attempt, retry and
// throttle wait, for run statistics.
func WithObserver(o Observer) Option {
	return func(f *Fetcher) { f.observer = o }
}

// New validates cfg and builds a Fetcher. A nil log discards logs.
func New(cfg Config, log *slog.Logger, opts ...Option) (*Fetcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	f := &Fetcher{
		cfg:       cfg,
		log:       log.With("component", "fetch"),
		clock:     clockwork.NewRealClock(),
		userAgent: cfg.headerValue(),
		token:     cfg.robotsToken(),
		jitter:    rand.Int64N,
		origins:   make(map[string]*origin),
	}
	for _, opt := range opts {
		opt(f)
	}
	d := newDialer(cfg.ConnectTimeout, cfg.AllowLocal, f.resolver)
	f.transport = &http.Transport{
		// No proxy: a proxy would make the dial-time SSRF guard check the
		// proxy's address instead of the shop's.
		Proxy:                  nil,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    cfg.ConnectTimeout,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    cfg.Concurrency,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	f.client = &http.Client{
		Transport: f.transport,
		// Redirects are followed by hand so every hop passes the host,
		// robots.txt, rate and concurrency checks.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return f, nil
}

// Close releases idle connections. In-flight Gets are unaffected; the Fetcher
// stays usable.
func (f *Fetcher) Close() {
	f.transport.CloseIdleConnections()
}

// Response is a successful fetch.
type Response struct {
	// URL is the final URL, after redirects.
	URL string
	// Status is the final status: 2xx, or 304 when NotModified.
	Status int
	// Header is the final response's header.
	Header http.Header
	// Body is the complete (decompressed) body, at most
	// Config.MaxBodyBytes; nil when NotModified.
	Body []byte
	// NotModified is true when the server answered 304 to our validators:
	// the content is unchanged since the last Get and need not be parsed.
	NotModified bool
	// Bytes is len(Body).
	Bytes int64
	// Attempts is the number of HTTP requests attempted for this Get,
	// including retries and redirect hops, excluding robots.txt. (net/http may resend
	// a GET once, uncounted, when a reused keep-alive connection turns out
	// to be closed before any answer.)
	Attempts int
	// Redirects is the number of redirect hops followed; retries are
	// Attempts - Redirects - 1.
	Redirects int
}

// Get fetches rawURL with GET, politely and with retries, and returns the
// final response once it is 2xx or 304. accept lists the media types the
// caller can parse ("application/json", "text/html", "type/*"); a 2xx
// response of another type fails with KindContentType. With no accept any
// type is returned. Every error is an *Error. Get honours ctx while waiting
// for limits, robots.txt, backoff and the network.
func (f *Fetcher) Get(ctx context.Context, rawURL string, accept ...string) (*Response, error) {
	u, err := parseTarget(rawURL)
	if err != nil {
		return nil, err
	}
	req := &request{accept: accept}
	resp, err := f.follow(ctx, u, req)
	if err != nil {
		var fe *Error
		if errors.As(err, &fe) {
			fe.Attempts = req.attempts
		}
		return nil, err
	}
	resp.Attempts = req.attempts
	return resp, nil
}

// request is the per-Get state shared by its hops and attempts.
type request struct {
	accept []string
	// robots marks the robots.txt fetch: no robots check, no validators,
	// no content-type check, and a long body is truncated, not refused.
	robots   bool
	attempts int
}

// parseTarget accepts absolute http(s) URLs with a host and without
// credentials (public catalogs need none, and net/http would send them as
// Basic auth to whatever host we end up at).
func parseTarget(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, newError(KindInvalidURL, raw, 0, "parse url: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, newError(KindInvalidURL, raw, 0, "scheme %q, want http or https", u.Scheme)
	case u.Hostname() == "" || u.Opaque != "":
		return nil, newError(KindInvalidURL, raw, 0, "no host")
	case u.User != nil:
		return nil, newError(KindInvalidURL, raw, 0, "credentials in url are not allowed")
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// emit hands ev to the observer, if any.
func (f *Fetcher) emit(ev Event) {
	if f.observer != nil {
		f.observer(ev)
	}
}

// sleep waits d on the fetcher's clock, returning ctx.Err() if ctx ends
// first.
func (f *Fetcher) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := f.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.Chan():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
