package fetch

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// follow fetches start and follows redirects by hand, so every hop is
// checked against the host rule, robots.txt, the rate and concurrency limits
// and its own validators, and then turns the final result into a Response.
func (f *Fetcher) follow(ctx context.Context, start *url.URL, req *request) (*Response, error) {
	cur := start
	seen := map[string]bool{}
	for hops := 0; ; hops++ {
		if !req.robots {
			if err := f.checkRobots(ctx, cur); err != nil {
				return nil, err
			}
		}
		seen[cur.String()] = true
		res, err := f.retry(ctx, cur, req)
		if err != nil {
			return nil, err
		}
		if !isRedirect(res.status) {
			return f.finish(cur, res, req, hops)
		}
		next, err := f.redirectTarget(start, cur, res, hops, seen)
		if err != nil {
			return nil, err
		}
		cur = next
	}
}

// finish turns the last hop's result into a Response or a KindStatus error.
func (f *Fetcher) finish(u *url.URL, res *result, req *request, hops int) (*Response, error) {
	switch {
	case res.status == http.StatusNotModified:
		return &Response{URL: u.String(), Status: res.status, Header: res.header, NotModified: true, Redirects: hops}, nil
	case res.status >= 200 && res.status <= 299:
		if !req.robots {
			storeValidators(f.cache, u.String(), res.header)
		}
		return &Response{
			URL: u.String(), Status: res.status, Header: res.header,
			Body: res.body, Bytes: int64(len(res.body)), Redirects: hops,
		}, nil
	}
	return nil, newError(KindStatus, u.String(), res.status, "unexpected status %s", http.StatusText(res.status))
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirectTarget resolves the Location of a redirect from cur and checks it:
// at most Config.MaxRedirects hops, no loops, and the same host as start.
func (f *Fetcher) redirectTarget(start, cur *url.URL, res *result, hops int, seen map[string]bool) (*url.URL, error) {
	loc := res.header.Get("Location")
	if loc == "" {
		return nil, newError(KindRedirect, cur.String(), res.status, "redirect without Location")
	}
	next, err := cur.Parse(loc)
	if err != nil {
		return nil, newError(KindRedirect, cur.String(), res.status, "bad Location %q: %w", loc, err)
	}
	next.Scheme = strings.ToLower(next.Scheme)
	next.Fragment, next.RawFragment = "", ""
	switch {
	case next.User != nil:
		return nil, newError(KindRedirect, cur.String(), res.status, "redirect to a url with credentials")
	case !sameHost(start, next):
		return nil, newError(KindRedirect, cur.String(), res.status,
			"redirect to %s leaves %s", next.Redacted(), originKey(start))
	case hops >= f.cfg.MaxRedirects:
		return nil, newError(KindRedirect, cur.String(), res.status, "more than MaxRedirects (%d) redirects", f.cfg.MaxRedirects)
	case seen[next.String()]:
		return nil, newError(KindRedirect, cur.String(), res.status, "redirect loop back to %s", next.String())
	}
	return next, nil
}

// sameHost reports whether a redirect from orig to next stays on orig's
// host: same hostname and port, or the upgrade from http on port 80 to https
// on port 443. Everything else, including https to http, is refused: a shop
// that moved should be reconfigured, not followed blindly.
func sameHost(orig, next *url.URL) bool {
	if !strings.EqualFold(orig.Hostname(), next.Hostname()) {
		return false
	}
	switch {
	case orig.Scheme == next.Scheme:
		return effectivePort(orig) == effectivePort(next)
	case orig.Scheme == "http" && next.Scheme == "https":
		return effectivePort(orig) == "80" && effectivePort(next) == "443"
	}
	return false
}
