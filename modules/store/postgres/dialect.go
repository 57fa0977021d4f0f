package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
)

// priceHistoryLock is the first key of the advisory locks that serialise
// the price-history writers of one shop (the second key is the shop id).
const priceHistoryLock = 0x534b5354 // "SKST"

// dialect is what gormstore needs to know about Postgres.
type dialect struct {
	locker lock.SessionLocker
}

func (dialect) Name() string { return migrations.Postgres }

func (d dialect) Goose() (goose.Dialect, []goose.ProviderOption) {
	return goose.DialectPostgres, []goose.ProviderOption{goose.WithSessionLocker(d.locker)}
}

func (dialect) Greatest() string { return "GREATEST" }

func (dialect) BatchSize() int { return 1000 }

// PlanForBatch has Postgres plan each statement of tx for its own
// arguments until tx ends. pgx prepares and caches statements, and after
// five runs of one Postgres may switch to a generic plan, which knows
// nothing of the size of an array argument (it guesses ten elements): the
// ingest's ListingStates read of ~1,000 listings went from ~15 ms to
// 60-75 ms when its generic plan scanned every listing of a shop for each
// key instead of looking each up (auto_explain, in the pipeline
// benchmark). Planning a batch statement costs well under a millisecond;
// the API's small reads, outside these transactions, keep their cached
// plans, which custom planning made up to 0.6 ms slower each (measured
// with BenchmarkProducts).
func (dialect) PlanForBatch(tx gormstore.Tx) error {
	return tx.DB.Exec(`SET LOCAL plan_cache_mode = force_custom_plan`).Error
}

// LockShops takes a transaction-scoped advisory lock per shop, in id order
// so that two batches never wait for each other in a cycle. (The key is
// the id modulo 2^31-1: should two shops ever share one, their writers
// merely take turns.)
func (dialect) LockShops(tx gormstore.Tx, ids []int64) error {
	return tx.DB.Exec(`SELECT pg_advisory_xact_lock(?, (id % 2147483647)::integer) FROM unnest(?::bigint[]) AS t(id)`,
		priceHistoryLock, array(ids)).Error
}

// Classify maps SQLSTATE codes: unique violations are duplicates, foreign
// key violations mean the referenced row is gone, other integrity and data
// errors are invalid input.
func (dialect) Classify(err error) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return nil
	}
	switch {
	case pgErr.Code == "23505":
		return catalog.ErrDuplicate
	case pgErr.Code == "23503":
		return catalog.ErrNotFound
	case strings.HasPrefix(pgErr.Code, "23"), strings.HasPrefix(pgErr.Code, "22"):
		return catalog.ErrInvalid
	}
	return nil
}

var _ gormstore.Dialect = dialect{}
