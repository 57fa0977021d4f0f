package postgres

import (
	"fmt"
	"strconv"
	"strings"

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
		case gormstore.KindInt, gormstore.KindInt32:
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
		name.WriteByte("ints4"[c.Kind]) // KindInt i, KindNullInt n, KindText t, KindTime s, KindInt32 4
	}
	table := name.String()
	err := tx.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is a %T, not pgx", driverConn)
		}
		// One round trip: without arguments pgx sends both statements as
		// one simple query.
		_, err := sc.Conn().Exec(ctx, "CREATE TEMP TABLE IF NOT EXISTS "+table+" ("+strings.Join(defs, ", ")+
			") ON COMMIT DELETE ROWS; DELETE FROM "+table)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	if _, err := copyFrom(ctx, tx, table, cols, rs); err != nil {
		return "", nil, err
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + table, nil, nil
}

// CopyInto loads rs straight into table with COPY when it is large enough
// for staging to pay (see copyAtLeast): one statement less than staging
// it and inserting from the stage, and the server parses the rows once.
func (dialect) CopyInto(tx gormstore.Tx, table string, columns []string, rs *gormstore.Rowset) (bool, error) {
	if rs.Len < copyAtLeast {
		return false, nil
	}
	_, err := copyFrom(tx.DB.Statement.Context, tx, table, columns, rs)
	return true, err
}

func sqlType(k gormstore.Kind) string {
	switch k {
	case gormstore.KindText:
		return "text"
	case gormstore.KindTime:
		return "timestamptz"
	case gormstore.KindInt32:
		return "integer"
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
