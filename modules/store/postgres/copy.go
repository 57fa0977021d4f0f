package postgres

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
)

// This file streams a Rowset to COPY … FROM STDIN in PostgreSQL's binary
// format, written here rather than by pgx's CopyFrom: pgx asks the server
// for the column types first (a round trip) and encodes every value
// through an interface and the type map, which for the 100,000-row batches
// of RecordObservations cost more CPU than the server spent on the COPY
// (measured in the storebench profile). The Rowset's column kinds say
// everything the format needs.

// copyFrom runs COPY table (columns) FROM STDIN on tx's connection with
// the rows of rs, and returns how many rows the server took.
func copyFrom(ctx context.Context, tx gormstore.Tx, table string, columns []string, rs *gormstore.Rowset) (int64, error) {
	if len(columns) != len(rs.Cols) {
		return 0, fmt.Errorf("copy into %s: %d columns named for %d in the rowset", table, len(columns), len(rs.Cols))
	}
	var n int64
	err := tx.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is a %T, not pgx", driverConn)
		}
		tag, err := sc.Conn().PgConn().CopyFrom(ctx, newCopyReader(rs),
			"COPY "+table+" ("+strings.Join(columns, ", ")+") FROM STDIN (FORMAT binary)")
		n = tag.RowsAffected()
		return err
	})
	return n, err
}

// copyReader is rs in the binary COPY format, encoded a few rows at a time
// as the connection reads it: the signature and header, each row as its
// field count then every field as a length (-1 for NULL) and its bytes, and
// the trailer.
type copyReader struct {
	rs   *gormstore.Rowset
	row  int    // next row to encode
	buf  []byte // encoded, not yet read from off on
	off  int
	tail bool // the trailer is in buf
}

// copySignature opens every binary COPY stream, followed by the flags and
// the header extension length (both 0).
const copySignature = "PGCOPY\n\xff\r\n\x00"

// pgEpochMicros is the zero of timestamptz, 2000-01-01 UTC, in Unix
// microseconds: the binary format counts microseconds from it.
const pgEpochMicros = 946_684_800_000_000

// copyChunk is how many bytes copyReader encodes ahead: about a chunk of
// what the connection sends (64 KiB), so its buffer stays small.
const copyChunk = 64 << 10

func newCopyReader(rs *gormstore.Rowset) *copyReader {
	r := &copyReader{rs: rs, buf: make([]byte, 0, copyChunk+1024)}
	r.buf = append(r.buf, copySignature...)
	r.buf = binary.BigEndian.AppendUint32(r.buf, 0)
	r.buf = binary.BigEndian.AppendUint32(r.buf, 0)
	return r
}

// Read implements io.Reader.
func (r *copyReader) Read(p []byte) (int, error) {
	// What the last call left over moves to the front, so that buf
	// never grows past a chunk and a row.
	r.buf, r.off = r.buf[:copy(r.buf, r.buf[r.off:])], 0
	for len(r.buf)-r.off < len(p) && !r.tail {
		if r.row == r.rs.Len {
			r.buf = binary.BigEndian.AppendUint16(r.buf, math.MaxUint16) // -1: no more rows
			r.tail = true
			break
		}
		var err error
		if r.buf, err = appendCopyRow(r.buf, r.rs, r.row); err != nil {
			return 0, err // pgconn ends the COPY with CopyFail
		}
		r.row++
	}
	if r.off == len(r.buf) {
		return 0, io.EOF
	}
	n := copy(p, r.buf[r.off:])
	r.off += n
	return n, nil
}

// appendCopyRow appends row i of rs to b.
func appendCopyRow(b []byte, rs *gormstore.Rowset, i int) ([]byte, error) {
	b = binary.BigEndian.AppendUint16(b, uint16(len(rs.Cols)))
	for j := range rs.Cols {
		c := &rs.Cols[j]
		switch c.Kind {
		case gormstore.KindInt:
			b = appendInt8(b, c.Ints[i])
		case gormstore.KindNullInt:
			if !c.Valid[i] {
				b = binary.BigEndian.AppendUint32(b, math.MaxUint32) // -1: NULL
				continue
			}
			b = appendInt8(b, c.Ints[i])
		case gormstore.KindText:
			b = binary.BigEndian.AppendUint32(b, uint32(len(c.Texts[i])))
			b = append(b, c.Texts[i]...)
		case gormstore.KindTime:
			// Whole microseconds since 2000-01-01 UTC, rounded down as
			// pgx rounds them.
			b = appendInt8(b, c.Times[i].UnixMicro()-pgEpochMicros)
		case gormstore.KindInt32:
			v := c.Ints[i]
			if v < math.MinInt32 || v > math.MaxInt32 {
				return b, fmt.Errorf("copy row %d: %d does not fit an integer column", i, v)
			}
			b = binary.BigEndian.AppendUint32(b, 4)
			b = binary.BigEndian.AppendUint32(b, uint32(int32(v)))
		default:
			return b, fmt.Errorf("copy row %d: unknown column kind %d", i, c.Kind)
		}
	}
	return b, nil
}

func appendInt8(b []byte, v int64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(v))
}

var _ io.Reader = (*copyReader)(nil)
