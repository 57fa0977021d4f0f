package seed

import (
	"math/rand/v2"
	"slices"
)

// The traps planted to keep detectors honest: doorbuster flash sales as deep
// as price errors look, and fake sales. They are drawn from a stream of each
// listing's own (trapStream), after the listing's other events are placed,
// so they move no other event.
const (
	trapStream        = 0x7a9b5eed0f
	doorbusterPercent = 25 // of flash sales
	rateFakeSale      = 60 // per thousand listings of MSRP and sloppy shops per 30 days
)

// planTraps deepens some flash sales into doorbusters and plants fake sales
// on listings of shops whose compare-at prices can be bent.
func (g *Generator) planTraps(r *rand.Rand, lp *listingPlan) {
	sh := &g.shops[lp.shop]
	e95, dec := sh.row.ending, sh.decimals
	for i := range lp.events {
		e := &lp.events[i]
		// Drawn for every event so the stream does not depend on which
		// events there are.
		x, bp := r.IntN(100), 7000+r.IntN(401)
		if e.kind == EventFlash && x < doorbusterPercent {
			// At most 79% off (discounted may go five points deeper than
			// asked), so a doorbuster stays above the 20% of a price error.
			e.bp = bp
			e.price = discounted(lowestOrdinary(lp, sh, e.regular), bp, e95, dec)
		}
	}
	if sh.row.compareAt != CompareAtMSRP && sh.row.compareAt != CompareAtSloppy {
		return
	}
	p := planner{r: r, n: g.clock.slots, perDay: g.cfg.PerDay, days: g.cfg.Days}
	per := p.perDay
	for range p.draws(rateFakeSale) {
		pre, sale := (2+r.IntN(4))*per, (3+r.IntN(6))*per
		inflate, cut := 5000+r.IntN(2001), 300+r.IntN(301)
		raise, back := 1500+r.IntN(1501), 1000+r.IntN(501)
		raisePrice := r.IntN(2) == 0
		for range 3 {
			from, ok := p.start(1, p.n-2-pre-sale)
			if !ok {
				break
			}
			to := from + pre + sale - 1
			if !g.freeForTrap(lp, from, to) {
				continue
			}
			e := listingEvent{kind: EventFakeSale, from: from, to: to, pre: pre}
			e.regular = regularAt(lp, lp.events, from)
			if raisePrice {
				e.raised = max(charmNear(e.regular*int64(10000+raise)/10000, e95, dec), e.regular+unit(dec))
				e.price = max(discounted(e.raised, back, e95, dec), e.regular)
				e.compare = e.raised
				e.bp = raise
			} else {
				ref := max(e.regular, lp.msrp)
				e.compare = max(charmNear(ref*int64(10000+inflate)/10000, e95, dec), ref+unit(dec))
				e.price = discounted(e.regular, cut, e95, dec)
				e.bp = inflate
			}
			lp.events = append(lp.events, e)
			slices.SortFunc(lp.events, func(a, b listingEvent) int { return a.from - b.from })
			break
		}
	}
}

// freeForTrap reports whether [from, to] keeps clear of the listing's events
// and of its variants' price errors (stock-outs may overlap, as they do
// ordinary sales).
func (g *Generator) freeForTrap(lp *listingPlan, from, to int) bool {
	for _, o := range lp.events {
		if overlaps(from, to, o.from, o.to) {
			return false
		}
	}
	for v := range lp.count {
		for _, o := range g.variants[lp.first+v].events {
			if o.kind == EventPriceError && overlaps(from, to, o.from, o.to) {
				return false
			}
		}
	}
	return true
}
