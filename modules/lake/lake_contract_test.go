package lake_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"gocloud.dev/blob"

	"github.com/skatestock/skatestock/modules/lake"
)

// TestLakeContract runs the one contract every backend must keep.
func TestLakeContract(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket))
	}{
		{"round trip", testRoundTrip},
		{"key layout", testKeyLayout},
		{"idempotent rewrite", testIdempotentRewrite},
		{"list per shop and day", testListRaw},
		{"not found", testNotFound},
		{"invalid input", testInvalidInput},
		{"cancelled context", testCancelledContext},
		{"compressed with attributes", testCompressed},
		{"concurrent puts", testConcurrentPuts},
		{"close twice", testCloseTwice},
	}
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) { c.run(t, b.open) })
			}
		})
	}
}

// day1 is a fixed fetch time; tests derive the others from it.
var day1 = time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)

// catalogJSON is a repetitive products.json-like body of about n bytes.
func catalogJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"products":[`)
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"title":"Deck %d 8.25\"","handle":"deck-%d","vendor":"Baker","variants":[{"id":%d,"price":"64.95","available":true}]}`, 1000+i, i, i, 5000+i)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

func samplePage() lake.RawPage {
	return lake.RawPage{
		Shop:        "skate-shop-1",
		FetchedAt:   day1,
		RunID:       "r1",
		Seq:         1,
		URL:         "https://shop.example/products.json?page=1",
		Status:      200,
		ContentType: "application/json; charset=utf-8",
		Body:        catalogJSON(2 << 10),
	}
}

func mustPut(t *testing.T, l *lake.Lake, p lake.RawPage) string {
	t.Helper()
	key, err := l.PutRaw(t.Context(), p)
	if err != nil {
		t.Fatalf("PutRaw: %v", err)
	}
	return key
}

func testRoundTrip(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, _ := open(t)
	tokyo := time.FixedZone("JST", 9*3600)
	pages := map[string]func(p *lake.RawPage){
		"json page": func(*lake.RawPage) {},
		"nanoseconds and a zone": func(p *lake.RawPage) {
			p.FetchedAt = time.Date(2025, 7, 1, 8, 30, 0, 123456789, tokyo)
		},
		"html with non-ascii url": func(p *lake.RawPage) {
			p.URL = "https://shop.example/products/grip-tape-mob-größe?ref=ß"
			p.ContentType = "text/html; charset=utf-8"
			p.Body = []byte("<html><body>Größe 9\"</body></html>")
		},
		"empty body and content type": func(p *lake.RawPage) {
			p.Status = 304
			p.ContentType = ""
			p.Body = nil
		},
		"unparsable content type": func(p *lake.RawPage) {
			p.Status = 503
			p.ContentType = "text/html;;;=broken"
			p.Body = []byte("down for maintenance")
		},
	}
	seq := 0
	for name, change := range pages {
		t.Run(name, func(t *testing.T) {
			want := samplePage()
			want.Seq = seq
			seq++
			change(&want)
			key := mustPut(t, l, want)
			got, err := l.GetRaw(t.Context(), key)
			if err != nil {
				t.Fatalf("GetRaw(%s): %v", key, err)
			}
			if !got.FetchedAt.Equal(want.FetchedAt) {
				t.Errorf("FetchedAt = %v, want %v", got.FetchedAt, want.FetchedAt)
			}
			if !bytes.Equal(got.Body, want.Body) {
				t.Errorf("Body = %q, want %q", trim(got.Body), trim(want.Body))
			}
			got.FetchedAt, want.FetchedAt = time.Time{}, time.Time{}
			got.Body, want.Body = nil, nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("GetRaw = %+v, want %+v", got, want)
			}
		})
	}
}

func trim(b []byte) []byte { return b[:min(len(b), 80)] }

