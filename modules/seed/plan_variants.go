package seed

import (
	"math"
	"math/rand/v2"
	"slices"
)

// planVariants plants stock-outs and price errors on each variant of a
// listing whose listing events are already placed and priced.
func (g *Generator) planVariants(p planner, lp *listingPlan, sh *shopState) {
	r, n, per := p.r, p.n, p.perDay
	var clearance *listingEvent
	for i := range lp.events {
		if lp.events[i].kind == EventClearance {
			clearance = &lp.events[i]
		}
	}
	rate := rateStockOut
	if categoryFits(g.lines[g.products[lp.product].line].category) {
		rate = rateStockOutFit
	}
	for v := range lp.count {
		var evs []variantEvent
		free := func(e variantEvent, blockedBy func(EventKind) bool) bool {
			for _, o := range lp.events {
				if blockedBy(o.kind) && overlaps(e.from, e.to, o.from, o.to) {
					return false
				}
			}
			for _, o := range evs {
				if overlaps(e.from, e.to, o.from, o.to) {
					return false
				}
			}
			return true
		}
		if clearance != nil {
			// Marked-down sizes sell out one after another and stay gone.
			from := clearance.lastStep + 1 + r.IntN(3*per+1)
			evs = append(evs, variantEvent{kind: EventStockOut, from: from, to: math.MaxInt, regular: clearance.regular})
		}
		for range p.draws(rate) {
			dur := max(1, (1+r.IntN(10))*per-r.IntN(per))
			for range 3 {
				from, ok := p.start(1, n-1)
				e := variantEvent{kind: EventStockOut, from: from, to: from + dur - 1}
				// Stock-outs may overlap ordinary sales, but not flash sales
				// or clearances, whose series must stay easy to read.
				if ok && free(e, func(k EventKind) bool { return k == EventFlash || k == EventClearance }) {
					e.regular = regularAt(lp, lp.events, from)
					evs = append(evs, e)
					break
				}
			}
		}
		for range p.draws(ratePriceError) {
			for range 3 {
				at, ok := p.start(1, n-2)
				e := variantEvent{kind: EventPriceError, from: at, to: at}
				if ok && free(e, func(EventKind) bool { return true }) {
					e.regular = regularAt(lp, lp.events, at)
					e.price = typoPrice(r, lowestOrdinary(lp, sh, e.regular), sh.decimals)
					evs = append(evs, e)
					break
				}
			}
		}
		slices.SortFunc(evs, func(a, b variantEvent) int { return a.from - b.from })
		g.variants[lp.first+v].events = evs
	}
}

// typoPrice is what a mistyped price looks like: a slipped decimal point or
// a placeholder left in. It is at most a fifth of ref, so at least 80% off.
func typoPrice(r *rand.Rand, ref int64, dec int) int64 {
	var p int64
	switch r.IntN(3) {
	case 0:
		p = ref / 10
	case 1:
		p = ref / 100
	default:
		p = unit(dec)
	}
	if p*5 > ref {
		p = ref / 10
	}
	return max(p, 1)
}
