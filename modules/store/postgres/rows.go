package postgres

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
)

// copyAtLeast is the size from which Rows copies a Bulk rowset into a
// temporary table rather than sending it as arrays. Measured on the
// benchmark's 100,000-row batches: COPY plus INSERT … SELECT beats INSERT …
// SELECT FROM unnest, chiefly because pgx encodes arrays element by element
// through interfaces; it also halves the variant update, and for the
// variant lookup the planner, sizing the table by its pages, hashes where
// for unnest (estimated at a few hundred rows) it ran 100,000 index probes.
// The two extra round trips (the table is reused, never created on the hot
// path) were measured to pay for themselves from about a thousand rows (an
// earlier tuning of the 10k-variant backlog shape); below that, arrays.
const copyAtLeast = 1_000

// Rows hands a batch to its statement in one of two ways, both a fixed
// number of round trips whatever the batch size. Usually one array
// parameter per column, expanded with unnest; the statement text is the
// same for every batch, so pgx prepares it once per connection. Large
// Bulk batches are copied (COPY, binary) into a temporary table
// instead, and the statement reads that.
func (d dialect) Rows(tx gormstore.Tx, rs *gormstore.Rowset) (string, []any, error) {
	if rs.Bulk && rs.Len >= copyAtLeast {
		return copyRows(tx, rs)
	}
	var q strings.Builder
	q.WriteString("SELECT * FROM unnest(")
	args := make([]any, len(rs.Cols))
	for i, c := range rs.Cols {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("?::" + sqlType(c.Kind) + "[]")
		switch c.Kind {
		case gormstore.KindInt:
			args[i] = array(c.Ints)
		case gormstore.KindNullInt:
			v := make([]pgtype.Int8, len(c.Ints))
			for j, n := range c.Ints {
				v[j] = pgtype.Int8{Int64: n, Valid: c.Valid[j]}
			}
			args[i] = array(v)
		case gormstore.KindText:
			args[i] = array(c.Texts)
		case gormstore.KindTime:
			args[i] = array(c.Times)
		}
	}
	q.WriteString(")")
	return q.String(), args, nil
}

// copyRows copies rs into a temporary table of tx's connection and returns
// the SELECT that reads it back. The table is named after its column types
// and kept for the connection's life, emptied at every commit (ON COMMIT
// DELETE ROWS) and before each use, so that the hot path runs no DDL.
func copyRows(tx gormstore.Tx, rs *gormstore.Rowset) (string, []any, error) {
	ctx := tx.DB.Statement.Context
	var name strings.Builder
	name.WriteString("batch_rows_")
	cols := make([]string, len(rs.Cols))
	defs := make([]string, len(rs.Cols))
	for i, c := range rs.Cols {
		cols[i] = "c" + strconv.Itoa(i)
		defs[i] = cols[i] + " " + sqlType(c.Kind)
		name.WriteByte("ints"[c.Kind]) // KindInt i, KindNullInt n, KindText t, KindTime s
	}
	table := name.String()
	err := tx.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is a %T, not pgx", driverConn)
		}
		conn := sc.Conn()
		_, err := conn.Exec(ctx, "CREATE TEMP TABLE IF NOT EXISTS "+table+" ("+strings.Join(defs, ", ")+") ON COMMIT DELETE ROWS")
		if err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, "DELETE FROM "+table); err != nil {
			return err
		}
		_, err = conn.CopyFrom(ctx, pgx.Identifier{table}, cols, &rowSource{rs: rs, row: -1, values: make([]any, len(rs.Cols))})
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + table, nil, nil
}

// rowSource feeds a Rowset to CopyFrom row by row.
type rowSource struct {
	rs     *gormstore.Rowset
	row    int
	values []any
}

func (r *rowSource) Next() bool {
	r.row++
	return r.row < r.rs.Len
}

func (r *rowSource) Values() ([]any, error) {
	for i, c := range r.rs.Cols {
		switch c.Kind {
		case gormstore.KindInt:
			r.values[i] = c.Ints[r.row]
		case gormstore.KindNullInt:
			if c.Valid[r.row] {
				r.values[i] = c.Ints[r.row]
			} else {
				r.values[i] = nil
			}
		case gormstore.KindText:
			r.values[i] = c.Texts[r.row]
		case gormstore.KindTime:
			r.values[i] = c.Times[r.row]
		}
	}
	return r.values, nil
}

func (r *rowSource) Err() error { return nil }

func sqlType(k gormstore.Kind) string {
	switch k {
	case gormstore.KindText:
		return "text"
	case gormstore.KindTime:
		return "timestamptz"
	default:
		return "bigint"
	}
}

// array wraps v so that GORM binds it as one parameter instead of
// expanding it into a list, and pgx sends it as a Postgres array.
func array[T any](v []T) pgtype.Array[T] {
	a := pgtype.Array[T]{Elements: v, Valid: true}
	if len(v) > 0 {
		a.Dims = []pgtype.ArrayDimension{{Length: int32(len(v)), LowerBound: 1}}
	}
	return a
}
