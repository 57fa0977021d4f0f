package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/ingest"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// envBenchEvents sets how many events BenchmarkPipeline produces per run
// (default 200,000), so that a quick iteration can use fewer.
const envBenchEvents = "SKATESTOCK_BENCH_EVENTS"

// pipelineBenchSteps is how many events each variant gets per run: the
// catalog holds events/10 variants.
const pipelineBenchSteps = 10

// BenchmarkPipeline measures events/s from the first produce to the ingest
// group's lag on product-events reaching zero, that is every row committed
// to the store, through the wiring `skatestock consume` uses: the embedded
// broker (persisted under a temporary data dir) and registry, one
// TransactConsumer running ingest. It runs SQLite and Postgres, a mix of
// distinct events (every one a change point) and a re-scrape mix (90% repeat
// the variant's unchanged state at a later time), each with the in-memory
// bloom filter and with a filter that never answers "maybe seen". Next to
// them a raw pgx CopyFrom into a temporary table plus INSERT … ON CONFLICT
// writes the distinct mix's rows. The summary prints the ratios:
// Postgres distinct against CopyFrom (target ≥ 0.35), bloom on against off
// in the repeat mix (target > 1) and the embedded rates (target ≥ 10,000).
//
// Postgres comes from SKATESTOCK_TEST_POSTGRES_URL; without it those
// sub-benchmarks skip. Setup (migrations, catalog, a first observation of
// every variant sent through the pipeline, encoding) is untimed.
func BenchmarkPipeline(b *testing.B) {
	n := benchEvents(b)
	rates := map[string]float64{}
	for _, kind := range []string{kindSQLite, kindPostgres} {
		for _, mix := range []string{"distinct", "repeat"} {
			for _, bloom := range []bool{true, false} {
				name := kind + "/" + mix + "/" + bloomName(bloom)
				b.Run(name, func(b *testing.B) { rates[name] = benchPipeline(b, kind, mix, bloom, n) })
			}
		}
	}
	b.Run("postgres/distinct/copy_baseline", func(b *testing.B) { rates["postgres/distinct/copy_baseline"] = benchCopyBaseline(b, n) })
	b.Run("summary", func(b *testing.B) {
		b.ReportMetric(0, "ns/op")
		copyRate := rates["postgres/distinct/copy_baseline"]
		if pg := rates["postgres/distinct/bloom_on"]; pg > 0 && copyRate > 0 {
			b.ReportMetric(pg/copyRate, "pg_distinct/copy")
		}
		for _, kind := range []string{kindSQLite, kindPostgres} {
			if on, off := rates[kind+"/repeat/bloom_on"], rates[kind+"/repeat/bloom_off"]; on > 0 && off > 0 {
				b.ReportMetric(on/off, kind+"_repeat_bloom_on/off")
			}
		}
		if b.N > 1 {
			return
		}
		lines := make([]string, 0, len(rates))
		for name, rate := range rates {
			line := fmt.Sprintf("%-34s %9.0f events/s", name, rate)
			if strings.HasPrefix(name, kindPostgres+"/") && copyRate > 0 {
				line += fmt.Sprintf("  %.2fx copy", rate/copyRate)
			}
			lines = append(lines, line)
		}
		slices.Sort(lines)
		b.Log("\n" + strings.Join(lines, "\n"))
	})
}

