package seed

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Planting rates, in events per thousand listings (or variants) per 30 days.
// Real catalogs change rarely: most variants keep one price all month.
const (
	rateSale        = 120
	rateFlash       = 40
	rateClearance   = 30
	ratePriceChange = 50
	ratePriceError  = 5
	rateStockOut    = 70
	rateStockOutFit = 100 // shoes and apparel sell out size by size
)

// basePlan sets a new listing's prices and compare-at quirk.
func (b *builder) basePlan(pi, s, first int, sizes []int) listingPlan {
	g, r := b.g, b.r
	sh := &g.shops[s]
	ln := &g.lines[g.products[pi].line]
	lp := listingPlan{shop: s, product: pi, first: first, count: len(sizes), sizes: sizes}
	lp.msrp = localMSRP(g.products[pi].msrpUSD, sh.shop.Currency, sh.row.ending)
	lp.regular = lp.msrp
	if r.IntN(100) < 45 { // street price under MSRP
		lp.regular = discounted(lp.msrp, 300+r.IntN(900), sh.row.ending, sh.decimals)
	}
	lp.weekly = sh.weeklyCovers(ln.category)
	if sh.row.compareAt == CompareAtSloppy {
		switch x := r.IntN(100); {
		case x < 15:
			lp.quirk = QuirkCompareAtEqual
		case x < 30:
			lp.quirk, lp.quirkBP = QuirkCompareAtBelow, 500+r.IntN(1000)
		}
	}
	return lp
}

// planHistory plants events on every listing and variant. Each listing draws
// from its own PCG stream keyed by its index, so one listing's plan never
// depends on another's.
func (g *Generator) planHistory() {
	src, trapSrc, seasonSrc := rand.NewPCG(0, 0), rand.NewPCG(0, 0), rand.NewPCG(0, 0)
	r, tr, sr := rand.New(src), rand.New(trapSrc), rand.New(seasonSrc)
	for i := range g.plans {
		seasonSrc.Seed(uint64(g.cfg.RandSeed), seasonStream^uint64(i))
		g.planSeasons(sr, &g.plans[i])
		src.Seed(uint64(g.cfg.RandSeed), 0x9e3779b97f4a7c15^uint64(i))
		g.planListing(r, &g.plans[i])
		trapSrc.Seed(uint64(g.cfg.RandSeed), trapStream^uint64(i))
		g.planTraps(tr, &g.plans[i])
	}
}

// planner places one listing's events inside the window of n slots.
type planner struct {
	r      *rand.Rand
	n      int // slots in the window
	perDay int
	days   int
}

// draws is how many events of a kind with rate per thousand per 30 days to
// plant: one chance per started 30 days, scaled for shorter windows.
func (p planner) draws(rate int) int {
	scale := min(p.days, 30)
	blocks := max(1, (p.days+29)/30)
	k := 0
	for range blocks {
		if p.r.IntN(30000) < rate*scale {
			k++
		}
	}
	return k
}

// start draws a slot in [lo, hi]; ok is false when the range is empty.
func (p planner) start(lo, hi int) (int, bool) {
	if hi < lo {
		return 0, false
	}
	return lo + p.r.IntN(hi-lo+1), true
}

