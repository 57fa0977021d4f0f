package seed

// listingPlan is how one listing is priced over time. Prices are minor units
// of the shop's currency.
type listingPlan struct {
	shop, product int
	first, count  int   // its variants are variants[first : first+count]
	sizes         []int // per variant: index into product.sizes
	msrp          int64 // the maker's price in the shop's currency
	regular       int64 // the shop's regular price before any price change
	weekly        bool  // the shop's weekly deal covers its category
	quirk         QuirkKind
	quirkBP       int            // how far below the price a stale compare-at sits
	events        []listingEvent // sorted by from, never overlapping
}

// listingEvent is a planted event that prices every variant of a listing.
type listingEvent struct {
	kind     EventKind
	from, to int // slots, inclusive; to may lie past the window
	bp       int // drawn discount (the first markdown of a clearance), or price change (negative for a cut)
	bpEnd    int // clearance: discount of the last markdown
	regular  int64
	price    int64   // sale price, or the new regular price of a price change
	ladder   []int64 // clearance markdowns, non-increasing
	stepLen  int     // slots per markdown
	lastStep int     // clearance: last slot of the markdown run
	// A fake sale raises the price (raised) or the compare-at (compare)
	// for pre slots from its start, then shows price with compare.
	pre     int
	raised  int64 // price before the "sale", 0 when only the compare-at is raised
	compare int64 // compare-at of the "sale" (and of the raise, when raised is 0)
}

// fakeAt is what a fake sale shows at slot k: price and compare-at. def is
// the compare-at the shop publishes outside promotions.
func (e *listingEvent) fakeAt(k int, regular, def int64) (price, compare int64) {
	switch {
	case k >= e.from+e.pre:
		return e.price, e.compare
	case e.raised != 0:
		return e.raised, def
	default:
		return regular, e.compare
	}
}

// priceAt is the event's price at slot k, for k inside the event.
func (e *listingEvent) priceAt(k int) int64 {
	if e.kind != EventClearance {
		return e.price
	}
	i := min((k-e.from)/e.stepLen, len(e.ladder)-1)
	return e.ladder[i]
}

// variantPlan holds the events of one variant alone.
type variantPlan struct {
	events []variantEvent // sorted by from, never overlapping
}

// variantEvent is a price error or a stock-out of one variant.
type variantEvent struct {
	kind     EventKind
	from, to int // slots, inclusive; to may lie past the window
	regular  int64
	price    int64 // price error's price
}

// overlaps reports whether [from, to] touches the span [f, t] or sits right
// next to it: events keep one unaffected slot between them so that every
// event has an ordinary observation on each side.
func overlaps(from, to, f, t int) bool { return from-1 <= t && f-1 <= to }
