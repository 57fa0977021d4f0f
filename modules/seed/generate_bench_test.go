package seed_test

import (
	"testing"

	"github.com/skatestock/skatestock/modules/seed"
)

// BenchmarkGenerate builds the default catalog (5,000 listings, 30 days,
// one scrape a day) and walks every observation, as Run does without a
// writer.
func BenchmarkGenerate(b *testing.B) {
	cfg := seed.DefaultConfig()
	b.ReportAllocs()
	var n int
	for b.Loop() {
		g, err := seed.New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		n = 0
		for range g.Observations() {
			n++
		}
	}
	b.ReportMetric(float64(n), "observations/op")
}

// BenchmarkObserve prices one variant at an arbitrary instant, as the shop
// simulator does on every request.
func BenchmarkObserve(b *testing.B) {
	g, err := seed.New(seed.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	w := g.Window()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.Observe(i%g.NumListings(), 0, w.From.Add(w.To.Sub(w.From)/2))
		i++
	}
}