func testKeyLayout(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, view := open(t)
	tests := []struct {
		name   string
		change func(p *lake.RawPage)
		want   string
	}{
		{"json with charset", func(*lake.RawPage) {}, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.json.gz"},
		{"date is the UTC date", func(p *lake.RawPage) {
			p.FetchedAt = time.Date(2025, 7, 1, 8, 30, 0, 0, time.FixedZone("JST", 9*3600))
		}, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.json.gz"},
		{"last nanosecond of the day", func(p *lake.RawPage) {
			p.FetchedAt = time.Date(2025, 12, 31, 23, 59, 59, 999999999, time.UTC)
		}, "raw/shop=skate-shop-1/date=2025-12-31/r1-00001.json.gz"},
		{"seq zero padded", func(p *lake.RawPage) { p.Seq = 0 }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00000.json.gz"},
		{"seq five digits", func(p *lake.RawPage) { p.Seq = 99999 }, "raw/shop=skate-shop-1/date=2025-06-30/r1-99999.json.gz"},
		{"run with dashes and digits", func(p *lake.RawPage) { p.RunID = "run_2025-06-30-12345"; p.Seq = 42 },
			"raw/shop=skate-shop-1/date=2025-06-30/run_2025-06-30-12345-00042.json.gz"},
		{"ld+json", func(p *lake.RawPage) { p.ContentType = "application/ld+json" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.json.gz"},
		{"html", func(p *lake.RawPage) { p.ContentType = "text/html; charset=UTF-8" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.html.gz"},
		{"xhtml", func(p *lake.RawPage) { p.ContentType = "application/xhtml+xml" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.html.gz"},
		{"xml", func(p *lake.RawPage) { p.ContentType = "application/xml" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.xml.gz"},
		{"sitemap text/xml", func(p *lake.RawPage) { p.ContentType = "Text/XML" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.xml.gz"},
		{"rss", func(p *lake.RawPage) { p.ContentType = "application/rss+xml" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.xml.gz"},
		{"plain text", func(p *lake.RawPage) { p.ContentType = "text/plain" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.txt.gz"},
		{"other text", func(p *lake.RawPage) { p.ContentType = "text/csv" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.txt.gz"},
		{"no content type", func(p *lake.RawPage) { p.ContentType = "" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.bin.gz"},
		{"binary", func(p *lake.RawPage) { p.ContentType = "image/webp" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.bin.gz"},
		{"unparsable", func(p *lake.RawPage) { p.ContentType = "json" }, "raw/shop=skate-shop-1/date=2025-06-30/r1-00001.bin.gz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := samplePage()
			tt.change(&p)
			key := mustPut(t, l, p)
			if key != tt.want {
				t.Fatalf("PutRaw key = %s, want %s", key, tt.want)
			}
			if ok, err := view.Exists(t.Context(), key); err != nil || !ok {
				t.Fatalf("object %s exists = %v, %v; want true", key, ok, err)
			}
		})
	}
}

func testIdempotentRewrite(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, view := open(t)
	p := samplePage()
	first := mustPut(t, l, p)
	p.Body = []byte(`{"products":[]}`) // a retry that fetched a newer answer
	second := mustPut(t, l, p)
	if first != second {
		t.Fatalf("keys differ: %s then %s", first, second)
	}
	if keys := listAll(t, view); !slices.Equal(keys, []string{first}) {
		t.Fatalf("bucket holds %q, want only %s", keys, first)
	}
	got, err := l.GetRaw(t.Context(), first)
	if err != nil {
		t.Fatalf("GetRaw: %v", err)
	}
	if string(got.Body) != `{"products":[]}` {
		t.Fatalf("Body = %q, want the last write", trim(got.Body))
	}
}

func testListRaw(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, _ := open(t)
	put := func(shop string, at time.Time, run string, seq int) string {
		p := samplePage()
		p.Shop, p.FetchedAt, p.RunID, p.Seq = shop, at, run, seq
		return mustPut(t, l, p)
	}
	var want []string
	for _, seq := range []int{2, 10, 0} { // written out of order
		want = append(want, put("a", day1, "r1", seq))
	}
	want = append(want, put("a", day1.Add(11*time.Hour), "r0", 5))
	put("a", day1.AddDate(0, 0, 1), "r2", 0) // next day
	put("a-b", day1, "r1", 0)                // a shop whose slug starts like "a"
	put("b", day1, "r1", 0)
	slices.Sort(want)

	got, err := l.ListRaw(t.Context(), "a", day1)
	if err != nil {
		t.Fatalf("ListRaw: %v", err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("ListRaw(a, day1) = %q, want %q", got, want)
	}
	// A day given in another zone means its UTC date.
	evening := time.Date(2025, 7, 1, 6, 0, 0, 0, time.FixedZone("NZST", 12*3600))
	if got, err := l.ListRaw(t.Context(), "a", evening); err != nil || !slices.Equal(got, want) {
		t.Errorf("ListRaw(a, %v) = %q, %v; want %q", evening, got, err, want)
	}
	if got, err := l.ListRaw(t.Context(), "b", day1); err != nil || len(got) != 1 {
		t.Errorf("ListRaw(b, day1) = %q, %v; want one key", got, err)
	}
	if got, err := l.ListRaw(t.Context(), "a", day1.AddDate(0, 0, -1)); err != nil || got == nil || len(got) != 0 {
		t.Errorf("ListRaw(a, day before) = %#v, %v; want an empty list", got, err)
	}
	if got, err := l.ListRaw(t.Context(), "nobody", day1); err != nil || len(got) != 0 {
		t.Errorf("ListRaw(nobody) = %q, %v; want an empty list", got, err)
	}
	for _, key := range got {
		if _, err := l.GetRaw(t.Context(), key); err != nil {
			t.Errorf("GetRaw(%s) of a listed key: %v", key, err)
		}
	}
}

func testCompressed(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, view := open(t)
	p := samplePage()
	p.Body = catalogJSON(64 << 10)
	key := mustPut(t, l, p)

	attrs, err := view.Attributes(t.Context(), key)
	if err != nil {
		t.Fatalf("Attributes: %v", err)
	}
	if attrs.ContentEncoding != "gzip" {
		t.Errorf("ContentEncoding = %q, want gzip", attrs.ContentEncoding)
	}
	if attrs.ContentType != "application/json; charset=utf-8" {
		t.Errorf("ContentType = %q, want the page's own", attrs.ContentType)
	}
	if attrs.Size >= int64(len(p.Body))/4 {
		t.Errorf("stored %d bytes for a %d-byte repetitive body; want at least 4x smaller", attrs.Size, len(p.Body))
	}
	wantMeta := map[string]string{
		"source-url":   p.URL,
		"status":       "200",
		"content-type": p.ContentType,
		"fetched-at":   "2025-06-30T12:00:00Z",
	}
	for k, v := range wantMeta {
		if attrs.Metadata[k] != v {
			t.Errorf("metadata %s = %q, want %q (all: %v)", k, attrs.Metadata[k], v, attrs.Metadata)
		}
	}

	stored, err := view.ReadAll(t.Context(), key)
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	if int64(len(stored)) != attrs.Size || !bytes.HasPrefix(stored, []byte{0x1f, 0x8b}) {
		t.Fatalf("stored object is %d bytes starting %x; want %d bytes of gzip", len(stored), trim(stored)[:2], attrs.Size)
	}
	zr, err := gzip.NewReader(bytes.NewReader(stored))
	if err != nil {
		t.Fatalf("gzip.NewReader: %v", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(plain, p.Body) {
		t.Fatalf("gunzip of the stored object = %d bytes, %v; want the %d-byte body", len(plain), err, len(p.Body))
	}
}

func testConcurrentPuts(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, _ := open(t)
	const workers, pages = 4, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers*pages)
	for w := range workers {
		wg.Go(func() {
			for seq := range pages {
				p := samplePage()
				// Two workers per run, so every key is written twice at once.
				p.RunID = fmt.Sprintf("r%d", w%2)
				p.Seq = seq
				p.Body = catalogJSON(4<<10 + seq)
				if _, err := l.PutRaw(t.Context(), p); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	keys, err := l.ListRaw(t.Context(), "skate-shop-1", day1)
	if err != nil || len(keys) != 2*pages {
		t.Fatalf("ListRaw = %d keys, %v; want %d", len(keys), err, 2*pages)
	}
	for _, key := range keys {
		got, err := l.GetRaw(t.Context(), key)
		if err != nil {
			t.Fatalf("GetRaw(%s): %v", key, err)
		}
		if want := catalogJSON(4<<10 + got.Seq); !bytes.Equal(got.Body, want) {
			t.Errorf("GetRaw(%s) body is %d bytes, want %d", key, len(got.Body), len(want))
		}
	}
}

func testCloseTwice(t *testing.T, open func(*testing.T) (*lake.Lake, *blob.Bucket)) {
	l, _ := open(t)
	if err := l.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}
