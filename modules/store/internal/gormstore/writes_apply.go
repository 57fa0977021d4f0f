package gormstore

import (
	"errors"
	"fmt"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// This file runs the statements that write what writes.go laid out.

// pointColumns are the columns of price_points a batch writes, in the
// order of the rowset insertPoints takes.
const pointColumns = "variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run"

// stateColumns are the columns of variant_prices, in the order of
// currentStates.rowset.
const stateColumns = "variant_id, price_minor, compare_at_minor, currency, availability, discount_bp, price_since, last_seen_at"

// writeHistory applies w but for its listings' aggregates, in order:
// deletes first, so that a rewritten point can take its key back; points
// before the current states derived from them. New points and extended
// ones go in separate statements: an INSERT that meets a conflict for
// every row, or an UPDATE that tries an insert first, each cost more than
// the plain one.
func (s *Store) writeHistory(tx Tx, w *writes) error {
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
		rs := (&Rowset{Len: len(p.variant), Bulk: true}).Int(p.variant).Time(p.from).Time(p.seen).Int(p.price).
			NullInt(p.compareAt, p.hasCompareAt).Text(p.currency).Text(p.avail).Text(p.run)
		if err := s.insertPoints(tx, rs, w.upsert); err != nil {
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
	// variant exists and keeps it from being deleted until commit (see
	// migrations 00007 and 00008). An UPDATE and an
	// INSERT rather than one upsert, which cost about 40% more (measured on
	// 100,000 rows).
	if v := &w.updated; len(v.id) > 0 {
		q, args, err := s.with(tx, "u("+stateColumns+")", v.rowset())
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
		if err := s.insertRows(tx, "insert current states", "variant_prices", stateColumns, v.rowset()); err != nil {
			return err
		}
	}
	return nil
}

// writeAggregates writes the listings' aggregates of l, after the current
// states they derive from.
func (s *Store) writeAggregates(tx Tx, l *listingAggregates) error {
	if len(l.id) == 0 {
		return nil
	}
	q, args, err := s.with(tx, "u(listing_id, price_min_minor, currency, discount_max_bp, in_stock, price_updated_at)",
		(&Rowset{Len: len(l.id), Bulk: true}).Int(l.id).Int(l.price).Text(l.currency).Int(l.discount).Int(l.inStock).Time(l.updatedAt))
	if err != nil {
		return err
	}
	return exec(tx, "update listing aggregates", q+upsertAggregates, args)
}

// insertPoints inserts the new points of rs (pointColumns). Without
// upsert a key already there fails the attempt with a pointsConflictError
// (see RecordObservations); with it, the instant is recorded already and
// the state recorded first is kept, as with conflicts inside a batch.
func (s *Store) insertPoints(tx Tx, rs *Rowset, upsert bool) error {
	if upsert {
		q, args, err := s.with(tx, "u("+pointColumns+")", rs)
		if err != nil {
			return err
		}
		return exec(tx, "insert price points", q+` INSERT INTO price_points (`+pointColumns+`)
			SELECT `+pointColumns+` FROM u WHERE true ON CONFLICT (variant_id, valid_from) DO NOTHING`, args)
	}
	err := s.insertRows(tx, "insert price points", "price_points", pointColumns, rs)
	if errors.Is(s.dialect.Classify(err), catalog.ErrDuplicate) {
		return &pointsConflictError{err: err}
	}
	return err
}

// insertRows inserts the rows of rs into columns of table: by the
// dialect's bulk load when it takes them, else by one INSERT … SELECT. op
// names the statement in its error.
func (s *Store) insertRows(tx Tx, op, table, columns string, rs *Rowset) error {
	copied, err := s.dialect.CopyInto(tx, table, strings.Split(columns, ", "), rs)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if copied {
		return nil
	}
	q, args, err := s.with(tx, "u("+columns+")", rs)
	if err != nil {
		return err
	}
	return exec(tx, op, q+` INSERT INTO `+table+` (`+columns+`) SELECT `+columns+` FROM u`, args)
}

// pointsConflictError is the unique violation of a plain insert of new
// points: the attempt is folded again with upsert set.
type pointsConflictError struct{ err error }

func (e *pointsConflictError) Error() string { return e.err.Error() }
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
