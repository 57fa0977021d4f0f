package seed

import (
	"fmt"
	"strconv"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Label is the planted truth behind one observation.
type Label struct {
	// Slot is the scrape slot: 0 is the first of the window and
	// Window.Slots-1 the last; slots before or after the window continue
	// the same schedule.
	Slot int
	// Event is the event shaping the price, "" when none. A price error
	// wins over the listing's event; stock-outs show in OutOfStock instead.
	Event      EventKind
	Weekly     bool // the shop's weekly deal sets the price
	OutOfStock bool
	// Regular is the price without any promotion, after price changes.
	Regular catalog.Money
}

// Observe returns what a scrape of variant v of listing li would see at
// instant at: the observation of the shop's latest scrape slot at or before
// at. It works for any instant, inside the window or not, without replaying
// history: after End, planned events run their course and no new ones
// start, so a simulator wanting prices that keep moving should set End some
// days past the time it serves. It panics when li or v is out of range.
func (g *Generator) Observe(li, v int, at time.Time) catalog.PriceObservation {
	o, _ := g.ObserveSlot(li, v, g.SlotAt(li, at))
	return o
}

// SlotAt is the latest scrape slot of listing li's shop at or before at.
func (g *Generator) SlotAt(li int, at time.Time) int {
	return g.clock.slotAt(g.plans[li].shop, at)
}

// ObserveSlot returns the observation of variant v of listing li at scrape
// slot slot, and the planted truth behind it. It panics when li or v is out
// of range.
func (g *Generator) ObserveSlot(li, v, slot int) (catalog.PriceObservation, Label) {
	lp := &g.plans[li]
	if v < 0 || v >= lp.count {
		panic(fmt.Sprintf("seed: variant %d of listing %d is out of range [0,%d)", v, li, lp.count))
	}
	sh := &g.shops[lp.shop]
	at := g.clock.at(lp.shop, slot)
	ls := g.listingAt(lp, sh, slot, at.Weekday())
	o, lab := g.variantAt(li, v, lp, sh, &ls, slot)
	o.ObservedAt, o.SourceRun = at, g.sourceRun(lp.shop, slot)
	return o, lab
}

// sourceRun names the scrape run of shop s at slot k.
func (g *Generator) sourceRun(s, k int) string {
	return "seed-" + strconv.FormatInt(g.cfg.RandSeed, 10) + "-" + g.shops[s].shop.Slug + "-" + strconv.Itoa(k)
}

// listingState is what a listing shows at one slot, before variant events.
type listingState struct {
	regular, price, compare int64
	saleRef                 int64 // the regular price a running promotion is cut from, 0 when none
	event                   EventKind
	weekly                  bool
}

func (g *Generator) listingAt(lp *listingPlan, sh *shopState, k int, wd time.Weekday) listingState {
	regular := lp.regular
	var ev *listingEvent
	for i := range lp.events {
		e := &lp.events[i]
		if e.from > k {
			break
		}
		if e.kind == EventPriceChange {
			regular = e.price
		} else if k <= e.to {
			ev = e
		}
	}
	st := listingState{regular: regular, price: regular}
	if ev != nil && ev.kind == EventFakeSale {
		st.event = ev.kind
		st.price, st.compare = ev.fakeAt(k, regular, compareAt(lp, sh, regular, 0))
		return st
	}
	switch {
	case ev != nil:
		st.event, st.price, st.saleRef = ev.kind, ev.priceAt(k), ev.regular
	case lp.weekly && sh.weeklyOn(wd):
		st.weekly, st.saleRef = true, regular
		st.price = discounted(regular, sh.weekly.BasisPoints, sh.row.ending, sh.decimals)
	}
	st.compare = compareAt(lp, sh, regular, st.saleRef)
	return st
}

// compareAt is the compare-at a shop publishes: by policy, the regular
// price a running promotion is cut from (saleRef, 0 when none), the MSRP, or
// a quirk.
func compareAt(lp *listingPlan, sh *shopState, regular, saleRef int64) int64 {
	switch sh.row.compareAt {
	case CompareAtMSRP:
		return lp.msrp
	case CompareAtOnSale:
		return saleRef
	case CompareAtSloppy:
		if saleRef != 0 {
			return saleRef
		}
		switch lp.quirk {
		case QuirkCompareAtEqual:
			return regular
		case QuirkCompareAtBelow:
			return discounted(regular, lp.quirkBP, sh.row.ending, sh.decimals)
		}
	}
	return 0
}

func (g *Generator) variantAt(li, v int, lp *listingPlan, sh *shopState, ls *listingState, k int) (catalog.PriceObservation, Label) {
	price, compare, event := ls.price, ls.compare, ls.event
	avail := catalog.InStock
	for _, e := range g.variants[lp.first+v].events {
		if e.from > k {
			break
		}
		if k > e.to {
			continue
		}
		if e.kind == EventStockOut {
			avail = catalog.OutOfStock
			continue
		}
		// A mistyped price: the compare-at is whatever the shop shows
		// outside promotions.
		price, event = e.price, EventPriceError
		compare = compareAt(lp, sh, ls.regular, 0)
	}
	l := &g.listings[li]
	cur := sh.shop.Currency
	o := catalog.PriceObservation{
		Variant:      catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: l.Variants[v].ExternalID},
		Price:        catalog.Money{Amount: price, Currency: cur},
		Availability: avail,
	}
	if compare != 0 {
		o.CompareAt = catalog.Money{Amount: compare, Currency: cur}
	}
	lab := Label{
		Slot: k, Event: event, Weekly: ls.weekly && event == "", OutOfStock: avail == catalog.OutOfStock,
		Regular: catalog.Money{Amount: ls.regular, Currency: cur},
	}
	return o, lab
}
