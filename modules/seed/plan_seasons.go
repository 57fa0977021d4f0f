package seed

import (
	"math"
	"math/rand/v2"
)

// Seasonal sales need a history of more than a year, so they are planted
// only when the window holds seasonMinDays; shorter histories come out as
// they did before seasons existed. They are drawn from a stream of each
// listing's own (seasonStream) before its other events are placed, so no
// other event is moved onto them.
const (
	seasonStream   = 0x5ea5011a15
	seasonMinDays  = 400
	seasonPercent  = 8 // of listings hold a seasonal sale
	decoyPercent   = 4 // of listings hold a long one-off sale and, a year later, a clearance
	seasonMaxShift = 7 // days a season moves from one year to the next, either way
	seasonMaxDays  = 30
)

// planSeasons plants a seasonal sale on some listings: the same discount,
// 16-30 days long, starting near the same day of the year (up to a week
// earlier or later) in every year of the window, at least two. Decoys get a
// sale of the same shape in one year only and a clearance starting in the
// same month of the next: a season seen once is no pattern.
func (g *Generator) planSeasons(r *rand.Rand, lp *listingPlan) {
	if g.cfg.Days < seasonMinDays {
		return
	}
	per, n := g.cfg.PerDay, g.clock.slots
	year := 365 * per
	x, dur, bp := r.IntN(100), (16+r.IntN(seasonMaxDays-15))*per, 1500+r.IntN(1501)
	// The first season starts in the first year and leaves room for a
	// second, shifted and whole, with an ordinary observation after it.
	lo, hi := (seasonMaxShift+1)*per, min(year, n-2-year-(seasonMaxShift+seasonMaxDays)*per)
	base, ok := planner{r: r}.start(lo, hi)
	switch {
	case !ok || x >= seasonPercent+decoyPercent:
		return
	case x < seasonPercent:
		for from := base; from+dur < n-1; from = base + len(lp.events)*year + (r.IntN(2*seasonMaxShift+1)-seasonMaxShift)*per {
			lp.events = append(lp.events, listingEvent{kind: EventSeasonal, from: from, to: from + dur - 1, bp: bp})
		}
	default:
		lp.events = append(lp.events, listingEvent{kind: EventSale, from: base, to: base + dur - 1, bp: bp - 500})
		run, steps := max(7, (7+r.IntN(15))*per), 3+r.IntN(3)
		from := base + year + r.IntN(2*seasonMaxShift+1)*per - seasonMaxShift*per
		first, last := 2000+r.IntN(1001), 4000+r.IntN(3001)
		if from+run < n-1 { // the markdown run ends inside the window
			lp.events = append(lp.events, listingEvent{kind: EventClearance, from: from, to: math.MaxInt, lastStep: from + run - 1,
				stepLen: max(1, run/steps), ladder: make([]int64, steps), bp: first, bpEnd: last})
		}
	}
}
