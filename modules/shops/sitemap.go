package shops

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// sitemapChunk is how many product URLs one sitemap file lists. Real shops
// put thousands in one; a small chunk makes even a test catalog span
// several files, so crawlers must follow the index.
const sitemapChunk = 100

const xmlType = "application/xml; charset=utf-8"

// sitemapIndex is /sitemap.xml: a sitemap index pointing at the product
// sitemaps and the pages sitemap, each with the latest lastmod inside it.
func (s *shopServer) sitemapIndex(q request) *doc {
	items := listed(s.cat.entries, q.now, nil)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	modified := s.cat.lastChurn(q.now)
	for n := 1; (n-1)*sitemapChunk < len(items); n++ {
		last := time.Time{}
		for _, e := range pageOf(items, sitemapChunk, n) {
			last = maxTime(last, s.tracker.state(e, q.now).updated)
		}
		modified = maxTime(modified, last)
		writeSitemapEntry(&b, "sitemap", s.shop.BaseURL+"/sitemap-products-"+strconv.Itoa(n)+".xml", last, "")
	}
	writeSitemapEntry(&b, "sitemap", s.shop.BaseURL+"/sitemap-pages.xml", time.Time{}, "")
	b.WriteString("</sitemapindex>\n")
	return &doc{status: http.StatusOK, contentType: xmlType, body: b.Bytes(), lastModified: modified}
}

// sitemapFile serves /sitemap-products-<n>.xml and /sitemap-pages.xml.
func (s *shopServer) sitemapFile(p string, q request) *doc {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if p == "/sitemap-pages.xml" {
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		writeSitemapEntry(&b, "url", s.shop.BaseURL+"/", time.Time{}, "daily")
		b.WriteString("</urlset>\n")
		return &doc{status: http.StatusOK, contentType: xmlType, body: b.Bytes()}
	}
	num, ok := strings.CutPrefix(p, "/sitemap-products-")
	num, ok2 := strings.CutSuffix(num, ".xml")
	n, err := strconv.Atoi(num)
	items := listed(s.cat.entries, q.now, nil)
	chunk := pageOf(items, sitemapChunk, n)
	if !ok || !ok2 || err != nil || len(chunk) == 0 {
		return s.notFoundPage()
	}
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">` + "\n")
	modified := time.Time{}
	for _, e := range chunk {
		updated := s.tracker.state(e, q.now).updated
		modified = maxTime(modified, updated)
		b.WriteString("<url>\n")
		writeTag(&b, "loc", e.listing.URL)
		writeTag(&b, "lastmod", updated.UTC().Format(time.RFC3339))
		writeTag(&b, "changefreq", "daily")
		if img := e.listing.ImageURL; img != "" {
			b.WriteString("<image:image>\n")
			writeTag(&b, "image:loc", img)
			writeTag(&b, "image:title", e.listing.Title)
			b.WriteString("</image:image>\n")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return &doc{status: http.StatusOK, contentType: xmlType, body: b.Bytes(), lastModified: modified}
}

// writeSitemapEntry writes a <sitemap> or <url> element.
func writeSitemapEntry(b *bytes.Buffer, elem, loc string, lastmod time.Time, changefreq string) {
	b.WriteString("<" + elem + ">\n")
	writeTag(b, "loc", loc)
	if !lastmod.IsZero() {
		writeTag(b, "lastmod", lastmod.UTC().Format(time.RFC3339))
	}
	if changefreq != "" {
		writeTag(b, "changefreq", changefreq)
	}
	b.WriteString("</" + elem + ">\n")
}

func writeTag(b *bytes.Buffer, name, text string) {
	b.WriteString("<" + name + ">")
	// Writes to a bytes.Buffer cannot fail.
	_ = xml.EscapeText(b, []byte(text))
	b.WriteString("</" + name + ">\n")
}
