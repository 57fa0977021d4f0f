package app

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/store"
)

func newSeedCmd(c *cli) *cobra.Command {
	d := defaultConfig().Seed
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Fill the database with a generated, realistic skate-shop catalog and price history",
		Long: `Generate shops, listings with their variants, and a price and stock history
with planted events (flash sales, clearances, price errors, stock-outs and
restocks), and write them through the store, as a scrape would.

History ends at --end: "now" (the default) means the start of the current
hour; pass a fixed RFC 3339 time to get the same data on every run, as the
output is deterministic for a given --rand-seed, sizes and end. Writes are
upserts, so running seed twice leaves the same catalog. The schema must be current: run
"skatestock migrate up" first.`,
		Example: `  skatestock migrate up && skatestock seed
  skatestock seed --products 500 --days 14
  skatestock seed --database-url sqlite:///tmp/skate.db --rand-seed 7`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runSeed(cmd) },
	}
	f := cmd.Flags()
	f.Int("shops", d.Shops, "number of shops to generate")
	bind(f, "shops", "seed.shops")
	f.Int("products", d.Products, "number of listings to generate across all shops")
	bind(f, "products", "seed.products")
	f.Int("days", d.Days, "days of price history, ending at --end")
	bind(f, "days", "seed.days")
	f.Int("per-day", d.PerDay, "observations per variant per day")
	bind(f, "per-day", "seed.per_day")
	f.Int64("rand-seed", d.RandSeed, "random seed; the same seed and sizes give the same data")
	bind(f, "rand-seed", "seed.rand_seed")
	f.String("end", d.End, `when history ends: "now" (the current hour) or an RFC 3339 time`)
	bind(f, "end", "seed.end")
	return cmd
}

func (c *cli) runSeed(cmd *cobra.Command) (err error) {
	ctx := cmd.Context()
	db, err := openStore(ctx, c.cfg, c.log)
	if err != nil {
		return err
	}
	defer c.closeDatabase(db, &err)
	// Seeding an old schema would fail half-way with a driver error; say
	// what to do instead.
	if err := db.CheckSchema(ctx); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	start := time.Now()
	res, err := c.seedStore(ctx, db)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	counts, err := db.Counts(ctx)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return c.printSeedSummary(res.summary, res.totals, counts, time.Since(start))
}

// seeded is what seedStore wrote.
type seeded struct {
	summary seed.Summary
	totals  store.RecordResult
}

// seedStore writes the generated catalog of the seed.* settings into db,
// showing progress: the seed command's work, which demo's first run does
// too.
func (c *cli) seedStore(ctx context.Context, db database) (seeded, error) {
	sc, err := c.cfg.seedGeneratorConfig(time.Now())
	if err != nil {
		return seeded{}, err
	}
	gen, err := seed.New(sc)
	if err != nil {
		return seeded{}, err
	}
	w := newStoreWriter(db)
	progress := c.newSeedProgress(gen.Summary().Observations)
	sum, err := gen.Run(ctx, w, progress.report)
	progress.finish()
	if err != nil {
		return seeded{}, err
	}
	// So that a seeded database has its trends. The history spans the
	// Days before End, its first scrape of the shops starting up to an
	// hour earlier: a day more covers it.
	if _, err := db.RefreshRollups(ctx, sc.End.AddDate(0, 0, -sc.Days-1), sc.End); err != nil {
		return seeded{}, err
	}
	return seeded{summary: sum, totals: w.totals()}, nil
}
