package patterns

import "fmt"

// clearances finds runs of markdowns: a stretch with no rise (prices may
// hold between drops) holding at least ClearanceMinDrops drops to prices
// below the variant's ordinary price, the last at least ClearanceMinBP below
// it. The ordinary price is the median over the Config.Window before the
// stretch (the price before it when the window holds fewer than three
// observations), so that prices falling back from a raise ("sale" over, back
// to normal, then a real sale) do not count as markdowns. A run still
// falling at the end of the series is reported: a clearance does not end
// with a rise, it ends when the stock does.
//
// Markdowns more than ClearanceMaxStep apart are not one clearance: shops
// clear stock in quick steps.
//
// A single cut followed by a sale is two drops, not three, and a sale ends
// with a rise; weekly deals rise every week. Those are what the count of
// drops and the ban on rises keep out. Observations in skip (price errors)
// are stepped over, so a mistyped price does not cut a clearance in two.
func (d *Detector) clearances(r *run, skip []bool) []Pattern {
	var idx []int // the observations read, in order
	for i := range r.price {
		if !skip[i] {
			idx = append(idx, i)
		}
	}
	price := func(k int) int64 { return r.price[idx[k]] }
	var out []Pattern
	n := len(idx)
	for i := 1; i < n; i++ {
		if price(i) >= price(i-1) {
			continue
		}
		start := i
		ref := d.ordinary(r, idx, i)
		drops, lastDrop := 0, i
		j := i
		for ; j < n && price(j) <= price(j-1); j++ {
			if price(j) < price(j-1) && price(j) < ref {
				if drops > 0 && r.at[idx[j]].Sub(r.at[idx[lastDrop]]) > d.cfg.ClearanceMaxStep {
					break // a long hold: the markdowns so far were not one clearance
				}
				drops++
				lastDrop = j
			}
		}
		end := j - 1 // the last observation of the non-rising stretch
		if drops >= d.cfg.ClearanceMinDrops && below(price(end), ref, d.cfg.ClearanceMinBP) {
			out = append(out, r.pattern(KindClearance, idx[start], idx[end], ref, price(end),
				fmt.Sprintf("%d markdowns without a rise over %d observations, %d%% below the price before",
					drops, lastDrop-start+1, discountBP(price(end), ref)/100)))
		}
		i = end
	}
	return out
}

// ordinary is the median price over the window before idx[i] (among the
// observations read), or the price just before when the window holds fewer
// than three.
func (d *Detector) ordinary(r *run, idx []int, i int) int64 {
	from := r.at[idx[i]].Add(-d.cfg.Window)
	var window []int64
	for k := i - 1; k >= 0 && !r.at[idx[k]].Before(from); k-- {
		window = append(window, r.price[idx[k]])
	}
	if len(window) < 3 {
		return r.price[idx[i-1]]
	}
	return median(window)
}