func (g *Generator) planListing(r *rand.Rand, lp *listingPlan) {
	sh := &g.shops[lp.shop]
	p := planner{r: r, n: g.clock.slots, perDay: g.cfg.PerDay, days: g.cfg.Days}
	n, per := p.n, p.perDay
	evs := lp.events // the seasons, when planted
	place := func(e listingEvent) bool {
		for _, o := range evs {
			if overlaps(e.from, e.to, o.from, o.to) {
				return false
			}
		}
		evs = append(evs, e)
		return true
	}
	// Event starts leave slot 0 ordinary, so the window opens on regular prices.
	for range p.draws(rateClearance) {
		run := max(7, (7+r.IntN(15))*per)
		steps, first, last := 3+r.IntN(3), 2000+r.IntN(1001), 4000+r.IntN(3001)
		for range 3 {
			from, ok := p.start(1, n-run)
			if ok && place(listingEvent{kind: EventClearance, from: from, to: math.MaxInt, lastStep: from + run - 1,
				stepLen: max(1, run/steps), ladder: make([]int64, steps), bp: first, bpEnd: last}) {
				break
			}
		}
	}
	for range p.draws(ratePriceChange) {
		bp := 400 + r.IntN(801)
		if r.IntN(10) < 3 {
			bp = -(500 + r.IntN(1001))
		}
		for range 3 {
			if from, ok := p.start(1, n-1); ok && place(listingEvent{kind: EventPriceChange, from: from, to: from, bp: bp}) {
				break
			}
		}
	}
	for range p.draws(rateSale) {
		dur, bp := (3+r.IntN(12))*per, 1000+r.IntN(1501)
		for range 3 {
			if from, ok := p.start(1, n-2); ok && place(listingEvent{kind: EventSale, from: from, to: from + dur - 1, bp: bp}) {
				break
			}
		}
	}
	for range p.draws(rateFlash) {
		length, bp := 1+r.IntN(3), 3000+r.IntN(2001)
		for range 3 {
			// A flash sale ends inside the window, so it is seen to end.
			if from, ok := p.start(1, n-1-length); ok && place(listingEvent{kind: EventFlash, from: from, to: from + length - 1, bp: bp}) {
				break
			}
		}
	}
	slices.SortFunc(evs, func(a, b listingEvent) int { return a.from - b.from })
	g.priceListingEvents(lp, sh, evs)
	lp.events = evs
	g.planVariants(p, lp, sh)
}

// priceListingEvents fills in the prices of events placed on a listing,
// walking them in time order so each sees the regular price in force.
func (g *Generator) priceListingEvents(lp *listingPlan, sh *shopState, evs []listingEvent) {
	e95, dec := sh.row.ending, sh.decimals
	regular := lp.regular
	for i := range evs {
		e := &evs[i]
		e.regular = regular
		switch e.kind {
		case EventPriceChange:
			if e.bp < 0 {
				e.price = discounted(regular, -e.bp, e95, dec)
			} else {
				e.price = max(charmNear(regular*int64(10000+e.bp)/10000, e95, dec), regular+unit(dec))
			}
			regular = e.price
		case EventSale, EventSeasonal:
			e.price = discounted(regular, e.bp, e95, dec)
		case EventFlash:
			e.price = discounted(lowestOrdinary(lp, sh, regular), e.bp, e95, dec)
		case EventClearance:
			first, last, steps := e.bp, e.bpEnd, len(e.ladder)
			for j := range e.ladder {
				e.ladder[j] = discounted(regular, first+(last-first)*j/(steps-1), e95, dec)
			}
			if e.ladder[steps-1] >= e.ladder[0] {
				e.ladder[steps-1] = max(1, e.ladder[0]-1)
			}
			e.price = e.ladder[steps-1]
		}
	}
}

// lowestOrdinary is the lowest price the listing shows outside events:
// the weekly-deal price where one applies. Flash sales and price errors are
// cut from it so they stand out against every neighbouring observation.
func lowestOrdinary(lp *listingPlan, sh *shopState, regular int64) int64 {
	if !lp.weekly {
		return regular
	}
	return discounted(regular, sh.weekly.BasisPoints, sh.row.ending, sh.decimals)
}

// unit is one major unit of a currency with dec decimals, in minor units.
func unit(dec int) int64 {
	u := int64(1)
	for range dec {
		u *= 10
	}
	return u
}

// regularAt is the listing's regular price at slot k.
func regularAt(lp *listingPlan, evs []listingEvent, k int) int64 {
	regular := lp.regular
	for _, e := range evs {
		if e.from > k {
			break
		}
		if e.kind == EventPriceChange {
			regular = e.price
		}
	}
	return regular
}

// categoryFits reports whether a category sells out size by size.
func categoryFits(c catalog.Category) bool {
	return c == catalog.CategoryShoes || c == catalog.CategoryApparel
}
