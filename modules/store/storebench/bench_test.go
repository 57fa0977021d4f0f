package storebench

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/postgres"
	"github.com/skatestock/skatestock/modules/store/sqlite"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// The batch the issue asks for: 100,000 distinct observations, each a real
// change point (every observation differs from the one before it of the
// same variant).
const batchSize = 100_000

// rowByRowSize is smaller: one statement per row is slow enough that a
// full batch would dominate the run; rows/s is what compares.
const rowByRowSize = 5_000

// shape is how the batch spreads over variants.
type shape struct {
	name       string
	variants   int  // variants in the catalog, 4 per listing
	perVariant int  // observations of each variant in one batch
	rescrape   bool // prices never change: every observation extends a point
}

// shapes are the ways a batch of batchSize observations can spread.
func shapes() []shape {
	return []shape{
		// A full re-scrape where every price moved: one observation per variant.
		{"100k_variants_x1", batchSize, 1, false},
		// A backlog: ten observations of each of 10k variants.
		{"10k_variants_x10", batchSize / 10, 10, false},
		// The steady state, not a target of the issue: a full re-scrape where
		// nothing changed, so no change point is written and every current
		// point is extended.
		{"100k_variants_rescrape", batchSize, 1, true},
	}
}

// t0 is the benchmark's clock.
func t0() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

// batch is iteration i's observations: every one a new change point, or
// with rescrape every one the same price as the one before.
func batch(keys []catalog.VariantKey, perVariant, i int, rescrape bool) []catalog.PriceObservation {
	obs := make([]catalog.PriceObservation, 0, len(keys)*perVariant)
	for j := range perVariant {
		step := i*perVariant + j
		price := int64(5000 + 100*(step%2))
		if rescrape {
			price = 5000
		}
		at := t0().Add(time.Duration(step) * time.Minute)
		for _, k := range keys {
			obs = append(obs, catalog.PriceObservation{Variant: k, ObservedAt: at,
				Price: catalog.Money{Amount: price, Currency: "USD"}, Availability: catalog.InStock, SourceRun: "bench"})
		}
	}
	return obs
}

type rig struct {
	store store.Store
	raw   *sql.DB
	url   string // Postgres only
}

