package shops_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/seed"
)

// BenchmarkShopifyPage250 serves a full /products.json page of 250
// products over loopback HTTP: 250 listings observed at the current instant,
// rendered, hashed for the ETag and (gzip) compressed. The simulated clock
// moves a slot per iteration, so the change tracker's incremental walk is
// part of the cost, as it is in the demo.
func BenchmarkShopifyPage250(b *testing.B) {
	g, err := seed.New(seed.Config{Shops: 5, Products: 2000, Days: 30, PerDay: 4, RandSeed: 11, End: testStart.Add(20 * 24 * time.Hour)})
	if err != nil {
		b.Fatal(err)
	}
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			wall := newFakeWall()
			h := startSim(b, testConfig(wall), g)
			u := h.sim.Shops()[0].Shop.BaseURL + "/products.json?limit=250"
			check, _ := h.get(b, u)
			var page shopifyPage
			_, body := h.get(b, u)
			if err := json.Unmarshal(body, &page); err != nil || len(page.Products) != 250 || check.StatusCode != http.StatusOK {
				b.Fatalf("want a full page of 250 products, got %d (%v)", len(page.Products), err)
			}
			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			b.ReportAllocs()
			b.ResetTimer()
			var n int64
			for b.Loop() {
				wall.Advance(6 * time.Hour)
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				req.Header.Set("Accept-Encoding", enc)
				res, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				m, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				n += m
			}
			b.ReportMetric(float64(n)/float64(b.N), "wire_bytes/op")
		})
	}
}
