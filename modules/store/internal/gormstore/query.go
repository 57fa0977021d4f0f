package gormstore

import (
	"database/sql"
	"fmt"
	"time"
)

// EachSQL is Dialect.Each through database/sql, for dialects with nothing
// faster.
func EachSQL(tx Tx, q string, args []any, dest []any, row func() error) error {
	targets := make([]any, len(dest))
	for i, d := range dest {
		switch d.(type) {
		case *int64, *bool, *string, *time.Time:
			targets[i] = zeroNull{d}
		default:
			return fmt.Errorf("scan column %d into a %T", i, d)
		}
	}
	return scanEach(tx, q, args, func(scan func(...any) error) error {
		if err := scan(targets...); err != nil {
			return err
		}
		return row()
	})
}

// zeroNull scans a column into dest, a NULL as dest's zero value.
type zeroNull struct{ dest any }

// Scan implements sql.Scanner.
func (z zeroNull) Scan(v any) error {
	switch d := z.dest.(type) {
	case *time.Time:
		var s stamp // NULL, a time or SQLite's microseconds
		err := s.Scan(v)
		*d = s.Time
		return err
	case *int64:
		var n sql.NullInt64
		err := n.Scan(v)
		*d = n.Int64
		return err
	case *bool:
		var b sql.NullBool
		err := b.Scan(v)
		*d = b.Bool
		return err
	case *string:
		var s sql.NullString
		err := s.Scan(v)
		*d = s.String
		return err
	}
	return fmt.Errorf("scan into a %T", z.dest)
}
