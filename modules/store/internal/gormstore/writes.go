package gormstore

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// writes collects, column by column, what the folds of a batch change, so
// that each table is written by one statement.
type writes struct {
	deleted struct {
		variant []int64
		from    []time.Time
	}

	points struct {
		variant, price, compareAt []int64
		hasCompareAt              []bool
		from, seen                []time.Time
		currency, avail, run      []string
	}

	extended struct {
		variant    []int64
		from, seen []time.Time
	}

	// The variants' current states: updated for variants that had one,
	// inserted for those observed for the first time.
	updated, inserted currentStates

	listings listingAggregates

	// upsert inserts new points with ON CONFLICT DO NOTHING (see
	// RecordObservations).
	upsert bool
}

// currentStates are rows of variant_prices, column by column.
type currentStates struct {
	id, price, compareAt, discount []int64
	hasCompareAt                   []bool
	currency, avail                []string
	since, seen                    []time.Time
}

func newCurrentStates(n int) currentStates {
	return currentStates{
		id: capped[int64](n), price: capped[int64](n), compareAt: capped[int64](n), discount: capped[int64](n),
		hasCompareAt: capped[bool](n), currency: capped[string](n), avail: capped[string](n),
		since: capped[time.Time](n), seen: capped[time.Time](n),
	}
}

func (v *currentStates) add(id int64, p *point) {
	st := p.State
	v.id = append(v.id, id)
	v.price = append(v.price, st.Price.Amount)
	v.compareAt = append(v.compareAt, st.CompareAt.Amount)
	v.hasCompareAt = append(v.hasCompareAt, !st.CompareAt.IsZero())
	v.discount = append(v.discount, int64(catalog.DiscountBasisPoints(st.Price, st.CompareAt)))
	v.currency = append(v.currency, st.Price.Currency)
	v.avail = append(v.avail, string(st.Availability))
	v.since = append(v.since, p.ValidFrom())
	v.seen = append(v.seen, p.LastSeen())
}

// rowset is v as the rows of u(variant_id, price_minor, compare_at_minor,
// currency, availability, discount_bp, price_since, last_seen_at).
func (v *currentStates) rowset() *Rowset {
	return (&Rowset{Len: len(v.id), Bulk: true}).Int(v.id).Int(v.price).NullInt(v.compareAt, v.hasCompareAt).
		Text(v.currency).Text(v.avail).Int32(v.discount).Time(v.since).Time(v.seen)
}

// newWrites lays out the changes of a batch, all[i] being those of batch[i].
func newWrites(batch []variantBatch, all []changes) *writes {
	var nPoints, nExtended, nUpdated, nInserted int
	for i, c := range all {
		nPoints += len(c.inserted)
		nExtended += len(c.extended)
		switch {
		case c.latest == nil:
		case batch[i].ref.current != nil:
			nUpdated++
		default:
			nInserted++
		}
	}
	w := &writes{}
	p := &w.points
	p.variant, p.price, p.compareAt = capped[int64](nPoints), capped[int64](nPoints), capped[int64](nPoints)
	p.hasCompareAt = capped[bool](nPoints)
	p.from, p.seen = capped[time.Time](nPoints), capped[time.Time](nPoints)
	p.currency, p.avail, p.run = capped[string](nPoints), capped[string](nPoints), capped[string](nPoints)
	e := &w.extended
	e.variant, e.from, e.seen = capped[int64](nExtended), capped[time.Time](nExtended), capped[time.Time](nExtended)
	w.updated, w.inserted = newCurrentStates(nUpdated), newCurrentStates(nInserted)
	for i, c := range all {
		w.add(batch[i].ref, c)
	}
	return w
}

// capped is an empty slice with room for n elements: the columns are
// sized up front so that a batch of 100,000 rows does not regrow them.
func capped[T any](n int) []T { return make([]T, 0, n) }

func (w *writes) add(ref variantRef, c changes) {
	for _, from := range c.deleted {
		w.deleted.variant = append(w.deleted.variant, ref.id)
		w.deleted.from = append(w.deleted.from, from)
	}
	p := &w.points
	for _, pt := range c.inserted {
		p.variant = append(p.variant, ref.id)
		p.from = append(p.from, pt.ValidFrom())
		p.seen = append(p.seen, pt.LastSeen())
		p.price = append(p.price, pt.State.Price.Amount)
		p.compareAt = append(p.compareAt, pt.State.CompareAt.Amount)
		p.hasCompareAt = append(p.hasCompareAt, !pt.State.CompareAt.IsZero())
		p.currency = append(p.currency, pt.State.Price.Currency)
		p.avail = append(p.avail, string(pt.State.Availability))
		p.run = append(p.run, pt.SourceRun())
	}
	e := &w.extended
	for _, pt := range c.extended {
		e.variant = append(e.variant, ref.id)
		e.from = append(e.from, pt.ValidFrom())
		e.seen = append(e.seen, pt.LastSeen())
	}
	switch {
	case c.latest == nil:
	case ref.current != nil:
		w.updated.add(ref.id, c.latest)
	default:
		w.inserted.add(ref.id, c.latest)
	}
}
