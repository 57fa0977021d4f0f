package postgres

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
)

// Each reads the rows of q with pgx on tx's connection: each value is
// decoded from the binary protocol straight into a typed holder, which
// database/sql would first turn into an interface (an allocation for most
// values) and then convert. On the 100,000 rows RecordObservations reads
// for a full re-scrape, that conversion cost more CPU than the query.
func (dialect) Each(tx gormstore.Tx, q string, args []any, dest []any, row func() error) error {
	holders := make([]any, len(dest))
	for i, d := range dest {
		switch d.(type) {
		case *int64:
			holders[i] = new(pgtype.Int8)
		case *bool:
			holders[i] = new(pgtype.Bool)
		case *time.Time:
			holders[i] = new(pgtype.Timestamptz)
		case *string:
			holders[i] = new(textHolder)
		default:
			return fmt.Errorf("scan column %d into a %T", i, d)
		}
	}
	ctx := tx.DB.Statement.Context
	return tx.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is a %T, not pgx", driverConn)
		}
		rows, err := sc.Conn().Query(ctx, numbered(q), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := rows.Scan(holders...); err != nil {
				return err
			}
			for i, d := range dest {
				switch d := d.(type) {
				case *int64:
					*d = holders[i].(*pgtype.Int8).Int64 // 0 when NULL
				case *bool:
					*d = holders[i].(*pgtype.Bool).Bool
				case *time.Time:
					h := holders[i].(*pgtype.Timestamptz)
					*d = time.Time{}
					if h.Valid {
						*d = h.Time.UTC()
					}
				case *string:
					*d = holders[i].(*textHolder).s
				}
			}
			if err := row(); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// numbered rewrites the ? placeholders of q as $1, $2, … for pgx, which
// does not go through GORM's rewriting.
func numbered(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for {
		i := strings.IndexByte(q, '?')
		if i < 0 {
			break
		}
		n++
		b.WriteString(q[:i])
		b.WriteString("$" + strconv.Itoa(n))
		q = q[i+1:]
	}
	b.WriteString(q)
	return b.String()
}

// textHolder scans text without allocating for values it has seen: the
// columns RecordObservations reads repeat a few values over many rows
// (currencies, availabilities, variant ids such as a size). It keeps up to
// internAtMost distinct strings and allocates the others as pgx would.
type textHolder struct {
	s    string
	seen map[string]string
}

const internAtMost = 256

// ScanBytes implements pgtype.BytesScanner; v, owned by the driver, is
// nil for NULL.
func (h *textHolder) ScanBytes(v []byte) error {
	if s, ok := h.seen[string(v)]; ok { // no allocation for the lookup
		h.s = s
		return nil
	}
	h.s = string(v)
	if h.seen == nil {
		h.seen = make(map[string]string)
	}
	if len(h.seen) < internAtMost {
		h.seen[h.s] = h.s
	}
	return nil
}
