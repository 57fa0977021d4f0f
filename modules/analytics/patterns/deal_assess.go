package patterns

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Lowest is the lowest price of a variant in the window before an instant.
type Lowest struct {
	Price catalog.Money // the lowest price in the window, in the currency at the instant
	At    time.Time     // when it was last seen at that price
	// IsLowest reports whether the price at the instant is the lowest in
	// the window (ties count).
	IsLowest bool
	// Observations is how many observations the window held; with few, a
	// "lowest" means little.
	Observations int
}

// LowestIn returns the lowest price in the Config.Window up to and including
// at, among observations in the currency of the last observation at or
// before at. ok is false when there is no observation at or before at.
func (d *Detector) LowestIn(series []catalog.PriceObservation, at time.Time) (low Lowest, ok bool) {
	sorted, _ := runs(series)
	cur, ok := current(sorted, at)
	if !ok {
		return Lowest{}, false
	}
	from := at.Add(-d.cfg.Window)
	low.Price = sorted[cur].Price
	for _, o := range sorted[:cur+1] {
		if o.ObservedAt.Before(from) || o.Price.Currency != low.Price.Currency {
			continue
		}
		low.Observations++
		if o.Price.Amount <= low.Price.Amount {
			low.Price, low.At = o.Price, o.ObservedAt
		}
	}
	low.IsLowest = sorted[cur].Price.Amount <= low.Price.Amount
	return low, true
}

// current is the index of the last observation at or before at.
func current(sorted []catalog.PriceObservation, at time.Time) (int, bool) {
	i := len(sorted) - 1
	for i >= 0 && sorted[i].ObservedAt.After(at) {
		i--
	}
	return i, i >= 0
}

// Deal is the verdict on a variant's price at one instant.
type Deal struct {
	Price catalog.Money
	// Median is the median price over the Config.Window before, in the same
	// currency; DiscountBP is Price below it.
	Median     catalog.Money
	DiscountBP int
	// ClaimedBP is the discount the compare-at claims, 0 without one.
	ClaimedBP int
	Lowest    Lowest
	// Real reports a real deal: at least RealDealMinBP below the window's
	// median and not inside a suspected price error or a fake sale.
	Real bool
	// Suspect names the pattern that makes the price doubtful (a price
	// error, too good to be true, or a fake sale), "" when none.
	Suspect Kind
}

// Assess judges the price at instant at: is it a real deal? ok is false
// when there is no observation at or before at.
func (d *Detector) Assess(series []catalog.PriceObservation, at time.Time) (deal Deal, ok bool) {
	sorted, _ := runs(series)
	cur, ok := current(sorted, at)
	if !ok {
		return Deal{}, false
	}
	o := sorted[cur]
	deal.Price = o.Price
	deal.ClaimedBP = o.DiscountBasisPoints()
	deal.Lowest, _ = d.LowestIn(sorted, at)
	var prior []int64
	from := at.Add(-d.cfg.Window)
	for _, p := range sorted[:cur] {
		if !p.ObservedAt.Before(from) && p.Price.Currency == o.Price.Currency {
			prior = append(prior, p.Price.Amount)
		}
	}
	if len(prior) > 0 {
		deal.Median = catalog.Money{Amount: median(prior), Currency: o.Price.Currency}
		deal.DiscountBP = discountBP(o.Price.Amount, deal.Median.Amount)
	}
	// The patterns are read on the history up to at, so a price error is
	// judged by what followed it only when that is already known.
	for _, p := range d.Detect(sorted[:cur+1]) {
		if p.First <= cur && cur <= p.Last && (p.Kind == KindPriceError || p.Kind == KindFakeSale) {
			deal.Suspect = p.Kind
		}
	}
	if deal.Suspect == "" && deal.DiscountBP >= d.cfg.RealDealMinBP {
		// A one-off too deep to be a sale is suspect even before the next
		// observation shows whether it was a slip.
		if deal.DiscountBP >= d.cfg.ErrorMinBP {
			deal.Suspect = KindPriceError
		} else {
			deal.Real = true
		}
	}
	return deal, true
}
