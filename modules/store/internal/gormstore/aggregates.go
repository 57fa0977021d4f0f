package gormstore

import (
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// This file derives listing_prices, the price aggregates of a listing's
// variants, in Go from the current points RecordObservations already holds:
// the GROUP BY over variants it replaces, and the upsert of every listing it
// recomputed, cost as much as inserting the batch's points (measured on
// 25,000 listings). Only listings whose aggregates changed are written.

// aggregate is a listing_prices row. A listing none of whose variants was
// ever observed has none (observed is false).
type aggregate struct {
	observed  bool
	price     int64 // cheapest purchasable variant, else cheapest
	currency  string
	discount  int64 // deepest discount of a purchasable variant, else of any
	inStock   bool
	updatedAt time.Time // latest price_since of its variants
}

// aggregateOf computes the aggregates of a listing from the current points
// of its variants (nil for a variant never observed), as the SQL it
// replaces did: MIN over the purchasable variants falling back to all of
// them, MIN(currency), MAX(price_since).
func aggregateOf(points []*point) aggregate {
	var a, stock aggregate
	for _, p := range points {
		if p == nil {
			continue
		}
		st := p.State
		d := int64(catalog.DiscountBasisPoints(st.Price, st.CompareAt))
		fold := func(a *aggregate) {
			if !a.observed || st.Price.Amount < a.price {
				a.price = st.Price.Amount
			}
			if !a.observed || st.Price.Currency < a.currency {
				a.currency = st.Price.Currency
			}
			a.discount = max(a.discount, d)
			if p.ValidFrom().After(a.updatedAt) {
				a.updatedAt = p.ValidFrom()
			}
			a.observed = true
		}
		fold(&a)
		if st.Availability != catalog.OutOfStock {
			fold(&stock)
		}
	}
	if stock.observed {
		a.price, a.discount, a.inStock = stock.price, stock.discount, true
	}
	return a
}

func (a aggregate) equal(b aggregate) bool {
	return a.observed == b.observed && a.price == b.price && a.currency == b.currency &&
		a.discount == b.discount && a.inStock == b.inStock && a.updatedAt.Equal(b.updatedAt)
}

// listingAggregates are the rows of listing_prices a batch rewrites,
// column by column.
type listingAggregates struct {
	id, price, discount, inStock []int64
	currency                     []string
	updatedAt                    []time.Time
}

// changedAggregates returns the aggregates of the listings whose variants
// took a new current state in the batch (all[i] holds the changes of
// batch[i]) and whose aggregates differ from those of the states before
// it. siblings holds every variant of each listing with its current point
// as read before the batch.
func changedAggregates(batch []variantBatch, all []changes, siblings map[int64][]variantRef) listingAggregates {
	n := 0
	for _, c := range all {
		if c.newState {
			n++
		}
	}
	latest := make(map[int64]*point, n)
	listings := make([]int64, 0, n)
	for i, c := range all {
		if c.newState {
			latest[batch[i].ref.id] = c.latest
			listings = append(listings, batch[i].ref.listingID)
		}
	}
	listings = slices.Compact(slices.Sorted(slices.Values(listings)))
	var out listingAggregates
	var before, after []*point
	for _, id := range listings {
		before, after = before[:0], after[:0]
		for _, v := range siblings[id] {
			before = append(before, v.current)
			if p, ok := latest[v.id]; ok {
				after = append(after, p)
			} else {
				after = append(after, v.current)
			}
		}
		a := aggregateOf(after)
		if !a.observed || a.equal(aggregateOf(before)) {
			continue
		}
		out.id = append(out.id, id)
		out.price = append(out.price, a.price)
		out.currency = append(out.currency, a.currency)
		out.discount = append(out.discount, a.discount)
		out.inStock = append(out.inStock, boolInt(a.inStock))
		out.updatedAt = append(out.updatedAt, a.updatedAt)
	}
	return out
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
