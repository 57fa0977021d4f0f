package patterns

import (
	"fmt"
	"slices"
	"time"
)

// weekly finds a discount that recurs on the same weekdays. Each observation
// is compared with the usual price of the week either side of it (see
// usualPrice: a weekly deal covers at most four days of seven, so the usual
// price is the ordinary one); it is discounted when 5-30% below it. A
// weekday is a deal day when it is discounted in at least WeeklyMinWeeks
// different weeks and on at least 60% of the times it was seen; the pattern
// holds when one to four weekdays are deal days and the other days are
// discounted at most a fifth of the time, so that a long sale, which
// discounts every day, is not a weekly deal.
func (d *Detector) weekly(r *run) []Pattern {
	n := len(r.price)
	if n < 2 || r.at[n-1].Sub(r.at[0]) < time.Duration(d.cfg.WeeklyMinWeeks)*7*24*time.Hour {
		return nil
	}
	var seen, hit [7]int
	weeks := [7]map[int]bool{}
	first, last := -1, -1
	var depths, refs, prices []int64
	const week = 7 * 24 * time.Hour
	lo := 0
	for i := range n {
		for r.at[i].Sub(r.at[lo]) > week {
			lo++
		}
		hi := i
		for hi+1 < n && r.at[hi+1].Sub(r.at[i]) <= week {
			hi++
		}
		ref := usualPrice(r.price[lo : hi+1])
		t := r.at[i].In(d.cfg.Location)
		wd := t.Weekday()
		seen[wd]++
		if !below(r.price[i], ref, 500) || below(r.price[i], ref, 3000) {
			continue
		}
		hit[wd]++
		if weeks[wd] == nil {
			weeks[wd] = map[int]bool{}
		}
		y, w := t.ISOWeek()
		weeks[wd][y*100+w] = true
		depths = append(depths, int64(discountBP(r.price[i], ref)))
		refs, prices = append(refs, ref), append(prices, r.price[i])
		if first < 0 {
			first = i
		}
		last = i
	}
	var days []time.Weekday
	otherSeen, otherHit := 0, 0
	for wd := range 7 {
		if len(weeks[wd]) >= d.cfg.WeeklyMinWeeks && hit[wd]*10 >= seen[wd]*6 {
			days = append(days, time.Weekday(wd))
			continue
		}
		otherSeen += seen[wd]
		otherHit += hit[wd]
	}
	if len(days) == 0 || len(days) > 4 || otherHit*5 > otherSeen {
		return nil
	}
	slices.Sort(days)
	p := r.pattern(KindWeekly, first, last, median(refs), median(prices),
		fmt.Sprintf("about %d%% off on %v, week after week", median(depths)/100, days))
	p.DiscountBP = int(median(depths))
	p.Weekdays = days
	return []Pattern{p}
}
