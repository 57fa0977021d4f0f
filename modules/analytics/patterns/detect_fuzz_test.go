package patterns_test

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// FuzzDetect runs the detectors on arbitrary series (any prices, compare-at
// prices, gaps, currencies and order) and checks that every pattern lies
// within the series and is tied to its observations.
func FuzzDetect(f *testing.F) {
	f.Add([]byte{0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 0, 10, 0, 0, 0, 100})
	f.Add([]byte{255, 255, 255, 255, 1, 2, 3, 4, 0, 0, 0, 0})
	// A season: a long run of prices held for weeks, gaps of up to 96
	// hours, so that seasons a year apart come within reach.
	f.Add(seasonalSeed())
	f.Fuzz(func(t *testing.T, data []byte) {
		var s []catalog.PriceObservation
		at := monday
		for len(data) >= 4 && len(s) < 4000 {
			v := binary.BigEndian.Uint32(data)
			data = data[4:]
			cur := []string{"USD", "JPY", "EUR"}[v%3]
			o := catalog.PriceObservation{
				Variant: key, Price: catalog.Money{Amount: int64(v >> 8), Currency: cur}, Availability: catalog.InStock,
			}
			if v&4 != 0 {
				o.CompareAt = catalog.Money{Amount: int64(v>>6) + 1, Currency: cur}
			}
			at = at.Add(time.Duration(v%97) * time.Hour)
			if v&8 != 0 {
				at = at.Add(-48 * time.Hour) // out of order
			}
			o.ObservedAt = at
			s = append(s, o)
		}
		d := newDetector(t)
		for _, pt := range d.Detect(s) {
			if pt.First < 0 || pt.Last >= len(s) || pt.First > pt.Last || pt.From.After(pt.To) || pt.DiscountBP < 0 || pt.DiscountBP > 10000 {
				t.Fatalf("pattern %+v out of a series of %d", pt, len(s))
			}
		}
		if len(s) > 0 {
			d.Assess(s, at)
			d.LowestIn(s, at)
		}
	})
}

// seasonalSeed is a corpus entry of about two years: a sale of a few weeks
// each summer, gaps of 96 hours (v%97 = 96) between observations.
func seasonalSeed() []byte {
	var out []byte
	for i := range 200 {
		price := uint32(5000)
		if d := i % 91; d >= 50 && d < 56 {
			price = 4000
		}
		// The low byte sets the gap (v%97) and the order (v&8): pick one
		// that gives 96 hours, in order, and USD where one does.
		best := price << 8
		for b := range uint32(256) {
			v := price<<8 | b
			if v%97 == 96 && v&8 == 0 && (best%97 != 96 || v%3 == 0) {
				best = v
			}
		}
		out = binary.BigEndian.AppendUint32(out, best)
	}
	return out
}
