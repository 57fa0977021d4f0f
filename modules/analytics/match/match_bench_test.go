package match_test

import (
	"testing"

	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/seed"
)

// BenchmarkMatchCatalog matches a generated catalog from scratch, listing by
// listing as the stream would: the demo's 5,000 listings across 5 shops, and
// 5,000 listings at each of 5 shops.
func BenchmarkMatchCatalog(b *testing.B) {
	for _, bc := range []struct {
		name     string
		products int
	}{{"5000_listings_5_shops", 5000}, {"25000_listings_5_shops", 25000}} {
		b.Run(bc.name, func(b *testing.B) {
			cfg := seed.DefaultConfig()
			cfg.Products, cfg.Days = bc.products, 0
			g, err := seed.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			listings := g.Listings()
			b.ReportAllocs()
			var matches int
			for b.Loop() {
				m, err := match.New(match.DefaultConfig())
				if err != nil {
					b.Fatal(err)
				}
				for _, l := range listings {
					m.Add(l)
				}
				matches = len(m.Matches())
			}
			b.ReportMetric(float64(len(listings)), "listings/op")
			b.ReportMetric(float64(matches), "matches/op")
		})
	}
}
