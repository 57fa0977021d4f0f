package platform_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

func TestSitemapGzipped(t *testing.T) {
	plain, err := os.ReadFile("testdata/sitemap/urlset.xml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	want, err := platform.ParseSitemap(plain)
	if err != nil {
		t.Fatal(err)
	}
	got, err := platform.ParseSitemap(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.URLs) != len(want.URLs) || got.URLs[1] != want.URLs[1] {
		t.Fatalf("gzipped sitemap read differently: %+v", got)
	}
	if _, err := platform.ParseSitemap(buf.Bytes()[:buf.Len()/2]); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("truncated gzip: %v", err)
	}
}

func TestSitemapEntries(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://shop.example/products/a</loc><lastmod>2026-10-31T08:15:02-07:00</lastmod></url>
<url><loc>https://shop.example/products/b</loc><lastmod>2026-10-30</lastmod></url>
<url><loc>https://shop.example/products/c</loc><lastmod>not a date</lastmod></url>
<url><loc>products/d</loc></url></urlset>`
	sm, err := platform.ParseSitemap([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := []platform.SitemapEntry{
		{Loc: "https://shop.example/products/a", LastMod: time.Date(2026, 10, 31, 15, 15, 2, 0, time.UTC)},
		{Loc: "https://shop.example/products/b", LastMod: time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)},
		{Loc: "https://shop.example/products/c"},
	}
	if len(sm.URLs) != len(want) || sm.Skipped != 1 || len(sm.Sitemaps) != 0 {
		t.Fatalf("got %+v", sm)
	}
	for i := range want {
		if !sm.URLs[i].LastMod.Equal(want[i].LastMod) || sm.URLs[i].Loc != want[i].Loc {
			t.Fatalf("entry %d: got %+v, want %+v", i, sm.URLs[i], want[i])
		}
	}
}

func TestSitemapErrors(t *testing.T) {
	for name, body := range map[string]string{
		"empty":     "",
		"html":      "<!DOCTYPE html><html><body>403</body></html>",
		"json":      `{"urls":[]}`,
		"truncated": `<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url>`,
		"rss":       `<rss version="2.0"><channel></channel></rss>`,
		"latin1":    `<?xml version="1.0" encoding="ISO-8859-1"?><urlset></urlset>`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := platform.ParseSitemap([]byte(body)); !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("got %v, want an error wrapping ErrInvalid", err)
			}
		})
	}
}
