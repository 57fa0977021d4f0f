package gormstore

import (
	"github.com/pressly/goose/v3"
)

// Dialect is what the shared store needs to know about one database. The
// postgres and sqlite packages implement it; everything else is shared.
type Dialect interface {
	// Name is the migrations folder of the dialect: "postgres" or "sqlite".
	Name() string
	// Goose is the goose dialect and the provider options (a session lock
	// for Postgres, so that two processes never migrate at once).
	Goose() (goose.Dialect, []goose.ProviderOption)
	// Rows makes rs readable by a statement of tx: it returns a SELECT
	// that yields one row per element of rs, its columns in order, and its
	// arguments, with as few bind parameters as the database allows (arrays,
	// a JSON document, or none when it first copied the rows into a
	// temporary table of tx): batch statements are one statement whatever
	// their size.
	Rows(tx Tx, rs *Rowset) (query string, args []any, err error)
	// Each runs the query q of tx, whose ? placeholders (it has no other
	// question mark) take args, and for every row it returns scans the
	// row into dest and calls row. dest holds *int64, *bool, *string and
	// *time.Time targets, one per column; NULL scans as the zero value and
	// times are in UTC. It serves the reads of RecordObservations, which
	// scan 100,000 rows: Postgres decodes them with pgx's own scanning,
	// without database/sql's conversion of every value to an interface.
	Each(tx Tx, q string, args []any, dest []any, row func() error) error
	// CopyInto inserts the rows of rs into columns of table with the
	// dialect's bulk load, when it has one and rs is large enough for it to
	// pay, and reports whether it did; when it did not, the caller runs its
	// INSERT. It fails as that INSERT would (a key already there, a
	// check) and fires the same triggers.
	CopyInto(tx Tx, table string, columns []string, rs *Rowset) (bool, error)
	// Greatest names the scalar function returning the larger argument.
	Greatest() string
	// BatchSize is how many rows one multi-row INSERT built by GORM carries.
	BatchSize() int
	// PlanForBatch makes the statements of tx, which take a batch's rows,
	// be planned for the rows they are given each time rather than by a
	// plan cached for the statement's text.
	PlanForBatch(tx Tx) error
	// LockShops holds, until tx ends, a lock per shop that serialises the
	// writers of the shops' price history. ids are sorted and distinct.
	LockShops(tx Tx, ids []int64) error
	// Classify maps a driver error to catalog.ErrDuplicate,
	// catalog.ErrNotFound or catalog.ErrInvalid, or returns nil when it is
	// none of those.
	Classify(err error) error
}
