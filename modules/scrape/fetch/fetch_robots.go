package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// robotsFailureTTL bounds how long an unreachable robots.txt blocks an
// origin before we ask again; RFC 9309 section 2.3.1.3 treats it as a
// temporary full disallow.
const robotsFailureTTL = 10 * time.Minute

// robotsEntry is the cached robots.txt verdict of one origin.
type robotsEntry struct {
	data    *robotstxt.RobotsData // nil: allow everything (4xx, RFC 9309 2.3.1.3)
	fail    *Error                // non-nil: unreachable, disallow everything
	expires time.Time
}

// checkRobots returns a KindRobots error when u's origin does not let our
// product token fetch u, fetching robots.txt first when the cached copy is
// missing or expired.
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL) error {
	if f.cfg.IgnoreRobots {
		return nil
	}
	e, err := f.robots(ctx, f.origin(u), u)
	if err != nil {
		return err
	}
	if e.fail != nil {
		return &Error{Kind: KindRobots, URL: u.String(), Status: e.fail.Status,
			Err: fmt.Errorf("robots.txt unreachable, so everything is disallowed (RFC 9309): %w", e.fail)}
	}
	if e.data != nil && !e.data.TestAgent(u.RequestURI(), f.token) {
		return newError(KindRobots, u.String(), 0, "disallowed by robots.txt for %s", f.token)
	}
	return nil
}

// robots returns the origin's robots.txt verdict, refreshing it when
// expired. Concurrent callers for one origin wait for a single fetch.
func (f *Fetcher) robots(ctx context.Context, o *origin, u *url.URL) (*robotsEntry, error) {
	select {
	case o.robotsLock <- struct{}{}:
	case <-ctx.Done():
		return nil, newError(KindCanceled, u.String(), 0, "waiting for robots.txt: %w", ctx.Err())
	}
	defer func() { <-o.robotsLock }()
	if o.robots != nil && f.clock.Now().Before(o.robots.expires) {
		return o.robots, nil
	}
	e, err := f.fetchRobots(ctx, o, u)
	if err != nil {
		return nil, err
	}
	o.robots = e
	return e, nil
}

// fetchRobots fetches /robots.txt of u's origin through the same rules as
// any page and turns the outcome into a verdict per RFC 9309: 2xx is parsed,
// 4xx (but 429) allows everything, and 5xx, 429, network failures, refused
// redirects and unparseable files disallow everything for a while.
// Cancellation and the SSRF guard are returned as errors and not cached:
// they say nothing about the site's rules.
func (f *Fetcher) fetchRobots(ctx context.Context, o *origin, u *url.URL) (*robotsEntry, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := f.follow(ctx, ru, &request{robots: true})
	now := f.clock.Now()
	if err != nil {
		var fe *Error
		if !errors.As(err, &fe) {
			return nil, err // cannot happen: follow returns *Error
		}
		switch {
		case fe.Kind == KindCanceled || fe.Kind == KindSSRF || fe.Kind == KindInvalidURL:
			return nil, &Error{Kind: fe.Kind, URL: u.String(), Status: fe.Status,
				Err: fmt.Errorf("fetch %s: %w", ru, fe.Err)}
		case fe.Kind == KindStatus && fe.Status >= 400 && fe.Status < 500 && fe.Status != http.StatusTooManyRequests:
			f.applyCrawlDelay(o, nil, now)
			return &robotsEntry{expires: now.Add(f.cfg.RobotsTTL)}, nil
		}
		return &robotsEntry{fail: fe, expires: now.Add(min(f.cfg.RobotsTTL, robotsFailureTTL))}, nil
	}
	if resp.NotModified {
		f.applyCrawlDelay(o, nil, now)
		return &robotsEntry{expires: now.Add(f.cfg.RobotsTTL)}, nil
	}
	data, err := parseRobots(resp.Body)
	if err != nil {
		fail := newError(KindRobots, ru.String(), resp.Status, "parse robots.txt: %w", err)
		return &robotsEntry{fail: fail, expires: now.Add(min(f.cfg.RobotsTTL, robotsFailureTTL))}, nil
	}
	f.applyCrawlDelay(o, data, now)
	return &robotsEntry{data: data, expires: now.Add(f.cfg.RobotsTTL)}, nil
}

// applyCrawlDelay sets the origin's rate from the configured one, lowered
// (never raised) by the Crawl-delay of the group that applies to us. A
// Crawl-delay also means one request at a time per delay, so burst drops to
// 1 and the robots.txt request made at now counts as the first.
func (f *Fetcher) applyCrawlDelay(o *origin, data *robotstxt.RobotsData, now time.Time) {
	limit, burst := rate.Limit(f.cfg.RequestsPerSecond), f.cfg.Burst
	if data != nil {
		if d := data.FindGroup(f.token).CrawlDelay; d > 0 {
			if l := rate.Every(d); l < limit {
				limit, burst = l, 1
			}
		}
	}
	o.setRate(limit, burst, func(lim *rate.Limiter) {
		if burst == 1 {
			lim.ReserveN(now, 1)
		}
	})
}

// parseRobots parses a robots.txt leniently. The library rejects a whole
// file for one bad line (a Crawl-delay of "abc", a Disallow before any
// User-agent, an HTML page served as robots.txt), but RFC 9309 section 2.2
// says to use the rules that do parse. So on error the lines that fail on
// their own, or are rules outside any group, are dropped and the rest is
// parsed again; only if that fails too is the file unusable.
func parseRobots(body []byte) (*robotstxt.RobotsData, error) {
	data, err := robotstxt.FromBytes(body)
	if err == nil {
		return data, nil
	}
	var kept strings.Builder
	inGroup := false
	for line := range strings.Lines(string(body)) {
		key, _, _ := strings.Cut(strings.TrimSpace(line), ":")
		if f := strings.Fields(key); len(f) > 0 {
			key = f[0] // "Disallow /x" without a colon still counts as a rule
		}
		switch strings.ToLower(key) {
		case "user-agent", "useragent":
			inGroup = true
		case "allow", "disallow", "crawl-delay", "crawldelay":
			if !inGroup {
				continue
			}
		}
		if _, err := robotstxt.FromString("User-agent: *\n" + line); err != nil {
			continue
		}
		kept.WriteString(strings.TrimRight(line, "\r\n") + "\n")
	}
	data, err2 := robotstxt.FromString(kept.String())
	if err2 != nil {
		return nil, fmt.Errorf("%w (and without its bad lines: %w)", err, err2)
	}
	return data, nil
}
