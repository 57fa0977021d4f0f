package platform

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// maxSitemapBytes is the sitemap protocol's limit on an uncompressed sitemap;
// a gzipped body is never inflated past it.
const maxSitemapBytes = 50 << 20

// Sitemap is what one sitemap document lists: page URLs (a <urlset>) or
// further sitemaps (a <sitemapindex>). Entries whose <loc> is not an absolute
// http(s) URL are skipped and counted.
type Sitemap struct {
	URLs     []SitemapEntry
	Sitemaps []SitemapEntry
	Skipped  int
}

// SitemapEntry is one <url> or <sitemap>: its location and, when published
// and readable, its last modification time (UTC).
type SitemapEntry struct {
	Loc     string
	LastMod time.Time
}

// ParseSitemap reads an XML sitemap or sitemap index, plain or gzipped
// (sitemap.xml.gz). A body that is not XML, is truncated, or whose root is
// neither <urlset> nor <sitemapindex> is an error wrapping
// catalog.ErrInvalid. Namespaced extensions (image:, news:, xhtml:link) are
// ignored. An unreadable <lastmod> leaves LastMod zero rather than failing.
func ParseSitemap(body []byte) (Sitemap, error) {
	body, err := gunzipSitemap(body)
	if err != nil {
		return Sitemap{}, fmt.Errorf("parse sitemap: %w", err)
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return Sitemap{}, fmt.Errorf("parse sitemap: %w", invalidf("empty body, want XML"))
	}
	dec := xml.NewDecoder(bytes.NewReader(trimmed))
	dec.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("charset %q: sitemaps must be UTF-8", charset)
	}
	var sm Sitemap
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Sitemap{}, fmt.Errorf("parse sitemap: %w", invalidf("malformed XML: %v", err))
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = start.Name.Local
			if root != "urlset" && root != "sitemapindex" {
				return Sitemap{}, fmt.Errorf("parse sitemap: %w", invalidf("root element <%s> is neither <urlset> nor <sitemapindex>", fitRunes(root, 40)))
			}
			continue
		}
		if start.Name.Local != "url" && start.Name.Local != "sitemap" {
			if err := dec.Skip(); err != nil {
				return Sitemap{}, fmt.Errorf("parse sitemap: %w", invalidf("malformed XML: %v", err))
			}
			continue
		}
		var e struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		}
		if err := dec.DecodeElement(&e, &start); err != nil {
			return Sitemap{}, fmt.Errorf("parse sitemap: %w", invalidf("malformed XML: %v", err))
		}
		loc := absoluteURL("", strings.TrimSpace(e.Loc))
		if loc == "" {
			sm.Skipped++
			continue
		}
		entry := SitemapEntry{Loc: loc, LastMod: parseLastMod(strings.TrimSpace(e.LastMod))}
		if start.Name.Local == "url" && root == "urlset" {
			sm.URLs = append(sm.URLs, entry)
		} else if start.Name.Local == "sitemap" && root == "sitemapindex" {
			sm.Sitemaps = append(sm.Sitemaps, entry)
		} else {
			sm.Skipped++
		}
	}
	if root == "" {
		return Sitemap{}, fmt.Errorf("parse sitemap: %w", invalidf("no XML element found (starts %q)", excerpt(trimmed)))
	}
	return sm, nil
}

// gunzipSitemap inflates a gzipped body, refusing more than maxSitemapBytes.
func gunzipSitemap(body []byte) ([]byte, error) {
	if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
		return body, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, invalidf("bad gzip: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxSitemapBytes+1))
	if err != nil {
		return nil, invalidf("bad gzip: %v", err)
	}
	if len(out) > maxSitemapBytes {
		return nil, invalidf("sitemap inflates past %d bytes", maxSitemapBytes)
	}
	return out, nil
}

// lastModLayouts are the W3C Datetime forms the sitemap protocol allows, and
// the space-separated form some generators write.
var lastModLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02", "2006-01-02 15:04:05", "2006-01", "2006",
}

func parseLastMod(s string) time.Time {
	for _, layout := range lastModLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
