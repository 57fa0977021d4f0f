package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The advisory lock that keeps deletes of variants and writers of their
// price points apart (migration 00008): (classid, objid) of pg_locks.
const variantWriteLock = 0x534b5356

// writerRig is a store holding one listing with one observed variant
// (wheelSubject's), and a second handle on its database to write behind
// the store's back.
type writerRig struct {
	db        *sql.DB
	variantID int64
}

func newWriterRig(t *testing.T) writerRig {
	t.Helper()
	sub := wheelSubject(t)
	ctx := context.Background()
	_, err := sub.Store.RecordObservations(ctx, []catalog.PriceObservation{{
		Variant:    catalog.VariantKey{ShopSlug: "brett-haus", ListingExternalID: "w-54", VariantExternalID: "54"},
		ObservedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Price: catalog.Money{Amount: 5500, Currency: "EUR"},
		Availability: catalog.InStock, SourceRun: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	r := writerRig{db: sub.SQL}
	if err := r.db.QueryRow(`SELECT id FROM variants WHERE external_id = '54'`).Scan(&r.variantID); err != nil {
		t.Fatal(err)
	}
	return r
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// insertPoint writes a price point of variant id through e.
func insertPoint(ctx context.Context, e execer, id int64, at time.Time) error {
	_, err := e.ExecContext(ctx, `INSERT INTO price_points
		(variant_id, valid_from, last_seen_at, price_minor, currency, availability)
		VALUES ($1, $2, $2, 4900, 'EUR', 'in_stock')`, id, at)
	return err
}

// waitForLockWaiter returns once a session waits for the variant write
// lock, polling pg_locks (the waiting session cannot say so itself). It
// fails the test if the statement that should be waiting, whose result
// done delivers, finishes first.
func (r writerRig) waitForLockWaiter(t *testing.T, what string, done <-chan error) {
	t.Helper()
	for {
		select {
		case err := <-done:
			t.Fatalf("%s did not wait for the variant write lock (error %v)", what, err)
		default:
		}
		var waiting bool
		err := r.db.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
			AND classid = $1 AND objid = 0 AND NOT granted)`, variantWriteLock).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
		if waiting {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// countOf counts the rows of table (price_points or variant_prices) of
// the rig's variant.
func (r writerRig) countOf(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := r.db.QueryRow(`SELECT count(*) FROM `+table+` WHERE variant_id = $1`, r.variantID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A variant deleted while a writer's points for it are not yet committed
// is deleted once the writer commits, and takes those points with it.
func TestVariantDeleteWaitsForWriters(t *testing.T) {
	r := newWriterRig(t)
	ctx := context.Background()
	writer, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = writer.Rollback() }()
	if err := insertPoint(ctx, writer, r.variantID, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("insert a point of an existing variant: %v", err)
	}

	deleted := make(chan error, 1)
	go func() {
		_, err := r.db.ExecContext(ctx, `DELETE FROM listings WHERE external_id = 'w-54'`)
		deleted <- err
	}()
	r.waitForLockWaiter(t, "the delete", deleted)
	if err := writer.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-deleted; err != nil {
		t.Fatalf("delete listing: %v", err)
	}
	if n, m := r.countOf(t, "price_points"), r.countOf(t, "variant_prices"); n != 0 || m != 0 {
		t.Errorf("after the delete: %d price points and %d current states of the deleted variant, want none", n, m)
	}
}

// A writer that comes while a delete of its variant is uncommitted waits
// for it, and is refused once it commits.
func TestWriterWaitsForVariantDelete(t *testing.T) {
	r := newWriterRig(t)
	ctx := context.Background()
	deleter, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = deleter.Rollback() }()
	if _, err := deleter.ExecContext(ctx, `DELETE FROM listings WHERE external_id = 'w-54'`); err != nil {
		t.Fatal(err)
	}

	written := make(chan error, 1)
	go func() { written <- insertPoint(ctx, r.db, r.variantID, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)) }()
	r.waitForLockWaiter(t, "the writer", written)
	if err := deleter.Commit(); err != nil {
		t.Fatal(err)
	}
	var pgErr *pgconn.PgError
	if err := <-written; !errors.As(err, &pgErr) || pgErr.Code != "23503" {
		t.Fatalf("a point of a variant deleted meanwhile: %v, want a foreign key violation (23503)", err)
	}
	if n := r.countOf(t, "price_points"); n != 0 {
		t.Errorf("%d price points of the deleted variant, want none", n)
	}
}

// Writers at REPEATABLE READ check variants as before, locking them.
func TestRepeatableReadWriterChecksVariants(t *testing.T) {
	r := newWriterRig(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		variant int64
		wantErr bool
	}{{"existing variant", r.variantID, false}, {"missing variant", r.variantID + 1000, true}} {
		t.Run(tc.name, func(t *testing.T) {
			tx, err := r.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tx.Rollback() }()
			err = insertPoint(ctx, tx, tc.variant, time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC))
			var pgErr *pgconn.PgError
			switch {
			case tc.wantErr && (!errors.As(err, &pgErr) || pgErr.Code != "23503"):
				t.Errorf("insert: %v, want a foreign key violation (23503)", err)
			case !tc.wantErr && err != nil:
				t.Errorf("insert: %v", err)
			}
		})
	}
}
