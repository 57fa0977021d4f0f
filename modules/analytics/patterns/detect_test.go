package patterns_test

import (
	"slices"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/catalog"
)

const (
	flash     = patterns.KindFlashSale
	clearance = patterns.KindClearance
	priceErr  = patterns.KindPriceError
	weekly    = patterns.KindWeekly
	fake      = patterns.KindFakeSale
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name   string
		series []catalog.PriceObservation
		want   []found
	}{
		{"no observations", nil, nil},
		{"one observation", daily(p(5000)), nil},
		{"two observations, the second far lower", daily(p(5000, 500)), nil},
		{"equal prices", daily(repeat(30, 5000)), nil},
		{"flash sale of two days", daily(p(5000, 5000, 5000, 3000, 3000, 5000, 5000)), []found{{flash, 3, 4}}},
		{"flash sale against a weekend price", daily(p(5000, 4250, 2500, 5000, 5000)), []found{{flash, 2, 2}}},
		{"doorbuster: one day at 75% off is a sale", daily(p(5000, 5000, 1250, 5000, 5000)), []found{{flash, 2, 2}}},
		{"price error: a tenth of the price", daily(p(5000, 5000, 500, 5000, 5000)), []found{{priceErr, 2, 2}}},
		{"price error: a slipped decimal point under a weekend price", daily(p(1000, 1000, 100, 800, 1000)), []found{{priceErr, 2, 2}}},
		{"price error: a placeholder of one dollar", daily(p(295, 295, 100, 295, 295)), []found{{priceErr, 2, 2}}},
		{"a dip lasting four days is no flash sale", daily(p(5000, 5000, 3000, 3000, 3000, 3000, 5000)), nil},
		{"a dip still on at the end is not judged", daily(p(5000, 5000, 5000, 3000)), nil},
		{"a dip at the start is not judged", daily(p(3000, 5000, 5000, 5000)), nil},
		{"a gap in scraping makes a short dip long", daily(
			p(5000, 5000),
			[]obs{{price: 3000}, {price: 3000, gap: 4 * 24 * time.Hour}},
			p(5000, 5000)), nil},
		{"a gap around a one-off error does not hide it", daily(
			p(5000, 5000),
			[]obs{{price: 500, gap: 3 * 24 * time.Hour}, {price: 5000, gap: 2 * 24 * time.Hour}},
			p(5000)), []found{{priceErr, 2, 2}}},
		{"a currency change is not a price move", daily(
			p(5000, 5000, 5000),
			[]obs{{price: 3000, currency: "EUR"}, {price: 3000, currency: "EUR"}, {price: 3000, currency: "EUR"}}), nil},
		{"each currency run is read on its own", daily(
			p(5000, 5000, 500, 5000),
			[]obs{{price: 4500, currency: "EUR"}, {price: 4500, currency: "EUR"}, {price: 2700, currency: "EUR"}, {price: 4500, currency: "EUR"}}),
			[]found{{priceErr, 2, 2}, {flash, 6, 6}}},
		{"clearance: markdowns with holds between", daily(repeat(5, 5000), p(3750, 3750, 3250, 3250, 2500, 2500, 2000, 2000, 2000)),
			[]found{{clearance, 5, 13}}},
		{"clearance with a price error inside", daily(repeat(5, 5000), p(3750, 3750, 375, 3250, 3250, 2500, 2500)),
			[]found{{clearance, 5, 11}, {priceErr, 7, 7}}},
		{"a cut then a sale is two drops", daily(repeat(5, 5000), repeat(5, 4500), repeat(4, 3500), p(4500)), nil},
		{"a fall back from a raise is no markdown", daily(repeat(10, 4700), p(6100, 6100, 5200, 5200, 5200, 4700, 4700, 3700, 3700, 4700)), nil},
		{"markdowns months apart are no clearance", daily(repeat(5, 5000), repeat(12, 4500), repeat(12, 4000), p(3000, 3000)), nil},
		{"compare-at below the price is no sale", daily(with(4500, repeat(20, 5000))), nil},
		{"an everyday MSRP over the price is no sale event", daily(with(6000, repeat(20, 5000))), nil},
		{"a real sale is not a fake one", daily(repeat(10, 5000), with(5000, repeat(5, 4000)), repeat(3, 5000)), nil},
		{"fake sale: compare-at raised, then a small cut", daily(repeat(10, 5000), with(7000, repeat(3, 5000)), with(7000, repeat(4, 4750)), repeat(3, 5000)),
			[]found{{fake, 10, 12}, {fake, 13, 16}}},
		{"fake sale: price raised, then discounted back", daily(repeat(10, 5000), repeat(3, 6000), with(6000, repeat(4, 5100)), repeat(3, 5000)),
			[]found{{fake, 13, 16}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := detect(t, tt.series)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWeekly(t *testing.T) {
	week := func(weekend int64) []obs { return p(5000, 5000, 5000, 5000, 5000, weekend, weekend) }
	s := daily(week(4250), week(4250), week(4250), week(4250))
	ps := newDetector(t).Detect(s)
	if len(ps) != 1 || ps[0].Kind != weekly || !slices.Equal(ps[0].Weekdays, []time.Weekday{time.Sunday, time.Saturday}) ||
		ps[0].DiscountBP != 1500 {
		t.Fatalf("Detect = %+v, want a weekly 15%% deal on weekends", ps)
	}
	if got := detect(t, daily(week(4250))); got != nil {
		t.Errorf("one week is no pattern: %v", got)
	}
	if got := detect(t, daily(repeat(10, 5000), repeat(12, 4250), repeat(10, 5000))); got != nil {
		t.Errorf("a long sale is no weekly deal: %v", got)
	}
}

func TestUnsortedSeriesIsSorted(t *testing.T) {
	s := daily(p(5000, 5000, 500, 5000, 5000))
	rev := slices.Clone(s)
	slices.Reverse(rev)
	got := newDetector(t).Detect(rev)
	if len(got) != 1 || got[0].Kind != priceErr || !got[0].From.Equal(s[2].ObservedAt) || rev[0] != s[4] {
		t.Errorf("Detect on a reversed series = %+v; the input must not be reordered", got)
	}
}

func TestConfigValidate(t *testing.T) {
	bad := []func(*patterns.Config){
		func(c *patterns.Config) { c.FlashMinBP = 0 },
		func(c *patterns.Config) { c.ErrorMinBP = c.FlashMinBP },
		func(c *patterns.Config) { c.FlashMaxObservations = 0 },
		func(c *patterns.Config) { c.ClearanceMinDrops = 1 },
		func(c *patterns.Config) { c.WeeklyMinWeeks = 1 },
		func(c *patterns.Config) { c.Window = time.Hour },
		func(c *patterns.Config) { c.SeasonalMinBP = 0 },
		func(c *patterns.Config) { c.SeasonalMinDuration = time.Hour },
		func(c *patterns.Config) { c.SeasonalMaxDuration = c.SeasonalMinDuration - time.Hour },
		func(c *patterns.Config) { c.SeasonalTolerance = 90 * 24 * time.Hour },
		func(c *patterns.Config) { c.SeasonalMinYears = 1 },
		func(c *patterns.Config) { c.Location = nil },
	}
	for i, f := range bad {
		c := patterns.DefaultConfig()
		f(&c)
		if _, err := patterns.NewDetector(c); err == nil {
			t.Errorf("case %d: NewDetector(%+v) accepted a bad config", i, c)
		}
	}
}
