package shops

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// minGzipBytes is the smallest body worth compressing; CDNs skip tiny ones too.
const minGzipBytes = 256

// doc is one response before it is written. Handlers build the whole body
// first, so that it can be hashed for the ETag and spoiled by faults.
type doc struct {
	status       int
	contentType  string
	body         []byte
	lastModified time.Time   // zero: no Last-Modified
	header       http.Header // extra headers: pagination, platform
}

// gzipPool reuses gzip writers across requests of every shop.
type gzipPool struct{ pool sync.Pool }

func (p *gzipPool) compress(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 4)
	zw, _ := p.pool.Get().(*gzip.Writer)
	if zw == nil {
		zw = gzip.NewWriter(&buf)
	} else {
		zw.Reset(&buf)
	}
	// Writes to a bytes.Buffer cannot fail.
	_, _ = zw.Write(body)
	_ = zw.Close()
	p.pool.Put(zw)
	return buf.Bytes()
}

// send writes d. A 200 gets a strong ETag (a hash of the body), its
// Last-Modified, and is answered with 304 when the request's validators
// match; it is gzipped when the client accepts gzip, and the ETag is then
// marked weak, as nginx and Cloudflare do, because the bytes differ from
// the identity encoding's.
func (p *gzipPool) send(w http.ResponseWriter, r *http.Request, d *doc) {
	h := w.Header()
	for k, v := range d.header {
		h[k] = v
	}
	h.Set("Content-Type", d.contentType)
	body := d.body
	if d.status == http.StatusOK {
		etag := strongETag(body)
		gz := acceptsGzip(r.Header.Get("Accept-Encoding")) && len(body) >= minGzipBytes
		h.Add("Vary", "Accept-Encoding")
		if gz {
			h.Set("ETag", "W/"+etag)
		} else {
			h.Set("ETag", etag)
		}
		if !d.lastModified.IsZero() {
			h.Set("Last-Modified", d.lastModified.UTC().Format(http.TimeFormat))
		}
		if notModified(r, etag, d.lastModified) {
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if gz {
			body = p.compress(body)
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(d.status)
	if r.Method != http.MethodHead {
		// A client gone mid-write is not the shop's problem.
		_, _ = w.Write(body)
	}
}

// strongETag is a quoted hash of body.
func strongETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// notModified applies RFC 9110 section 13.2.2: If-None-Match (weak
// comparison, so a gzip variant's W/ tag matches too) decides when present;
// otherwise If-Modified-Since against Last-Modified, to the second.
func notModified(r *http.Request, etag string, lastModified time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for tag := range strings.SplitSeq(inm, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
				return true
			}
		}
		return false
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || lastModified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !lastModified.Truncate(time.Second).After(t)
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) with a
// non-zero quality.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}
