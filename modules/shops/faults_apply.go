package shops

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// faultPlan is what the faults do to one request.
type faultPlan struct {
	delay time.Duration
	mode  FaultMode // the mode that replaces or spoils the response, "" for none
	hit   uint64    // how often mode hit before this request, for modes that alternate
}

// plan decides the faults of the shop's n-th request (1-based): a pure
// function of n, so the same request sequence meets the same faults.
func (f Faults) plan(n uint64) faultPlan {
	var p faultPlan
	if f.Has(FaultSlow) {
		p.delay = f.SlowDelay
	}
	switch {
	case f.Has(FaultUnavailable) && (n-1)%uint64(f.BurstPeriod) < uint64(f.BurstLength):
		p.mode = FaultUnavailable
	case f.Has(FaultRateLimit) && n%uint64(f.RateLimitEvery) == 0:
		p.mode = FaultRateLimit
	case n%uint64(f.Every) == 0:
		var active []FaultMode
		for _, m := range contentModes {
			if f.Has(m) {
				active = append(active, m)
			}
		}
		if len(active) > 0 {
			turn := n/uint64(f.Every) - 1
			p.mode = active[turn%uint64(len(active))]
			p.hit = turn / uint64(len(active))
		}
	}
	return p
}

// String formats f as ParseFaults reads it, with every parameter spelled
// out; "none" for a healthy shop.
func (f Faults) String() string {
	if len(f.Modes) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(f.Modes))
	for _, m := range f.Modes {
		switch m {
		case FaultSlow:
			parts = append(parts, "slow:"+f.SlowDelay.String())
		case FaultRateLimit:
			parts = append(parts, "429:"+strconv.Itoa(f.RateLimitEvery))
		case FaultUnavailable:
			parts = append(parts, fmt.Sprintf("5xx:%d/%d", f.BurstLength, f.BurstPeriod))
		case FaultRedirect:
			if f.RedirectHost != "" {
				parts = append(parts, "redirect:"+f.RedirectHost)
			} else {
				parts = append(parts, "redirect")
			}
		case FaultBadPrice:
			parts = append(parts, string(m))
		default:
			parts = append(parts, string(m)+":"+strconv.Itoa(f.Every))
		}
	}
	return strings.Join(parts, ",")
}

// faultResponse is the response that replaces the document, or nil when
// the plan lets the document through (possibly to be spoiled).
func (s *shopServer) faultResponse(r *http.Request, p faultPlan) *doc {
	html := "text/html; charset=utf-8"
	switch p.mode {
	case FaultUnavailable:
		return &doc{status: http.StatusServiceUnavailable, contentType: html, body: []byte(unavailablePage)}
	case FaultRateLimit:
		h := http.Header{"Retry-After": {strconv.Itoa(int(s.faults.RetryAfter / time.Second))}}
		return &doc{status: http.StatusTooManyRequests, contentType: html, body: []byte(tooManyPage), header: h}
	case FaultHTML:
		h := http.Header{"Server": {"cloudflare"}, "Cf-Ray": {fmt.Sprintf("%016x-AMS", s.requests.Load())},
			"Cache-Control": {"private, max-age=0, no-store, no-cache, must-revalidate"}}
		return &doc{status: http.StatusOK, contentType: "text/html; charset=UTF-8", body: []byte(challengePage), header: h}
	case FaultRedirect:
		to := "http://" + s.redirectHost() + r.URL.RequestURI()
		h := http.Header{"Location": {to}}
		return &doc{status: http.StatusFound, contentType: html, body: []byte(`<a href="` + escapeHTML(to) + `">Found</a>.` + "\n"), header: h}
	}
	return nil
}

