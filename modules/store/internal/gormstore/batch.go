package gormstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// This file holds what the batch statements share: the transaction they run
// in and the sets of rows they take.

// Tx is a transaction of the store on a connection of its own. DB runs
// statements in it; Raw reaches the driver's connection underneath (as
// database/sql's Conn.Raw) for bulk APIs such as COPY, whose work is part
// of the transaction.
type Tx struct {
	DB  *gorm.DB
	Raw func(f func(driverConn any) error) error
}

// Kind is the SQL type of a Rowset column.
type Kind int

// The column kinds a Rowset carries.
const (
	KindInt     Kind = iota // int64, never NULL
	KindNullInt             // int64, NULL where Valid is false
	KindText                // string
	KindTime                // time.Time in UTC, microseconds
	KindInt32               // int64 within 32 bits, for integer columns: a bulk load writes it as is
)

// Column is one column of a Rowset. Only the slice of its kind is set.
type Column struct {
	Kind  Kind
	Ints  []int64
	Valid []bool // KindNullInt only
	Texts []string
	Times []time.Time
}

// Rowset is a set of rows handed to a statement column by column. It is how
// the batch statements pass thousands of rows as a handful of parameters.
type Rowset struct {
	Len  int
	Cols []Column
	// Bulk says the statement reads every row once (it inserts them, or
	// joins them to a table), the case a dialect may serve with a
	// bulk-load path (Postgres: COPY into a temporary table).
	Bulk bool
}

// Int appends a column of integers.
func (rs *Rowset) Int(v []int64) *Rowset {
	rs.Cols = append(rs.Cols, Column{Kind: KindInt, Ints: v})
	return rs
}

// Int32 appends a column of integers, each within 32 bits, for an integer
// (not bigint) column.
func (rs *Rowset) Int32(v []int64) *Rowset {
	rs.Cols = append(rs.Cols, Column{Kind: KindInt32, Ints: v})
	return rs
}

// NullInt appends a column of integers that are NULL where valid is false.
func (rs *Rowset) NullInt(v []int64, valid []bool) *Rowset {
	rs.Cols = append(rs.Cols, Column{Kind: KindNullInt, Ints: v, Valid: valid})
	return rs
}

// Text appends a column of strings.
func (rs *Rowset) Text(v []string) *Rowset {
	rs.Cols = append(rs.Cols, Column{Kind: KindText, Texts: v})
	return rs
}

// Time appends a column of times.
func (rs *Rowset) Time(v []time.Time) *Rowset {
	rs.Cols = append(rs.Cols, Column{Kind: KindTime, Times: v})
	return rs
}

// with renders rs as the common table expression named by head, such as
// "u(id, at)", and returns it with its arguments for the statement of tx
// to follow.
func (s *Store) with(tx Tx, head string, rs *Rowset) (string, []any, error) {
	q, args, err := s.dialect.Rows(tx, rs)
	if err != nil {
		return "", nil, fmt.Errorf("stage %d rows: %w", rs.Len, err)
	}
	return "WITH " + head + " AS (" + q + ")", args, nil
}

// inTx runs fn in a transaction on a connection taken from the pool for
// it, so that the dialect can reach that connection's driver. Its
// statements are planned for the batch they are given (PlanForBatch).
func (s *Store) inTx(ctx context.Context, fn func(Tx) error) error {
	return s.db.WithContext(ctx).Connection(func(c *gorm.DB) error {
		conn, ok := c.Statement.ConnPool.(*sql.Conn)
		if !ok {
			return fmt.Errorf("connection pool gave a %T, not a *sql.Conn", c.Statement.ConnPool)
		}
		return c.Transaction(func(tx *gorm.DB) error {
			t := Tx{DB: tx, Raw: conn.Raw}
			if err := s.dialect.PlanForBatch(t); err != nil {
				return fmt.Errorf("plan for the batch: %w", err)
			}
			return fn(t)
		})
	})
}
