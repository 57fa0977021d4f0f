package patterns_test

import (
	"strings"
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
		reason  string
	}{
		{"a real sale", append(repeat(20, 5000), with(5000, repeat(3, 4000))...), true, "",
			"a real deal: 20% below the 30-day median of 50.00 USD"},
		{"an everyday price", repeat(20, 5000), false, "", "not a deal: the price is no lower than the 30-day median of 50.00 USD"},
		{"a small cut", append(repeat(20, 5000), obs{price: 4750}), false, "",
			"not a deal: only 5% below the 30-day median of 50.00 USD (a real deal is at least 10% below)"},
		{"a fake sale", append(repeat(20, 5000), with(7000, repeat(2, 5000))...), false, patterns.KindFakeSale, "a fake sale: "},
		{"too good to be true, before the next observation tells", append(repeat(20, 5000), obs{price: 500}), false, patterns.KindPriceError,
			"likely a price error, not a deal: 90% below the 30-day median of 50.00 USD, deeper than any sale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := daily(tt.series)
			deal, ok := d.Assess(s, s[len(s)-1].ObservedAt)
			if !ok || deal.Real != tt.real || deal.Suspect != tt.suspect || deal.Median.Amount != 5000 {
				t.Errorf("Assess = %+v, want real %v, suspect %q", deal, tt.real, tt.suspect)
			}
			if !strings.HasPrefix(deal.Reason, tt.reason) || len(deal.Reason) <= len("a fake sale: ") {
				t.Errorf("Reason = %q, want it to start %q", deal.Reason, tt.reason)
			}
		})
	}
	one := daily(p(5000))
	if deal, ok := d.Assess(one, one[0].ObservedAt); !ok || deal.Real || deal.Reason != "no earlier price in the last 30 days to compare with" {
		t.Errorf("Assess of a first observation = %+v", deal)
	}
}