func benchEvents(b *testing.B) int {
	s := os.Getenv(envBenchEvents)
	if s == "" {
		return 200_000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 4*pipelineBenchSteps {
		b.Fatalf("%s=%q: want a whole number of at least %d", envBenchEvents, s, 4*pipelineBenchSteps)
	}
	return n
}

func bloomName(on bool) string {
	if on {
		return "bloom_on"
	}
	return "bloom_off"
}

// benchPipeline runs b.N timed passes, each on a fresh broker and store,
// and returns events/s.
func benchPipeline(b *testing.B, kind, mix string, bloom bool, n int) float64 {
	b.StopTimer()
	for range b.N {
		r := newPipelineRig(b, kind, n, true)
		r.start(b, bloom)
		recs, wantPoints := r.encode(b, mix)
		b.StartTimer()
		if err := r.producer.Publish(r.ctx, recs); err != nil {
			b.Fatal(err)
		}
		r.waitCaughtUp(b)
		b.StopTimer()
		r.check(b, int64(len(r.keys)+wantPoints))
	}
	rate := float64(n*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "events/s")
	return rate
}

// benchCopyBaseline writes the distinct mix's rows into price_points the
// fastest idempotent way Postgres offers, on a store holding the same
// catalog and first observations as the pipeline's, and returns rows/s.
func benchCopyBaseline(b *testing.B, n int) float64 {
	b.StopTimer()
	for range b.N {
		r := newPipelineRig(b, kindPostgres, n, false)
		if _, err := r.db.RecordObservations(r.ctx, r.seed()); err != nil {
			b.Fatal(err)
		}
		ids := r.variantIDs(b)
		obs, _ := r.observations("distinct")
		conn, err := pgx.Connect(r.ctx, r.url)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := copyUpsert(r.ctx, conn, ids, obs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		_ = conn.Close(r.ctx)
		r.check(b, int64(len(r.keys)+n))
	}
	rate := float64(n*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "events/s")
	return rate
}

// pipelineRig is one pass: a migrated store holding the catalog and, once
// started, the pipeline of `consume` running over it.
type pipelineRig struct {
	ctx      context.Context
	kind     string // kindSQLite or kindPostgres
	c        *cli
	db       database
	url      string // Postgres only
	p        *pipeline
	producer *bus.Producer
	admin    *bus.Admin
	done     chan error // the consumer's Run
	listings []catalog.Listing
	keys     []catalog.VariantKey
}

func newPipelineRig(b *testing.B, kind string, n int, withPipeline bool) *pipelineRig {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	cfg := defaultConfig()
	cfg.DataDir = b.TempDir()
	r := &pipelineRig{ctx: ctx, kind: kind}
	if kind == kindPostgres {
		r.url = storetest.PostgresDatabase(b)
		cfg.Database.URL = r.url
	}
	r.c = &cli{cfg: cfg, log: slog.New(slog.DiscardHandler)}
	db, err := openStore(ctx, cfg, r.c.log)
	if err != nil {
		b.Fatal(err)
	}
	r.db = db
	b.Cleanup(func() { _ = db.Close() })
	if _, err := db.MigrateUp(ctx); err != nil {
		b.Fatal(err)
	}
	var shops []catalog.Shop
	shops, r.listings, r.keys = storetest.DeckCatalog(n / pipelineBenchSteps)
	if err := db.UpsertShops(ctx, shops); err != nil {
		b.Fatal(err)
	}
	if err := db.UpsertListings(ctx, r.listings); err != nil {
		b.Fatal(err)
	}
	if !withPipeline {
		return r
	}
	p, err := r.c.openPipeline(ctx, db)
	b.Cleanup(func() {
		var err error
		p.close(r.c, &err)
	})
	if err != nil {
		b.Fatal(err)
	}
	r.p = p
	if r.producer, err = bus.NewProducer(p.bus, r.c.log); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = r.producer.Close(context.Background()) })
	if r.admin, err = bus.NewAdmin(p.bus, r.c.log); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(r.admin.Close)
	return r
}

