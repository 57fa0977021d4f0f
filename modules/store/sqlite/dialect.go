package sqlite

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/pressly/goose/v3"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
)

// dialect is what gormstore needs to know about SQLite.
type dialect struct{}

func (dialect) Name() string { return migrations.SQLite }

func (dialect) Goose() (goose.Dialect, []goose.ProviderOption) { return goose.DialectSQLite3, nil }

// PlanForBatch does nothing: SQLite keeps no generic plans that could
// stand in for a plan made for the batch.
func (dialect) PlanForBatch(gormstore.Tx) error { return nil }

// Rows passes the whole batch as one JSON array of row arrays and expands
// it with jsonb_each, which hands each row to ->> already parsed. The
// driver binds parameters in time quadratic in their number, so a
// multi-row VALUES list of thousands of rows is several times slower than
// SQLite parsing one document.
func (dialect) Rows(_ gormstore.Tx, rs *gormstore.Rowset) (string, []any, error) {
	var q strings.Builder
	q.WriteString("SELECT ")
	for i := range rs.Cols {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("value->>")
		q.WriteString(strconv.Itoa(i))
	}
	q.WriteString(" FROM jsonb_each(?)")
	return q.String(), []any{encode(rs)}, nil
}

// encode writes rs as [[c0, c1, ...], ...]; times as unix microseconds,
// which is how the schema stores them.
func encode(rs *gormstore.Rowset) string {
	b := make([]byte, 0, rs.Len*16*len(rs.Cols)+2)
	b = append(b, '[')
	for r := range rs.Len {
		if r > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for i, c := range rs.Cols {
			if i > 0 {
				b = append(b, ',')
			}
			switch c.Kind {
			case gormstore.KindInt, gormstore.KindInt32:
				b = strconv.AppendInt(b, c.Ints[r], 10)
			case gormstore.KindNullInt:
				if c.Valid[r] {
					b = strconv.AppendInt(b, c.Ints[r], 10)
				} else {
					b = append(b, "null"...)
				}
			case gormstore.KindText:
				b = appendString(b, c.Texts[r])
			case gormstore.KindTime:
				b = strconv.AppendInt(b, c.Times[r].UnixMicro(), 10)
			}
		}
		b = append(b, ']')
	}
	return string(append(b, ']'))
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as encoding/json does; the catalog never lets such text in.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// Each reads through database/sql: the driver hands SQLite's values over
// as they are.
func (dialect) Each(tx gormstore.Tx, q string, args []any, dest []any, row func() error) error {
	return gormstore.EachSQL(tx, q, args, dest, row)
}

// CopyInto leaves every insert to its statement: SQLite has no bulk load
// faster than INSERT … SELECT from Rows.
func (dialect) CopyInto(gormstore.Tx, string, []string, *gormstore.Rowset) (bool, error) {
	return false, nil
}

func (dialect) Greatest() string { return "MAX" }

// BatchSize keeps GORM's multi-row INSERTs small: see Rows on the driver's
// parameter binding.
func (dialect) BatchSize() int { return 50 }

// LockShops has nothing to do: transactions begin IMMEDIATE, so the one
// that calls it already holds the database's only write lock.
func (dialect) LockShops(gormstore.Tx, []int64) error { return nil }

// Classify maps SQLite's extended result codes.
func (dialect) Classify(err error) error {
	var e *gosqlite.Error
	if !errors.As(err, &e) {
		return nil
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return catalog.ErrDuplicate
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return catalog.ErrNotFound
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL, sqlite3.SQLITE_CONSTRAINT_DATATYPE:
		return catalog.ErrInvalid
	}
	return nil
}

var _ gormstore.Dialect = dialect{}
