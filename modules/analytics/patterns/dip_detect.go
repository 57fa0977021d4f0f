package patterns

import (
	"fmt"
	"math"
)

// dips finds flash sales and price errors: stretches of at most
// FlashMaxObservations observations (and FlashMaxDuration) whose prices all
// sit at least FlashMinBP below the observation before, after which the
// price comes back up. A dip at either end of the run is not judged: its
// other side is unseen.
//
// A one-observation dip is a price error when it is deeper than ErrorMinBP
// (no shop discounts that far on purpose), or when it looks like a typing
// slip: a tenth or a hundredth of a neighbour (within 2%), or a placeholder
// of one minor or one major unit. Other dips are flash sales, however deep:
// a doorbuster at 75% off is still a sale.
func (d *Detector) dips(r *run) []Pattern {
	var out []Pattern
	n := len(r.price)
	for i := 1; i < n-1; i++ {
		before := r.price[i-1]
		if !below(r.price[i], before, d.cfg.FlashMinBP) {
			continue
		}
		end := i
		low := r.price[i]
		for end+1 < n && below(r.price[end+1], before, d.cfg.FlashMinBP) && end+1-i < d.cfg.FlashMaxObservations+1 {
			end++
			low = min(low, r.price[end])
		}
		if end == n-1 {
			break // still down at the last observation: unseen end
		}
		after := r.price[end+1]
		length := end - i + 1
		recovered := below(maxOf(r.price[i:end+1]), after, d.cfg.FlashMinBP)
		// Seen to last at most FlashMaxDuration: with gaps in scraping a dip
		// may have lasted longer, but its observations are all there is.
		short := length <= d.cfg.FlashMaxObservations && r.at[end].Sub(r.at[i]) <= d.cfg.FlashMaxDuration
		if !recovered || !short {
			i = end
			continue
		}
		ref := min(before, after)
		if length == 1 {
			if why := d.errorShape(r.price[i], before, after, r.currency); why != "" {
				out = append(out, r.pattern(KindPriceError, i, i, ref, low, why))
				i = end
				continue
			}
		}
		out = append(out, r.pattern(KindFlashSale, i, end, ref, low,
			fmt.Sprintf("%d observation(s) %d%% below the price on both sides", length, discountBP(low, ref)/100)))
		i = end
	}
	return out
}

// errorShape says why a one-off price looks mistyped, "" when it does not.
func (d *Detector) errorShape(p, before, after int64, currency string) string {
	ref := min(before, after)
	switch {
	case below(p, ref, d.cfg.ErrorMinBP):
		return fmt.Sprintf("one observation %d%% below both neighbours, deeper than any sale", discountBP(p, ref)/100)
	case p == 1 || p == majorUnit(currency):
		return "one observation at a placeholder price"
	}
	for _, nb := range []int64{before, after} {
		for _, f := range []int64{10, 100} {
			if p <= math.MaxInt64/f && near(p*f, nb, 200) {
				return fmt.Sprintf("one observation at 1/%d of its neighbour: a slipped decimal point", f)
			}
		}
	}
	return ""
}

// near reports whether a is within bp basis points of b.
func near(a, b int64, bp int) bool {
	if b <= 0 {
		return false
	}
	diff := a - b
	if diff < 0 {
		diff = -diff
	}
	return !mulLess(uint64(b), uint64(bp), uint64(diff), 10000)
}

func maxOf(xs []int64) int64 {
	m := xs[0]
	for _, x := range xs[1:] {
		m = max(m, x)
	}
	return m
}
