package patterns

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// yearLength is a mean calendar year: seasons are reckoned on it so that a
// leap day does not move a season by a day every fourth year.
const yearLength = 31556952 * time.Second // 365.2425 days

// markdown is one sustained sale in a run: observations first..last all at
// least SeasonalMinBP below ref, the usual price before it, with the price
// back up after last.
type markdown struct {
	r           *run
	first, last int
	ref, low    int64
}

func (m markdown) start() time.Time { return m.r.at[m.first] }

// seasonal finds markdowns that recur in the same calendar window year after
// year. A markdown is a price cut to at least SeasonalMinBP below the usual
// price of the Config.Window before it (see usualPrice; at least three
// observations), held between SeasonalMinDuration and SeasonalMaxDuration
// (first to last discounted observation) and then lifted. Two markdowns are
// the same season in different years when they start within
// SeasonalTolerance of each other by day of year (reckoned across New Year)
// and at least half a year apart. Every markdown whose season is seen in at
// least SeasonalMinYears different years is reported.
//
// What it keeps out: flash sales and weekly deals are shorter than
// SeasonalMinDuration, a clearance (and a permanent price cut) is never
// lifted, and a one-off sale has no other year. Markdowns are read in each
// currency run on its own, measured in its own currency, and compared across
// runs by date only: a shop that changes currency between two summers still
// runs a summer sale.
func (d *Detector) seasonal(rs []run) []Pattern {
	var mds []markdown
	for i := range rs {
		mds = append(mds, d.markdowns(&rs[i])...)
	}
	var out []Pattern
	for i, m := range mds {
		var years []int // year offsets of the same season, relative to m
		var others []string
		for j, o := range mds {
			if i == j || !d.sameSeason(m.start(), o.start()) {
				continue
			}
			k := int(math.Round(float64(o.start().Sub(m.start())) / float64(yearLength)))
			if !slices.Contains(years, k) {
				years = append(years, k)
				others = append(others, o.start().In(d.cfg.Location).Format(time.DateOnly))
			}
		}
		if len(years)+1 < d.cfg.SeasonalMinYears {
			continue
		}
		slices.Sort(others)
		p := m.r.pattern(KindSeasonal, m.first, m.last, m.ref, m.low, fmt.Sprintf(
			"%d%% off for %s from %s, as in the same season of %s",
			discountBP(m.low, m.ref)/100, days(m.r.at[m.last].Sub(m.r.at[m.first])),
			m.start().In(d.cfg.Location).Format("Jan 2"), strings.Join(others, ", ")))
		out = append(out, p)
	}
	return out
}

// sameSeason reports whether a and b fall within SeasonalTolerance of each
// other by day of year, in different years.
func (d *Detector) sameSeason(a, b time.Time) bool {
	gap := b.Sub(a)
	if gap < 0 {
		gap = -gap
	}
	if gap < yearLength/2 {
		return false
	}
	off := time.Duration(math.Mod(float64(gap), float64(yearLength)))
	return min(off, yearLength-off) <= d.cfg.SeasonalTolerance
}

// markdowns lists the sustained sales of one run. A markdown starts where
// the price drops; a run still marked down at its last observation is not
// judged, since its end is unseen (a clearance ends that way too).
func (d *Detector) markdowns(r *run) []markdown {
	var out []markdown
	n := len(r.price)
	lo := 0
	for i := 1; i < n; i++ {
		if r.price[i] >= r.price[i-1] {
			continue
		}
		for r.at[i].Sub(r.at[lo]) > d.cfg.Window {
			lo++
		}
		if i-lo < 3 {
			continue
		}
		ref := usualPrice(r.price[lo:i])
		if !below(r.price[i], ref, d.cfg.SeasonalMinBP) {
			continue
		}
		j, low := i, r.price[i]
		for j+1 < n && below(r.price[j+1], ref, d.cfg.SeasonalMinBP) {
			j++
			low = min(low, r.price[j])
		}
		if j == n-1 {
			break
		}
		if held := r.at[j].Sub(r.at[i]); j-i >= 2 && held >= d.cfg.SeasonalMinDuration && held <= d.cfg.SeasonalMaxDuration {
			out = append(out, markdown{r: r, first: i, last: j, ref: ref, low: low})
		}
		i = j
	}
	return out
}
