package postgres

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// copyRow is one row of the table the binary COPY encoder is tested on.
type copyRow struct {
	id    int64
	n     int64
	valid bool // n is not NULL
	text  string
	at    time.Time
	small int64
}

// copyEdgeRows are the values the encoder must hand over exactly: the
// extremes of each kind, NULL, empty and multi-byte text, text longer than
// a chunk of the stream, and times on either side of the two epochs.
func copyEdgeRows(t *testing.T) []copyRow {
	us := func(s string) time.Time {
		at, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return at.UTC()
	}
	return []copyRow{
		{n: 0, valid: true, text: "", at: us("2000-01-01T00:00:00Z")},
		{n: -1, valid: true, text: "USD", at: us("1999-12-31T23:59:59.999999Z"), small: -1},
		{n: math.MaxInt64, valid: true, text: "Café Skateboards – 8.25\" 🛹", at: us("2025-06-30T12:34:56.123456Z"), small: math.MaxInt32},
		{n: math.MinInt64, valid: true, text: "tab\tnew\nline\\back", at: us("1969-07-20T20:17:40.000001Z"), small: math.MinInt32},
		{valid: false, text: strings.Repeat("ü", 50_000), at: us("2262-04-11T23:47:16.854775Z")},
		{n: 42, valid: true, text: "ß", at: us("1900-01-01T00:00:00Z"), small: 10_000},
	}
}