// start runs ingest as consume does, with the in-memory bloom filter or one
// that never answers "maybe seen", and sends every variant's first
// observation through it, so that the group has joined, the filter holds
// the current states and the store has a point for each variant.
func (r *pipelineRig) start(b *testing.B, bloom bool) {
	b.Helper()
	filter := dedup.NewFailOpen(neverSeen{}, r.c.log)
	if bloom {
		f, closeFilter, err := r.c.openDedup(r.ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(closeFilter)
		filter = f
	}
	in, err := newIngester(r.p, filter, r.db, r.kind, r.c.log)
	if err != nil {
		b.Fatal(err)
	}
	consumer, err := bus.NewTransactConsumer(ingestBus(r.p.bus), r.c.log, r.p.bus.Topics.ProductEvents)
	if err != nil {
		b.Fatal(err)
	}
	ctx, stop := context.WithCancel(r.ctx)
	r.done = make(chan error, 1)
	go func() { r.done <- consumer.Run(ctx, ingestHandler(in)) }()
	b.Cleanup(func() {
		stop()
		<-r.done
	})
	if err := r.producer.Publish(r.ctx, r.records(b, r.seed())); err != nil {
		b.Fatal(err)
	}
	r.waitCaughtUp(b)
}

// neverSeen is the bloom filter switched off: every key is new.
type neverSeen struct{}

func (neverSeen) TestAndAdd(_ context.Context, keys [][]byte) ([]bool, error) {
	return make([]bool, len(keys)), nil
}

var _ ingest.Filter = neverSeen{}

// encode returns mix's events as records and how many change points they
// add to the store.
func (r *pipelineRig) encode(b *testing.B, mix string) ([]bus.Record, int) {
	obs, changes := r.observations(mix)
	return r.records(b, obs), changes
}

func (r *pipelineRig) records(b *testing.B, obs []catalog.PriceObservation) []bus.Record {
	b.Helper()
	idx := scrape.IndexListings(r.listings)
	recs := make([]bus.Record, len(obs))
	for i, o := range obs {
		ev, err := idx.Event(o)
		if err != nil {
			b.Fatal(err)
		}
		v, err := r.p.serde.Encode(ev)
		if err != nil {
			b.Fatal(err)
		}
		recs[i] = bus.Record{Topic: r.p.bus.Topics.ProductEvents, Key: []byte(o.Variant.ShopSlug), Value: v}
	}
	return recs
}

// waitCaughtUp returns once the group has committed every record of
// product-events.
func (r *pipelineRig) waitCaughtUp(b *testing.B) {
	b.Helper()
	ctx, cancel := context.WithTimeout(r.ctx, 20*time.Minute)
	defer cancel()
	for {
		lag, err := r.admin.Lag(ctx, r.p.bus.Consumer.Group, r.p.bus.Topics.ProductEvents)
		if err == nil && lag.Total() == 0 {
			return
		}
		select {
		case err := <-r.done:
			b.Fatalf("consumer stopped: %v", err)
		case <-ctx.Done():
			b.Fatalf("consumer did not catch up: lag %v, %v", lag, err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// check confirms the store holds wantPoints change points.
func (r *pipelineRig) check(b *testing.B, wantPoints int64) {
	b.Helper()
	counts, err := r.db.Counts(r.ctx)
	if err != nil {
		b.Fatal(err)
	}
	if counts.PricePoints != wantPoints {
		b.Fatalf("store holds %d price points, want %d", counts.PricePoints, wantPoints)
	}
}

// pipelineT0 is the benchmark's clock: the first observations.
func pipelineT0() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

// seed is every variant's first observation, at pipelineT0.
func (r *pipelineRig) seed() []catalog.PriceObservation {
	obs := make([]catalog.PriceObservation, len(r.keys))
	for i, k := range r.keys {
		obs[i] = benchObservation(k, pipelineT0(), 5000)
	}
	return obs
}

// observations are pipelineBenchSteps rounds over every variant, each a
// minute after the last, and the number of change points they make. In the
// distinct mix every price is new; in the repeat mix 10% of each round
// moves the price and 90% repeat the variant's current state.
func (r *pipelineRig) observations(mix string) ([]catalog.PriceObservation, int) {
	obs := make([]catalog.PriceObservation, 0, len(r.keys)*pipelineBenchSteps)
	prices := make([]int64, len(r.keys))
	for i := range prices {
		prices[i] = 5000
	}
	changes := 0
	for step := range pipelineBenchSteps {
		at := pipelineT0().Add(time.Duration(step+1) * time.Minute)
		for i, k := range r.keys {
			if mix == "distinct" || (i+3*step)%10 == 0 {
				prices[i] += 100
				changes++
			}
			obs = append(obs, benchObservation(k, at, prices[i]))
		}
	}
	return obs, changes
}

func benchObservation(k catalog.VariantKey, at time.Time, price int64) catalog.PriceObservation {
	return catalog.PriceObservation{Variant: k, ObservedAt: at, Price: catalog.Money{Amount: price, Currency: "USD"},
		Availability: catalog.InStock, SourceRun: "bench"}
}

// variantIDs maps each variant key to its row id, for the baseline.
func (r *pipelineRig) variantIDs(b *testing.B) map[catalog.VariantKey]int64 {
	b.Helper()
	conn, err := pgx.Connect(r.ctx, r.url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(r.ctx)
	rows, err := conn.Query(r.ctx, `SELECT s.slug, l.external_id, v.external_id, v.id
		FROM variants v JOIN listings l ON l.id = v.listing_id JOIN shops s ON s.id = l.shop_id`)
	if err != nil {
		b.Fatal(err)
	}
	ids := map[catalog.VariantKey]int64{}
	for rows.Next() {
		var k catalog.VariantKey
		var id int64
		if err := rows.Scan(&k.ShopSlug, &k.ListingExternalID, &k.VariantExternalID, &id); err != nil {
			b.Fatal(err)
		}
		ids[k] = id
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return ids
}

// copyUpsert loads obs as price points in one transaction: COPY into a
// temporary table, then INSERT … SELECT … ON CONFLICT DO NOTHING.
func copyUpsert(ctx context.Context, conn *pgx.Conn, ids map[catalog.VariantKey]int64, obs []catalog.PriceObservation) error {
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
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(obs) {
			return nil, nil
		}
		o := obs[i]
		i++
		return []any{ids[o.Variant], o.ObservedAt, o.ObservedAt, o.Price.Amount, nil, o.Price.Currency,
			string(o.Availability), o.SourceRun}, nil
	})
	cols := []string{"variant_id", "valid_from", "last_seen_at", "price_minor", "compare_at_minor",
		"currency", "availability", "source_run"}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"incoming"}, cols, src); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO price_points
			(variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run)
		SELECT variant_id, valid_from, last_seen_at, price_minor, compare_at_minor, currency, availability, source_run
		FROM incoming ON CONFLICT (variant_id, valid_from) DO NOTHING`); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
