package patterns_test

import (
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/catalog"
)

// monday is where hand-made series start: a Monday, so weekdays are easy
// to read off the index.
var monday = time.Date(2025, time.June, 2, 12, 0, 0, 0, time.UTC)

var key = catalog.VariantKey{ShopSlug: "shop", ListingExternalID: "l", VariantExternalID: "v"}

// obs is one hand-made observation: price and compare-at in minor units.
type obs struct {
	price, compare int64
	currency       string // "" is USD
	out            bool
	gap            time.Duration // extra time since the previous observation
}

func p(prices ...int64) []obs {
	out := make([]obs, len(prices))
	for i, v := range prices {
		out[i] = obs{price: v}
	}
	return out
}

// with sets the compare-at of every observation.
func with(compare int64, o []obs) []obs {
	for i := range o {
		o[i].compare = compare
	}
	return o
}

// daily builds a series with one observation a day from monday.
func daily(parts ...[]obs) []catalog.PriceObservation {
	var out []catalog.PriceObservation
	at := monday
	for _, part := range parts {
		for _, o := range part {
			cur := o.currency
			if cur == "" {
				cur = "USD"
			}
			at = at.Add(o.gap)
			po := catalog.PriceObservation{
				Variant: key, ObservedAt: at, Price: catalog.Money{Amount: o.price, Currency: cur},
				Availability: catalog.InStock,
			}
			if o.compare != 0 {
				po.CompareAt = catalog.Money{Amount: o.compare, Currency: cur}
			}
			if o.out {
				po.Availability = catalog.OutOfStock
			}
			out = append(out, po)
			at = at.Add(24 * time.Hour)
		}
	}
	return out
}

func repeat(n int, price int64) []obs {
	out := make([]obs, n)
	for i := range out {
		out[i] = obs{price: price}
	}
	return out
}

func newDetector(t *testing.T) *patterns.Detector {
	t.Helper()
	d, err := patterns.NewDetector(patterns.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// found is a detected pattern reduced to what the tables compare.
type found struct {
	kind        patterns.Kind
	first, last int
}

func detect(t *testing.T, s []catalog.PriceObservation) []found {
	t.Helper()
	var out []found
	for _, pt := range newDetector(t).Detect(s) {
		if pt.Variant != key || pt.From != s[pt.First].ObservedAt || pt.To != s[pt.Last].ObservedAt || pt.Evidence == "" {
			t.Errorf("pattern %+v is not tied to its observations", pt)
		}
		out = append(out, found{pt.Kind, pt.First, pt.Last})
	}
	return out
}
