package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/swaggest/swgui"
	"github.com/swaggest/swgui/v5/static"
	"github.com/swaggest/swgui/v5emb"
)

const docsBase = "/docs"

// docs serves Swagger UI from assets inside the binary (no CDN).
type docs struct {
	handler http.Handler
	// csp allows exactly the inline scripts of the rendered index page, by
	// hash, instead of 'unsafe-inline'. Swagger UI styles elements inline,
	// so styles need 'unsafe-inline'; its icons are data: images.
	csp string
}

func newDocs(specPath string) (*docs, error) {
	h := v5emb.NewHandlerWithConfig(swgui.Config{
		Title:       "SkateStock API",
		SwaggerJSON: specPath,
		BasePath:    docsBase,
	})
	// The index depends only on the config above, so rendering it once
	// gives the scripts every response will carry.
	var page pageBuffer
	req, err := http.NewRequest(http.MethodGet, docsBase, nil)
	if err != nil {
		return nil, fmt.Errorf("render docs index: %w", err)
	}
	h.ServeHTTP(&page, req)
	hashes, err := inlineScriptHashes(page.body.Bytes())
	if err != nil {
		return nil, err
	}
	csp := "default-src 'self'; script-src 'self' " + strings.Join(hashes, " ") +
		"; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'" +
		"; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
	return &docs{handler: h, csp: csp}, nil
}

// inlineScriptHashes returns the CSP source of every inline script.
func inlineScriptHashes(page []byte) ([]string, error) {
	re := regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	var out []string
	for _, m := range re.FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[1])
		out = append(out, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("render docs index: no inline script found (swgui changed its page)")
	}
	return out, nil
}

// index answers GET /docs.
func (d *docs) index(c echo.Context) error {
	c.Response().Header().Set("Content-Security-Policy", d.csp)
	c.Response().Header().Set(echo.HeaderCacheControl, "no-cache")
	d.handler.ServeHTTP(c.Response(), c.Request())
	return nil
}

// asset answers GET /docs/{asset}. Unknown names get the API's 404
// problem rather than the file server's plain text.
func (d *docs) asset(c echo.Context) error {
	name := c.Param("asset")
	if name == "" {
		return d.index(c)
	}
	if !assetExists(name) {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Content-Security-Policy", d.csp)
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=86400")
	d.handler.ServeHTTP(c.Response(), c.Request())
	return nil
}

// assetExists reports whether the UI's embedded files hold name, stored
// as is or precompressed.
func assetExists(name string) bool {
	if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return false
	}
	for _, n := range []string{name, name + ".gz"} {
		if st, err := fs.Stat(static.FS, n); err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

// pageBuffer is the smallest ResponseWriter that keeps a body.
type pageBuffer struct {
	header http.Header
	body   bytes.Buffer
}

func (p *pageBuffer) Header() http.Header {
	if p.header == nil {
		p.header = http.Header{}
	}
	return p.header
}
func (p *pageBuffer) Write(b []byte) (int, error) { return p.body.Write(b) }
func (p *pageBuffer) WriteHeader(int)             {}
