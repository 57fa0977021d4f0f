package forecast

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// DefaultHorizon is how far ahead the forecast looks.
const DefaultHorizon = 7 * day

// Example is one forecast question with its answer: was the variant, in
// stock at At, seen out of stock within the horizon after it?
type Example struct {
	Variant    catalog.VariantKey
	At         time.Time
	Features   []float64
	OutOfStock bool
	// OutOfStockShare is the share of the variant's observations up to At
	// that were out of stock: what Baseline reads.
	OutOfStockShare float64
}

// Examples asks the question of h at each cutoff whose answer is known by
// end (the time of the last observation anyone has): cutoffs where the
// variant was not seen yet, or was out of stock, or whose horizon reaches
// past end, are skipped.
func Examples(h History, cutoffs []time.Time, horizon time.Duration, end time.Time) []Example {
	var out []Example
	for _, at := range cutoffs {
		if at.Add(horizon).After(end) {
			continue
		}
		f, ok := Features(h, at)
		if !ok {
			continue
		}
		cur := lastAtOrBefore(h.Series, at)
		out = append(out, Example{
			Variant: h.Series[cur].Variant, At: at, Features: f,
			OutOfStock:      outWithin(h.Series[cur+1:], at.Add(horizon)),
			OutOfStockShare: outShare(h.Series[:cur+1]),
		})
	}
	return out
}

// outWithin reports whether any observation of s up to until is out of stock.
func outWithin(s []catalog.PriceObservation, until time.Time) bool {
	for _, o := range s {
		if o.ObservedAt.After(until) {
			break
		}
		if !o.InStock() {
			return true
		}
	}
	return false
}

func outShare(s []catalog.PriceObservation) float64 {
	out := 0
	for _, o := range s {
		if !o.InStock() {
			out++
		}
	}
	return float64(out) / float64(max(len(s), 1))
}

// Baseline is the rule the model is measured against: a variant out of stock
// more than half the time it was seen is called out of stock (probability
// 1), any other not (0).
func Baseline(outOfStockShare float64) float64 {
	if outOfStockShare > 0.5 {
		return 1
	}
	return 0
}
