package dashboard

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// pageCSP is the page's policy. It is the API's default (nothing from
// elsewhere, no inline script) plus what Plotly's charts need: heatmaps
// are drawn into a canvas and shown as a data: image.
const pageCSP = "default-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; object-src 'none'"

// Cache lifetimes: vendor files carry their version in their name, so a
// browser may keep them for a year; our own files are revalidated on
// every load (a 304 when unchanged, thanks to the ETag).
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// asset is one file. Its gzip encoding is made on first demand, once:
// compressing Plotly takes a tenth of a second that start-up need not pay.
type asset struct {
	body         []byte
	etag, gzETag string // gzETag "" when the type is not worth compressing
	contentType  string
	cacheControl string

	gzOnce sync.Once
	gz     []byte // nil when compressing did not pay
}

// gzipped returns the gzip encoding, nil when the identity is as good.
func (f *asset) gzipped() []byte {
	f.gzOnce.Do(func() { f.gz = gzipOf(f.body) })
	return f.gz
}

// assets holds every file of the dashboard by its slash path.
type assets struct {
	byName map[string]*asset
}

// contentTypes are spelled out rather than read from the system's MIME
// table, which differs between machines (.js especially).
var contentTypes = map[string]string{
	".html":    "text/html; charset=utf-8",
	".css":     "text/css; charset=utf-8",
	".js":      "text/javascript; charset=utf-8",
	".mjs":     "text/javascript; charset=utf-8",
	".json":    "application/json",
	".svg":     "image/svg+xml",
	".png":     "image/png",
	".ico":     "image/x-icon",
	".woff2":   "font/woff2",
	".txt":     "text/plain; charset=utf-8",
	".LICENSE": "text/plain; charset=utf-8",
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(name string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		ct, ok := contentTypes[path.Ext(name)]
		if !ok {
			ct = "application/octet-stream"
		}
		f := &asset{body: body, etag: etagOf(body), contentType: ct, cacheControl: cacheRevalidate}
		if strings.HasPrefix(name, "vendor/") {
			f.cacheControl = cacheImmutable
		}
		if compressible(ct) && len(body) >= 1024 {
			f.gzETag = strings.TrimSuffix(f.etag, `"`) + `-gz"`
		}
		a.byName[name] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard assets: %w", err)
	}
	if a.byName["index.html"] == nil {
		return nil, fmt.Errorf("dashboard assets: no index.html")
	}
	return a, nil
}

func etagOf(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "svg")
}

// gzipOf compresses body; nil when that saves less than a tenth.
func gzipOf(body []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	// Writes to a bytes.Buffer do not fail.
	_, _ = zw.Write(body)
	_ = zw.Close()
	if buf.Len() > len(body)*9/10 {
		return nil
	}
	return buf.Bytes()
}

// index answers GET / with the page and its Content-Security-Policy.
func (a *assets) index(c echo.Context) error {
	c.Response().Header().Set("Content-Security-Policy", pageCSP)
	return a.serve(c, a.byName["index.html"])
}

// file answers GET /static/* and /vendor/*. Names are looked up in the
// table, never on a file system, so no path can reach anything else.
func (a *assets) file(c echo.Context) error {
	f := a.byName[strings.TrimPrefix(c.Request().URL.Path, "/")]
	if f == nil {
		return echo.ErrNotFound
	}
	return a.serve(c, f)
}

func (a *assets) serve(c echo.Context, f *asset) error {
	r, h := c.Request(), c.Response().Header()
	body, etag := f.body, f.etag
	if f.gzETag != "" {
		h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
		if acceptsGzip(r.Header.Get(echo.HeaderAcceptEncoding)) {
			if gz := f.gzipped(); gz != nil {
				body, etag = gz, f.gzETag
				h.Set(echo.HeaderContentEncoding, "gzip")
			}
		}
	}
	h.Set(echo.HeaderCacheControl, f.cacheControl)
	h.Set("ETag", etag)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		h.Del(echo.HeaderContentEncoding)
		return c.NoContent(http.StatusNotModified)
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, f.contentType, body)
}

// acceptsGzip reads Accept-Encoding as far as gzip goes: listed, and not
// with q=0.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q, found := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !found {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}

// etagMatches applies If-None-Match's weak comparison to one ETag.
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}