// copySubject is a connection to a new database holding copy_test, with
// the store's transaction around it.
func copySubject(t *testing.T) (gormstore.Tx, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("pgx", storetest.PostgresDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Exec(`CREATE TABLE copy_test (id bigint PRIMARY KEY, n bigint, text text NOT NULL,
		at timestamptz NOT NULL, small integer NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	gdb, conn := session(t, db)
	return gormstore.Tx{DB: gdb.WithContext(ctx), Raw: conn.Raw}, db
}

// session is GORM on one connection of db, kept for the test: a session
// whose settings and temporary tables every statement shares.
func session(t *testing.T, db *sql.DB) (*gorm.DB, *sql.Conn) {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	gdb, err := gorm.Open(gormpg.New(gormpg.Config{Conn: conn}), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return gdb, conn
}

func copyRowset(rows []copyRow) *gormstore.Rowset {
	rs := &gormstore.Rowset{Len: len(rows), Bulk: true}
	ids, ns, smalls := make([]int64, len(rows)), make([]int64, len(rows)), make([]int64, len(rows))
	valid, texts, ats := make([]bool, len(rows)), make([]string, len(rows)), make([]time.Time, len(rows))
	for i, r := range rows {
		ids[i], ns[i], valid[i], texts[i], ats[i], smalls[i] = r.id, r.n, r.valid, r.text, r.at, r.small
	}
	return rs.Int(ids).NullInt(ns, valid).Text(texts).Time(ats).Int32(smalls)
}

// What Postgres reads from the binary stream is what was sent, whatever
// the value and wherever a row falls in the stream's chunks; Each reads it
// back the same.
func TestCopyFromBinary(t *testing.T) {
	storetest.RequirePostgres(t)
	tx, db := copySubject(t)
	ctx := context.Background()
	// The edge rows, then enough ordinary ones to span many chunks.
	edge := len(copyEdgeRows(t))
	rows := copyEdgeRows(t)
	for i := range 20_000 {
		rows = append(rows, copyRow{n: int64(i) * 7919, valid: i%3 != 0, text: strings.Repeat("x", i%40),
			at: time.UnixMicro(1_700_000_000_000_000 + int64(i)*1_000_003).UTC(), small: int64(i)})
	}
	for i := range rows {
		rows[i].id = int64(i)
	}
	n, err := copyFrom(ctx, tx, "copy_test", []string{"id", "n", "text", "at", "small"}, copyRowset(rows))
	if err != nil || n != int64(len(rows)) {
		t.Fatalf("copyFrom = %d, %v; want %d rows", n, err, len(rows))
	}

	// Read back through database/sql, which decodes independently.
	got, err := db.Query(`SELECT id, n, text, at, small FROM copy_test ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	i := 0
	for ; got.Next(); i++ {
		var r copyRow
		var n sql.NullInt64
		if err := got.Scan(&r.id, &n, &r.text, &r.at, &r.small); err != nil {
			t.Fatal(err)
		}
		r.n, r.valid, r.at = n.Int64, n.Valid, r.at.UTC()
		want := rows[i]
		if !want.valid {
			want.n = 0
		}
		if r != want {
			t.Errorf("row %d = %+v, want %+v", i, trimmed(r), trimmed(want))
		}
	}
	if err := got.Err(); err != nil || i != len(rows) {
		t.Fatalf("read %d rows (%v), want %d", i, err, len(rows))
	}

	// Each reads the same values, NULL as zero, times in UTC.
	var (
		id, nn, small int64
		text          string
		at            time.Time
		isNull        bool
	)
	i = 0
	err = dialect{}.Each(tx, `SELECT id, n, n IS NULL, text, at, small FROM copy_test WHERE id < ? ORDER BY id`,
		[]any{int64(edge)}, []any{&id, &nn, &isNull, &text, &at, &small}, func() error {
			want := rows[i]
			if !want.valid {
				want.n = 0
			}
			if id != want.id || nn != want.n || isNull == want.valid ||
				text != want.text || !at.Equal(want.at) || at.Location() != time.UTC || small != want.small {
				t.Errorf("Each row %d = %d %d %v %.20q %v %d, want %+v", i, id, nn, isNull, text, at, small, trimmed(want))
			}
			i++
			return nil
		})
	if err != nil || i != edge {
		t.Fatalf("Each read %d rows (%v), want %d", i, err, edge)
	}
}

// A value the column cannot hold fails the COPY, and nothing is written.
func TestCopyFromBinaryOutOfRange(t *testing.T) {
	storetest.RequirePostgres(t)
	tx, db := copySubject(t)
	rows := []copyRow{{id: 1, text: "ok", at: time.Unix(0, 0).UTC()}, {id: 2, text: "too big", at: time.Unix(0, 0).UTC(), small: math.MaxInt32 + 1}}
	if _, err := copyFrom(context.Background(), tx, "copy_test", []string{"id", "n", "text", "at", "small"}, copyRowset(rows)); err == nil {
		t.Fatal("copyFrom took an integer beyond 32 bits")
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM copy_test`).Scan(&n); err != nil || n != 0 {
		t.Errorf("copy_test holds %d rows (%v), want none", n, err)
	}
}

func trimmed(r copyRow) copyRow {
	if len(r.text) > 40 {
		r.text = r.text[:40] + "…"
	}
	return r
}

func TestNumbered(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT ?", "SELECT $1"},
		{"SELECT * FROM unnest(?::bigint[], ?::text[]) WHERE x = ?", "SELECT * FROM unnest($1::bigint[], $2::text[]) WHERE x = $3"},
	}
	for _, tt := range tests {
		if got := numbered(tt.in); got != tt.want {
			t.Errorf("numbered(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Rows copied into price_points go through the same check of their
// variants as inserted ones: COPY fires the insert triggers.
func TestCopyIntoChecksVariants(t *testing.T) {
	storetest.RequirePostgres(t)
	ctx := context.Background()
	tx, db := copySubject(t)
	s, err := Open(ctx, Config{URL: dbURL(t, db)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	n := copyAtLeast
	ids, prices, times := make([]int64, n), make([]int64, n), make([]time.Time, n)
	texts, valid := make([]string, n), make([]bool, n)
	for i := range n {
		ids[i], times[i], texts[i] = 1_000_000+int64(i), time.Unix(int64(i), 0).UTC(), "x"
	}
	rs := (&gormstore.Rowset{Len: n, Bulk: true}).Int(ids).Time(times).Time(times).Int(prices).
		NullInt(prices, valid).Text(texts).Text(texts).Text(texts)
	cols := []string{"variant_id", "valid_from", "last_seen_at", "price_minor", "compare_at_minor",
		"currency", "availability", "source_run"}
	copied, err := dialect{}.CopyInto(tx, "price_points", cols, rs)
	if !copied || !errors.Is(dialect{}.Classify(err), catalog.ErrNotFound) {
		t.Errorf("CopyInto of points of no variant = %v, %v; want copied and a foreign key violation", copied, err)
	}
}

// dbURL is the URL of the database db is open on.
func dbURL(t *testing.T, db *sql.DB) string {
	t.Helper()
	var name string
	if err := db.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(storetest.RequirePostgres(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
