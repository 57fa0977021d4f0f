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
	// Greatest names the scalar function returning the larger argument.
	Greatest() string
	// BatchSize is how many rows one multi-row INSERT built by GORM carries.
	BatchSize() int
	// LockShops holds, until tx ends, a lock per shop that serialises the
	// writers of the shops' price history. ids are sorted and distinct.
	LockShops(tx Tx, ids []int64) error
	// Classify maps a driver error to catalog.ErrDuplicate,
	// catalog.ErrNotFound or catalog.ErrInvalid, or returns nil when it is
	// none of those.
	Classify(err error) error
}
