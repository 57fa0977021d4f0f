package lake_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"testing"

	"gocloud.dev/blob/memblob"

	"github.com/skatestock/skatestock/modules/lake"
)

// shopifyPage is about n bytes of products.json as a Shopify shop serves it:
// varied ids, titles, prices and HTML descriptions, so that compression
// ratios and speeds resemble a real scrape rather than a repeated record.
func shopifyPage(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	brands := []string{"Baker", "Girl", "Thrasher", "Independent", "Spitfire", "Bones", "Vans", "Polar", "Fucking Awesome", "Anti Hero"}
	kinds := []string{"Deck", "Trucks", "Wheels", "Bearings", "Griptape", "Hoodie", "Shoes", "Tee"}
	var b bytes.Buffer
	b.WriteString(`{"products":[`)
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		brand, kind := brands[r.IntN(len(brands))], kinds[r.IntN(len(kinds))]
		id := 7_000_000_000 + r.Int64N(1_000_000_000)
		fmt.Fprintf(&b, `{"id":%d,"title":"%s %s %d","handle":"%s-%s-%d","vendor":"%s","product_type":"%s",`+
			`"body_html":"<p>The %s %s in size %d.%d with %d%% more pop. Ships in %d days.</p>",`+
			`"created_at":"2025-0%d-%02dT%02d:%02d:00-04:00","tags":["%s","%s","sale-%d"],"variants":[`,
			id, brand, kind, r.IntN(900)+100, brand, kind, i, brand, kind,
			brand, kind, r.IntN(4)+7, r.IntN(10), r.IntN(50), r.IntN(14)+1,
			r.IntN(9)+1, r.IntN(28)+1, r.IntN(24), r.IntN(60), kind, brand, r.IntN(50))
		for v := range r.IntN(4) + 1 {
			if v > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%d,"title":"%d.%d","sku":"SK-%06d","price":"%d.%02d","compare_at_price":null,"available":%t,"grams":%d}`,
				id+int64(v)+1, r.IntN(4)+7, r.IntN(10), r.IntN(1_000_000), r.IntN(150)+10, r.IntN(100), r.IntN(3) > 0, r.IntN(2000))
		}
		fmt.Fprintf(&b, `],"images":[{"src":"https://cdn.shopify.com/s/files/1/0%d/products/%x.jpg"}]}`, r.IntN(999), r.Uint64())
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// BenchmarkPutRaw archives a 1 MB products.json page; MB/s is of the page
// before compression. file is the embedded default; mem isolates the cost
// of compressing from that of the file system.
func BenchmarkPutRaw(b *testing.B) {
	body := shopifyPage(1 << 20)
	for _, backend := range []string{"file", "mem"} {
		b.Run(backend, func(b *testing.B) {
			var l *lake.Lake
			if backend == "file" {
				var err error
				l, err = lake.Open(b.Context(), lake.Config{URL: (&url.URL{Scheme: "file", Path: b.TempDir()}).String()}, nil)
				if err != nil {
					b.Fatal(err)
				}
			} else {
				l = lake.NewFromBucket(memblob.OpenBucket(nil), nil)
			}
			defer l.Close()
			p := samplePage()
			p.Body = body
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			seq := 0
			for b.Loop() {
				p.Seq = seq % 100 // bounded disk use: later rounds overwrite
				seq++
				if _, err := l.PutRaw(b.Context(), p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGzipLevel compares the levels considered for the lake on the
// same page, reporting speed and the compressed size as a share of the page.
func BenchmarkGzipLevel(b *testing.B) {
	body := shopifyPage(1 << 20)
	for _, level := range []struct {
		name  string
		level int
	}{{"BestSpeed", gzip.BestSpeed}, {"Default", gzip.DefaultCompression}} {
		b.Run(level.name, func(b *testing.B) {
			zw, _ := gzip.NewWriterLevel(io.Discard, level.level)
			var out bytes.Buffer
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				out.Reset()
				zw.Reset(&out)
				_, _ = zw.Write(body)
				_ = zw.Close()
			}
			b.ReportMetric(float64(out.Len())/float64(len(body))*100, "%size")
		})
	}
}
