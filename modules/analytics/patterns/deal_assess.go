package patterns

import (
	"fmt"
	"strconv"
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
	// Reason says in words why the verdict is what it is.
	Reason string
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
	var evidence string
	for _, p := range d.Detect(sorted[:cur+1]) {
		if p.First <= cur && cur <= p.Last && (p.Kind == KindPriceError || p.Kind == KindFakeSale) {
			deal.Suspect, evidence = p.Kind, p.Evidence
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
	deal.Reason = d.reason(deal, len(prior), evidence)
	return deal, true
}

// reason words the verdict on deal: what the price was compared with and
// what made it doubtful. prior is how many earlier prices the median is
// of; evidence is the suspect pattern's, "" when none was detected.
func (d *Detector) reason(deal Deal, prior int, evidence string) string {
	days := int(d.cfg.Window / (24 * time.Hour))
	median := fmt.Sprintf("the %d-day median of %s", days, deal.Median)
	switch {
	case deal.Suspect == KindPriceError && evidence != "":
		return "likely a price error, not a deal: " + evidence
	case deal.Suspect == KindPriceError:
		return fmt.Sprintf("likely a price error, not a deal: %s below %s, deeper than any sale", percent(deal.DiscountBP), median)
	case deal.Suspect == KindFakeSale && evidence != "":
		return "a fake sale: " + evidence
	case deal.Suspect == KindFakeSale:
		return fmt.Sprintf("a fake sale: the compare-at claims %s off, the price is %s below %s",
			percent(deal.ClaimedBP), percent(deal.DiscountBP), median)
	case prior == 0:
		return fmt.Sprintf("no earlier price in the last %d days to compare with", days)
	case deal.Real:
		return fmt.Sprintf("a real deal: %s below %s", percent(deal.DiscountBP), median)
	case deal.DiscountBP > 0:
		return fmt.Sprintf("not a deal: only %s below %s (a real deal is at least %s below)",
			percent(deal.DiscountBP), median, percent(d.cfg.RealDealMinBP))
	case deal.ClaimedBP > 0:
		return fmt.Sprintf("not a deal: the compare-at claims %s off, but the price is no lower than %s", percent(deal.ClaimedBP), median)
	}
	return "not a deal: the price is no lower than " + median
}

// percent formats basis points as a percentage: 1250 is "12.5%".
func percent(bp int) string {
	return strconv.FormatFloat(float64(bp)/100, 'f', -1, 64) + "%"
}
