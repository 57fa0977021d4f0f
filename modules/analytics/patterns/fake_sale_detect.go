package patterns

import (
	"fmt"
	"time"
)

// fakeSales finds claimed sales that give less than they claim. A claim
// starts where the shop presents a sale: the compare-at appears or rises
// over a price, or the price falls under an unchanged compare-at to a
// discount deeper than the one it usually claims. It is judged against the
// window before it (at least three observations) and the variant's usual
// price there (see usualPrice). The claim is fake when the price is no
// lower than the usual price, or when the compare-at was raised above
// anything charged in the window and the discount off the usual price is
// under 5% or under a third of the claimed one: a reference inflated for the
// occasion. It covers the observations after its start while the compare-at
// stays and the price does not fall further.
//
// A compare-at that never changes (a shop showing the MSRP over its everyday
// price) starts no claim of its own: it is a shop's habit, not a sale event.
func (d *Detector) fakeSales(r *run) []Pattern {
	var out []Pattern
	n := len(r.price)
	lo := 0
	for i := 1; i < n; i++ {
		claimed := discountBP(r.price[i], r.compare[i])
		if claimed == 0 {
			continue
		}
		for r.at[i].Sub(r.at[lo]) > d.cfg.Window {
			lo++
		}
		if i-lo < 3 {
			continue
		}
		window := r.price[lo:i]
		raised := r.compare[i] > r.compare[i-1]
		usualClaim := claimedMedian(r, lo, i)
		if !raised && (r.compare[i] != r.compare[i-1] || r.price[i] >= r.price[i-1] || claimed <= usualClaim) {
			continue
		}
		usual := usualPrice(window)
		real := discountBP(r.price[i], usual)
		inflated := r.compare[i] > maxOf(window) && r.compare[i] > compareMedian(r, lo, i) && (real < 500 || real*3 < claimed)
		if r.price[i] < usual && !inflated {
			continue
		}
		end := i
		for end+1 < n && r.compare[end+1] == r.compare[i] && r.price[end+1] >= r.price[end] && r.price[end+1] < r.compare[end+1] {
			end++
		}
		p := r.pattern(KindFakeSale, i, end, usual, r.price[i], fmt.Sprintf(
			"compare-at claims %d%% off, but the price is %d%% below its usual price over the %s before",
			claimed/100, real/100, days(d.cfg.Window)))
		p.DiscountBP = claimed
		out = append(out, p)
		i = end
	}
	return out
}

// claimedMedian is the median discount the compare-at claimed over
// obs[lo:i].
func claimedMedian(r *run, lo, i int) int {
	c := make([]int64, 0, i-lo)
	for k := lo; k < i; k++ {
		c = append(c, int64(discountBP(r.price[k], r.compare[k])))
	}
	return int(median(c))
}

// compareMedian is the median compare-at over obs[lo:i], 0 counting as none.
func compareMedian(r *run, lo, i int) int64 {
	return median(append([]int64(nil), r.compare[lo:i]...))
}

// usualPrice is what a variant usually sold for in a window: the price it
// was seen at most often, when that is at least a fifth of the window, and
// the median otherwise. Shops hold prices for days; a long sale in the
// window pulls the median down to the sale price but leaves the usual price
// where the shop returns to.
func usualPrice(window []int64) int64 {
	counts := map[int64]int{}
	best, n := int64(0), 0
	for _, p := range window {
		counts[p]++
		if c := counts[p]; c > n || c == n && p > best {
			best, n = p, c
		}
	}
	if n*5 < len(window) {
		return median(append([]int64(nil), window...))
	}
	return best
}

func days(w time.Duration) string { return fmt.Sprintf("%d days", int(w.Hours()/24)) }
