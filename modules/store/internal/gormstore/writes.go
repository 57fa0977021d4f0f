package gormstore

import (
	"errors"
	"fmt"
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
		Text(v.currency).Text(v.avail).Int(v.discount).Time(v.since).Time(v.seen)
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

// write applies w in order: deletes first, so that a rewritten point can
// take its key back; points before the variants and listings derived from
// them. New points and extended ones go in separate statements: an INSERT
// that meets a conflict for every row, or an UPDATE that tries an insert
// first, each cost more than the plain one.
func (s *Store) write(tx Tx, w *writes) error {
	if d := &w.deleted; len(d.variant) > 0 {
		q, args, err := s.with(tx, "u(variant_id, valid_from)", (&Rowset{Len: len(d.variant)}).Int(d.variant).Time(d.from))
		if err != nil {
			return err
		}
		if err := exec(tx, "delete rewritten price points", q+` DELETE FROM price_points
			WHERE (variant_id, valid_from) IN (SELECT variant_id, valid_from FROM u)`, args); err != nil {
			return err
		}
	}
	if p := &w.points; len(p.variant) > 0 {
		q, args, err := s.with(tx, "u(variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run)",
			(&Rowset{Len: len(p.variant), Bulk: true}).Int(p.variant).Time(p.from).Time(p.seen).Int(p.price).
				NullInt(p.compareAt, p.hasCompareAt).Text(p.currency).Text(p.avail).Text(p.run))
		if err != nil {
			return err
		}
		// With upsert, a key already there means the instant is recorded:
		// the state recorded first is kept, as with conflicts inside a
		// batch. Without, it fails the attempt (see RecordObservations).
		conflict := ""
		if w.upsert {
			conflict = " ON CONFLICT (variant_id, valid_from) DO NOTHING"
		}
		err = exec(tx, "insert price points", q+` INSERT INTO price_points
				(variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run)
			SELECT variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run
			FROM u WHERE true`+conflict, args)
		if err != nil {
			if !w.upsert && errors.Is(s.dialect.Classify(err), catalog.ErrDuplicate) {
				return &pointsConflictError{err: err}
			}
			return err
		}
	}
	if e := &w.extended; len(e.variant) > 0 {
		q, args, err := s.with(tx, "u(variant_id, valid_from, last_seen_at)",
			(&Rowset{Len: len(e.variant)}).Int(e.variant).Time(e.from).Time(e.seen))
		if err != nil {
			return err
		}
		// GREATEST keeps a repeated or stale write from shortening a point;
		// the rewrites that must shorten one went through the delete above.
		err = exec(tx, "extend price points", q+` UPDATE price_points
			SET last_seen_at = `+s.dialect.Greatest()+`(price_points.last_seen_at, u.last_seen_at)
			FROM u WHERE price_points.variant_id = u.variant_id AND price_points.valid_from = u.valid_from`, args)
		if err != nil {
			return err
		}
	}
	// The current states go in after the points: a variant's first state
	// is inserted after its first point, whose insert checked that the
	// variant exists and locked it (see migration 00007). An UPDATE and an
	// INSERT rather than one upsert, which cost about 40% more (measured on
	// 100,000 rows).
	const states = "u(variant_id, price_minor, compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at)"
	if v := &w.updated; len(v.id) > 0 {
		q, args, err := s.with(tx, states, v.rowset())
		if err != nil {
			return err
		}
		err = exec(tx, "update current states", q+` UPDATE variant_prices SET price_minor = u.price_minor,
				compare_at_minor = u.compare_at_minor, currency = u.currency, availability = u.availability,
				discount_bp = u.discount_bp, price_since = u.price_since, last_seen_at = u.last_seen_at
			FROM u WHERE variant_prices.variant_id = u.variant_id`, args)
		if err != nil {
			return err
		}
	}
	if v := &w.inserted; len(v.id) > 0 {
		q, args, err := s.with(tx, states, v.rowset())
		if err != nil {
			return err
		}
		err = exec(tx, "insert current states", q+` INSERT INTO variant_prices (variant_id, price_minor,
				compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at)
			SELECT variant_id, price_minor, compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at
			FROM u`, args)
		if err != nil {
			return err
		}
	}
	if l := &w.listings; len(l.id) > 0 {
		q, args, err := s.with(tx, "u(listing_id, price_min_minor, currency, discount_max_bp, in_stock, price_updated_at)",
			(&Rowset{Len: len(l.id), Bulk: true}).Int(l.id).Int(l.price).Text(l.currency).Int(l.discount).Int(l.inStock).Time(l.updatedAt))
		if err != nil {
			return err
		}
		if err := exec(tx, "update listing aggregates", q+upsertAggregates, args); err != nil {
			return err
		}
	}
	return nil
}

// pointsConflictError is the unique violation of a plain insert of new
// points: the attempt is folded again with upsert set.
type pointsConflictError struct{ err error }

func (e *pointsConflictError) Error() string { return "insert price points: " + e.err.Error() }
func (e *pointsConflictError) Unwrap() error { return e.err }

// exec runs one statement of the batch, naming it in its error.
func exec(tx Tx, op, q string, args []any) error {
	if err := tx.DB.Exec(q, args...).Error; err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// upsertAggregates writes the listings' aggregates of u, computed by
// changedAggregates, into listing_prices. The guard skips a row that
// already holds them, should the table ever disagree with the variants.
// (WHERE true tells SQLite that ON CONFLICT is not a join constraint.)
const upsertAggregates = `
INSERT INTO listing_prices AS p (listing_id, price_min_minor, currency, discount_max_bp, in_stock, price_updated_at)
SELECT listing_id, price_min_minor, currency, discount_max_bp, in_stock <> 0, price_updated_at FROM u WHERE true
ON CONFLICT (listing_id) DO UPDATE SET price_min_minor = excluded.price_min_minor, currency = excluded.currency,
	discount_max_bp = excluded.discount_max_bp, in_stock = excluded.in_stock, price_updated_at = excluded.price_updated_at
WHERE p.price_min_minor IS DISTINCT FROM excluded.price_min_minor OR
	p.currency IS DISTINCT FROM excluded.currency OR
	p.discount_max_bp IS DISTINCT FROM excluded.discount_max_bp OR
	p.in_stock IS DISTINCT FROM excluded.in_stock OR
	p.price_updated_at IS DISTINCT FROM excluded.price_updated_at`
