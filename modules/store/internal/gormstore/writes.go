package gormstore

import (
	"fmt"
	"slices"
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

	variants struct {
		id, price, compareAt, discount []int64
		hasCompareAt                   []bool
		currency, avail                []string
		since, seen                    []time.Time
	}

	listings []int64
}

// newWrites lays out the changes of a batch, all[i] being those of batch[i].
func newWrites(batch []variantBatch, all []changes) *writes {
	var nPoints, nExtended, nVariants int
	for _, c := range all {
		nPoints += len(c.inserted)
		nExtended += len(c.extended)
		if c.latest != nil {
			nVariants++
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
	v := &w.variants
	v.id, v.price, v.compareAt, v.discount = capped[int64](nVariants), capped[int64](nVariants), capped[int64](nVariants), capped[int64](nVariants)
	v.hasCompareAt = capped[bool](nVariants)
	v.currency, v.avail = capped[string](nVariants), capped[string](nVariants)
	v.since, v.seen = capped[time.Time](nVariants), capped[time.Time](nVariants)
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
	if c.latest == nil {
		return
	}
	st := c.latest.State
	v := &w.variants
	v.id = append(v.id, ref.id)
	v.price = append(v.price, st.Price.Amount)
	v.compareAt = append(v.compareAt, st.CompareAt.Amount)
	v.hasCompareAt = append(v.hasCompareAt, !st.CompareAt.IsZero())
	v.discount = append(v.discount, int64(catalog.DiscountBasisPoints(st.Price, st.CompareAt)))
	v.currency = append(v.currency, st.Price.Currency)
	v.avail = append(v.avail, string(st.Availability))
	v.since = append(v.since, c.latest.ValidFrom())
	v.seen = append(v.seen, c.latest.LastSeen())
	if c.newState {
		w.listings = append(w.listings, ref.listingID)
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
		// A key already there means the instant is recorded: the state
		// recorded first is kept, as with conflicts inside a batch.
		err = exec(tx, "insert price points", q+` INSERT INTO price_points
				(variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run)
			SELECT variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run
			FROM u WHERE true
			ON CONFLICT (variant_id, valid_from) DO NOTHING`, args)
		if err != nil {
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
	if v := &w.variants; len(v.id) > 0 {
		q, args, err := s.with(tx, "u(id, price_minor, compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at)",
			(&Rowset{Len: len(v.id), Bulk: true}).Int(v.id).Int(v.price).NullInt(v.compareAt, v.hasCompareAt).
				Text(v.currency).Text(v.avail).Int(v.discount).Time(v.since).Time(v.seen))
		if err != nil {
			return err
		}
		err = exec(tx, "update variants", q+` UPDATE variants SET price_minor = u.price_minor, compare_at_minor = u.compare_at_minor,
				currency = u.currency, availability = u.availability, discount_bp = u.discount_bp,
				price_since = u.price_since, last_seen_at = u.last_seen_at
			FROM u WHERE variants.id = u.id`, args)
		if err != nil {
			return err
		}
	}
	if len(w.listings) > 0 {
		ids := slices.Compact(slices.Sorted(slices.Values(w.listings)))
		q, args, err := s.with(tx, "u(id)", (&Rowset{Len: len(ids)}).Int(ids))
		if err != nil {
			return err
		}
		if err := exec(tx, "update listing aggregates", q+listingAggregates, args); err != nil {
			return err
		}
	}
	return nil
}

// exec runs one statement of the batch, naming it in its error.
func exec(tx Tx, op, q string, args []any) error {
	if err := tx.DB.Exec(q, args...).Error; err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// listingAggregates recomputes the price aggregates of the listings in u
// from their variants into listing_prices. The price and discount are those
// of purchasable variants when there are any, so that "in stock under $50"
// means a variant in stock costs under $50. Rows whose aggregates did not
// change are not written. (WHERE true tells SQLite that ON CONFLICT is not
// a join constraint.)
const listingAggregates = `, a AS (
	SELECT listing_id,
		COALESCE(MIN(CASE WHEN availability <> 'out_of_stock' THEN price_minor END), MIN(price_minor)) AS price_min_minor,
		MIN(currency) AS currency,
		COALESCE(MAX(CASE WHEN availability <> 'out_of_stock' THEN discount_bp END), MAX(discount_bp)) AS discount_max_bp,
		MAX(CASE WHEN availability <> 'out_of_stock' THEN 1 ELSE 0 END) = 1 AS in_stock,
		MAX(price_since) AS price_updated_at
	FROM variants
	WHERE listing_id IN (SELECT id FROM u) AND price_minor IS NOT NULL
	GROUP BY listing_id
)
INSERT INTO listing_prices AS p (listing_id, price_min_minor, currency, discount_max_bp, in_stock, price_updated_at)
SELECT listing_id, price_min_minor, currency, discount_max_bp, in_stock, price_updated_at FROM a WHERE true
ON CONFLICT (listing_id) DO UPDATE SET price_min_minor = excluded.price_min_minor, currency = excluded.currency,
	discount_max_bp = excluded.discount_max_bp, in_stock = excluded.in_stock, price_updated_at = excluded.price_updated_at
WHERE p.price_min_minor IS DISTINCT FROM excluded.price_min_minor OR
	p.currency IS DISTINCT FROM excluded.currency OR
	p.discount_max_bp IS DISTINCT FROM excluded.discount_max_bp OR
	p.in_stock IS DISTINCT FROM excluded.in_stock OR
	p.price_updated_at IS DISTINCT FROM excluded.price_updated_at`