func setup(b *testing.B, dialect string, sh shape) (rig, []catalog.VariantKey) {
	b.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	var r rig
	var m store.Migrator
	switch dialect {
	case "postgres":
		r.url = storetest.PostgresDatabase(b)
		s, err := postgres.Open(ctx, postgres.Config{URL: r.url}, log)
		if err != nil {
			b.Fatal(err)
		}
		r.store, m = s, s
		if r.raw, err = sql.Open("pgx", r.url); err != nil {
			b.Fatal(err)
		}
	case "sqlite":
		path := filepath.Join(b.TempDir(), "bench.db")
		s, err := sqlite.Open(ctx, sqlite.Config{Path: path}, log)
		if err != nil {
			b.Fatal(err)
		}
		r.store, m = s, s
		if r.raw, err = sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"); err != nil {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() { _ = r.store.Close(); _ = r.raw.Close() })
	if _, err := m.MigrateUp(ctx); err != nil {
		b.Fatal(err)
	}
	shops, listings, keys := storetest.DeckCatalog(sh.variants)
	if err := r.store.UpsertShops(ctx, shops); err != nil {
		b.Fatal(err)
	}
	if err := r.store.UpsertListings(ctx, listings); err != nil {
		b.Fatal(err)
	}
	return r, keys
}

func rowsPerSecond(b *testing.B, rows int) float64 {
	r := float64(rows*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(r, "rows/s")
	b.ReportMetric(0, "ns/op") // an op is a whole batch; rows/s is the figure
	return r
}

// BenchmarkPriceWrites runs every path and prints, last, the ratios the
// issue sets targets for: the store's Postgres batch against the CopyFrom
// baseline (target ≥ 0.60) and the store's SQLite batch in rows/s (target
// ≥ 20,000).
func BenchmarkPriceWrites(b *testing.B) {
	results := map[string]float64{}
	for _, dialect := range []string{"postgres", "sqlite"} {
		for _, sh := range shapes() {
			b.Run(dialect+"/store_batch/"+sh.name, func(b *testing.B) {
				r, keys := setup(b, dialect, sh)
				ctx := context.Background()
				// Batch 0 is for the re-scrape's points to extend, untimed.
				batches := make([][]catalog.PriceObservation, b.N+1)
				for i := range batches {
					batches[i] = batch(keys, sh.perVariant, i, sh.rescrape)
				}
				if sh.rescrape {
					if _, err := r.store.RecordObservations(ctx, batches[0]); err != nil {
						b.Fatal(err)
					}
				}
				batches = batches[1:]
				b.ResetTimer()
				for i := range b.N {
					res, err := r.store.RecordObservations(ctx, batches[i])
					if err != nil {
						b.Fatal(err)
					}
					want := store.RecordResult{Observations: batchSize, ChangePoints: batchSize}
					if sh.rescrape {
						want = store.RecordResult{Observations: batchSize, Extended: batchSize}
					}
					if res.ChangePoints != want.ChangePoints || res.Extended != want.Extended {
						b.Fatalf("result %+v, want %+v", res, want)
					}
				}
				results[dialect+"/store/"+sh.name] = rowsPerSecond(b, batchSize)
			})
		}
		b.Run(dialect+"/row_by_row", func(b *testing.B) {
			r, _ := setup(b, dialect, shape{variants: rowByRowSize})
			b.ResetTimer()
			for i := range b.N {
				if err := insertRowByRow(r.raw, dialect, i); err != nil {
					b.Fatal(err)
				}
			}
			results[dialect+"/row_by_row"] = rowsPerSecond(b, rowByRowSize)
		})
	}
	// The raw pgx baselines: COPY into a temp table then one INSERT ... ON
	// CONFLICT (the target's yardstick), and the same through unnest arrays.
	baselines := []struct {
		name, key string
		run       func(context.Context, *pgx.Conn, int) error
	}{
		{"postgres/copy_baseline", "postgres/copy", copyBaseline},
		{"postgres/unnest_baseline", "postgres/unnest", unnestBaseline},
	}
	for _, bl := range baselines {
		b.Run(bl.name, func(b *testing.B) {
			r, _ := setup(b, "postgres", shape{variants: 4})
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, r.url)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close(ctx)
			if _, err := conn.Exec(ctx, baselineTable); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := range b.N {
				if err := bl.run(ctx, conn, i); err != nil {
					b.Fatal(err)
				}
			}
			results[bl.key] = rowsPerSecond(b, batchSize)
		})
	}
	b.Run("summary", func(b *testing.B) {
		copyRate := results["postgres/copy"]
		for _, sh := range shapes() {
			if pg, ok := results["postgres/store/"+sh.name]; ok && copyRate > 0 {
				b.ReportMetric(pg/copyRate, "pg_"+sh.name+"/copy")
			}
			if lite, ok := results["sqlite/store/"+sh.name]; ok {
				b.ReportMetric(lite, "sqlite_"+sh.name+"_rows/s")
			}
		}
		b.ReportMetric(0, "ns/op")
		if b.N > 1 {
			return // log the table once, on the final run
		}
		var lines []string
		for name, rate := range results {
			line := fmt.Sprintf("%-40s %10.0f rows/s", name, rate)
			if strings.HasPrefix(name, "postgres/") && copyRate > 0 {
				line += fmt.Sprintf("  %.2fx copy", rate/copyRate)
			}
			lines = append(lines, line)
		}
		slices.Sort(lines)
		b.Log("\n" + strings.Join(lines, "\n"))
	})
}

// insertRowByRow writes rowByRowSize price points with one INSERT each, in
// one transaction, straight into price_points: the naive path, with the
// variant ids already known.
func insertRowByRow(db *sql.DB, dialect string, iteration int) error {
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO price_points
		(variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run)
		VALUES ($1, $2, $3, $4, NULL, 'USD', 'in_stock', 'bench') ON CONFLICT (variant_id, valid_from) DO NOTHING`)
	if err != nil {
		return err
	}
	at := t0().Add(time.Duration(iteration) * time.Minute)
	var when any = at
	if dialect == "sqlite" {
		when = at.UnixMicro()
	}
	for v := range rowByRowSize {
		if _, err := stmt.ExecContext(ctx, v+1, when, when, 5000+100*(iteration%2)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// baselineTable has the shape of price_points (as of migration 00009),
// without the trigger that checks variants.
const baselineTable = `CREATE TABLE baseline_points (
	variant_id       bigint      NOT NULL,
	valid_from       timestamptz NOT NULL,
	last_seen_at     timestamptz NOT NULL,
	price_minor      bigint      NOT NULL,
	compare_at_minor bigint,
	currency         text        NOT NULL,
	availability     text        NOT NULL,
	source_run       text        NOT NULL DEFAULT '',
	PRIMARY KEY (variant_id, valid_from))`

// baselineColumns are the columns copyBaseline loads.
func baselineColumns() []string {
	return []string{"variant_id", "valid_from", "last_seen_at", "price_minor", "compare_at_minor",
		"currency", "availability", "source_run"}
}

// copyBaseline loads batchSize rows the fastest idempotent way Postgres
// offers: COPY into a temporary table, then one INSERT … SELECT … ON
// CONFLICT DO NOTHING, in one transaction.
func copyBaseline(ctx context.Context, conn *pgx.Conn, iteration int) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE incoming (variant_id bigint, valid_from timestamptz,
		last_seen_at timestamptz, price_minor bigint, compare_at_minor bigint, currency text, availability text,
		source_run text) ON COMMIT DROP`); err != nil {
		return err
	}
	at := t0().Add(time.Duration(iteration) * time.Minute)
	price := int64(5000 + 100*(iteration%2))
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == batchSize {
			return nil, nil
		}
		i++
		return []any{int64(i), at, at, price, nil, "USD", "in_stock", "bench"}, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"incoming"}, baselineColumns(), src); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO baseline_points
			(variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run)
		SELECT variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run
		FROM incoming ON CONFLICT (variant_id, valid_from) DO NOTHING`); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// unnestBaseline loads the rows of copyBaseline the way the store does:
// one INSERT … SELECT FROM unnest of one array per column. Next to
// copyBaseline it tells which of the two bulk paths is faster.
func unnestBaseline(ctx context.Context, conn *pgx.Conn, iteration int) error {
	at := t0().Add(time.Duration(iteration) * time.Minute)
	price := int64(5000 + 100*(iteration%2))
	ids := make([]int64, batchSize)
	times := make([]time.Time, batchSize)
	prices := make([]int64, batchSize)
	compareAt := make([]*int64, batchSize)
	currencies := make([]string, batchSize)
	avail := make([]string, batchSize)
	runs := make([]string, batchSize)
	for i := range batchSize {
		ids[i], times[i], prices[i] = int64(i+1), at, price
		currencies[i], avail[i], runs[i] = "USD", "in_stock", "bench"
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `INSERT INTO baseline_points
			(variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run)
		SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::bigint[], $5::bigint[],
			$6::text[], $7::text[], $8::text[])
		ON CONFLICT (variant_id, valid_from) DO NOTHING`,
		ids, times, times, prices, compareAt, currencies, avail, runs); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
