package patterns_test

import (
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/patterns"
)

func TestLowestIn(t *testing.T) {
	d := newDetector(t)
	s := daily(p(5000, 4000, 4500), repeat(40, 4800), p(3900))
	if _, ok := d.LowestIn(s, monday.Add(-time.Hour)); ok {
		t.Error("LowestIn before the first observation reported a price")
	}
	low, ok := d.LowestIn(s, s[2].ObservedAt)
	if !ok || low.Price.Amount != 4000 || low.IsLowest || low.Observations != 3 || !low.At.Equal(s[1].ObservedAt) {
		t.Errorf("on day 3: %+v", low)
	}
	// 30 days on, the 4000 has left the window and the last price is the lowest.
	low, _ = d.LowestIn(s, s[len(s)-1].ObservedAt)
	if low.Price.Amount != 3900 || !low.IsLowest || low.Observations != 31 {
		t.Errorf("on the last day: %+v", low)
	}
	eur := daily(p(5000, 4000), []obs{{price: 4500, currency: "EUR"}})
	if low, _ := d.LowestIn(eur, eur[2].ObservedAt); low.Price.Currency != "EUR" || low.Price.Amount != 4500 || !low.IsLowest {
		t.Errorf("after a currency change: %+v, want only EUR prices compared", low)
	}
}

func TestAssess(t *testing.T) {
	d := newDetector(t)
	tests := []struct {
		name    string
		series  []obs
		real    bool
		suspect patterns.Kind
	}{
		{"a real sale", append(repeat(20, 5000), with(5000, repeat(3, 4000))...), true, ""},
		{"an everyday price", repeat(20, 5000), false, ""},
		{"a fake sale", append(repeat(20, 5000), with(7000, repeat(2, 5000))...), false, patterns.KindFakeSale},
		{"too good to be true, before the next observation tells", append(repeat(20, 5000), obs{price: 500}), false, patterns.KindPriceError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := daily(tt.series)
			deal, ok := d.Assess(s, s[len(s)-1].ObservedAt)
			if !ok || deal.Real != tt.real || deal.Suspect != tt.suspect || deal.Median.Amount != 5000 {
				t.Errorf("Assess = %+v, want real %v, suspect %q", deal, tt.real, tt.suspect)
			}
		})
	}
}