// redirectHost is where the redirect fault sends clients: the configured
// host, else "localhost" at the next shop's port, which is another origin
// by host name and port.
func (s *shopServer) redirectHost() string {
	if s.faults.RedirectHost != "" {
		return s.faults.RedirectHost
	}
	next := s.sim.shops[(s.index+1)%len(s.sim.shops)]
	_, port, _ := net.SplitHostPort(next.ln.Addr().String())
	return net.JoinHostPort("localhost", port)
}

// spoil writes d damaged by the plan's content fault. Spoiled responses
// carry no validators, so a client never caches them.
func (s *shopServer) spoil(w http.ResponseWriter, r *http.Request, d *doc, p faultPlan) {
	h := w.Header()
	for k, v := range d.header {
		h[k] = v
	}
	h.Set("Content-Type", d.contentType)
	h.Set("Cache-Control", "no-store")
	body := d.body
	declared := -1
	switch p.mode {
	case FaultMalformed:
		body = malform(body)
	case FaultTruncated:
		body = body[:len(body)/2]
		if p.hit%2 == 0 {
			declared = len(d.body) // promise the whole body, send half
		}
	case FaultHuge:
		body = append(bytes.Clone(body), bytes.Repeat([]byte{' '}, s.faults.HugeBytes)...)
		body = append(body, '\n')
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body = s.sim.gz.compress(body)
			h.Set("Content-Encoding", "gzip")
		}
	}
	if declared < 0 {
		declared = len(body)
	}
	h.Set("Content-Length", strconv.Itoa(declared))
	w.WriteHeader(d.status)
	if r.Method != http.MethodHead {
		// The server drops the connection after a short body by itself.
		_, _ = w.Write(body)
	}
}

// malform puts a syntax error into body: a trailing comma before the last
// closing bracket of JSON (of the first ld+json block in HTML), or an
// unclosed element before the end of XML.
func malform(body []byte) []byte {
	b := bytes.TrimRight(body, " \t\r\n")
	switch {
	case len(b) == 0:
		return []byte("{")
	case b[0] == '{' || b[0] == '[':
		return insertAt(body, len(b)-1, ",")
	case bytes.HasPrefix(b, []byte("<?xml")):
		end := bytes.LastIndex(b, []byte("</"))
		return insertAt(body, end, "<url><loc>")
	}
	if start := bytes.Index(body, []byte(`type="application/ld+json"`)); start >= 0 {
		if end := bytes.Index(body[start:], []byte("</script>")); end >= 0 {
			if brace := bytes.LastIndexByte(body[start:start+end], '}'); brace >= 0 {
				return insertAt(body, start+brace, ",")
			}
		}
	}
	return body[:len(body)/2]
}

func insertAt(b []byte, i int, s string) []byte {
	out := make([]byte, 0, len(b)+len(s))
	out = append(out, b[:i]...)
	out = append(out, s...)
	return append(out, b[i:]...)
}

const unavailablePage = `<html>
<head><title>503 Service Temporarily Unavailable</title></head>
<body>
<center><h1>503 Service Temporarily Unavailable</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

const tooManyPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Too Many Requests</title></head>
<body><h1>Too Many Requests</h1><p>You have sent too many requests in a given amount of time. Please try again later.</p></body>
</html>
`

// challengePage is what a bot challenge in front of a shop serves instead
// of the API: HTML where JSON was expected.
const challengePage = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta http-equiv="X-UA-Compatible" content="IE=Edge">
<meta name="robots" content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1">
<style>*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15}body{display:flex;flex-direction:column;height:100vh;min-height:100vh}</style>
<meta http-equiv="refresh" content="390"></head>
<body class="no-js"><div class="main-wrapper" role="main"><div class="main-content">
<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>
<h1 class="zone-name-title h1">Checking if the site connection is secure</h1>
<p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
</div></div>
<script>(function(){window._cf_chl_opt={cvId:'3',cType:'managed',cRay:'8c1f2e3d4a5b6c7d'};}());</script>
<div class="footer" role="contentinfo"><div class="footer-inner">Performance &amp; security by Cloudflare</div></div>
</body></html>
`
