package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skatestock/skatestock/modules/analytics/eval"
	"github.com/skatestock/skatestock/modules/analytics/evaltest"
	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/seed"
)

// evalFlags are what `skatestock eval` reads from its command line. They are
// not configuration keys: an evaluation describes itself by its command line,
// which --write records next to the scores.
type evalFlags struct {
	shops, products, days, perDay int
	seasonProducts, seasonDays    int
	randSeed, tunedSeed           int64
	threshold                     float64
	write                         string
}

// Seeds of the evaluation: the analytics were tuned on seed 1 only, so any
// other seed is data they have not seen.
const (
	evalHeldOutSeed = 2
	evalTunedSeed   = 1
	evalNoSeed      = -1
)

func newEvalCmd(c *cli) *cobra.Command {
	var f evalFlags
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Score cross-shop matching, discount patterns and stock-out forecasts on generated data",
		Long: `Generate a catalog and price history in memory with the seed generator, run the
analytics on it (cross-shop matching, discount pattern detection, the stock-out
forecast) and score them against what the generator planted: matching precision
and recall, pattern precision, recall and F1 per kind, and forecast Brier score
and AUC in a time-ordered backtest next to a rule baseline.

The analytics were tuned on --rand-seed 1; --rand-seed (default 2) is the
held-out data they are scored on. --tuned-seed adds the tuning data as a second
column for comparison (-1 leaves it out). Nothing is read from or written to
the database. --write writes the table, with the command that produced it, to a
Markdown file (docs/analytics.md in this repository).`,
		Example: `  skatestock eval
  skatestock eval --rand-seed 3 --products 2000 --days 45
  skatestock eval --write docs/analytics.md`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runEval(cmd.Context(), f, cmd) },
	}
	fs := cmd.Flags()
	fs.IntVar(&f.shops, "shops", 5, "number of shops to generate")
	fs.IntVar(&f.products, "products", 5000, "number of listings to generate across all shops")
	fs.IntVar(&f.days, "days", 60, "days of price history")
	fs.IntVar(&f.perDay, "per-day", 1, "observations per variant per day")
	fs.IntVar(&f.seasonProducts, "seasonal-products", 300, "listings of the long history seasonal patterns are scored on; 0 skips it")
	fs.IntVar(&f.seasonDays, "seasonal-days", 760, "days of the long history seasonal patterns are scored on (seasons are planted from 400)")
	fs.Int64Var(&f.randSeed, "rand-seed", evalHeldOutSeed, "seed of the held-out data the analytics are scored on")
	fs.Int64Var(&f.tunedSeed, "tuned-seed", evalTunedSeed, "seed the analytics were tuned on, scored alongside for comparison; -1 for none")
	fs.Float64Var(&f.threshold, "threshold", match.DefaultConfig().Threshold, "title score from which the matcher accepts a pair")
	fs.StringVar(&f.write, "write", "", "also write the scores and the command to this Markdown `file`")
	return cmd
}

func (c *cli) runEval(ctx context.Context, f evalFlags, cmd *cobra.Command) error {
	opts := eval.DefaultOptions()
	opts.Match.Threshold = f.threshold
	opts.Match.ReviewFloor = min(opts.Match.ReviewFloor, f.threshold)
	if err := opts.Match.Validate(); err != nil {
		return &usageError{err: fmt.Errorf("eval: --threshold: %w", err)}
	}
	seeds := []struct {
		name string
		seed int64
	}{{fmt.Sprintf("held-out seed %d", f.randSeed), f.randSeed}}
	if f.tunedSeed != evalNoSeed && f.tunedSeed != f.randSeed {
		seeds = append([]struct {
			name string
			seed int64
		}{{fmt.Sprintf("tuning seed %d", f.tunedSeed), f.tunedSeed}}, seeds...)
	}
	progress := newEvalProgress(c)
	defer progress.finish()
	var cols []eval.Column
	for _, s := range seeds {
		cfg := seed.Config{Shops: f.shops, Products: f.products, Days: f.days, PerDay: f.perDay, RandSeed: s.seed}
		if err := cfg.Validate(); err != nil {
			return &usageError{err: fmt.Errorf("eval: %w", err)}
		}
		progress.stage(s.name, "generating data", 0, 1)
		g, err := seed.New(cfg)
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		ds, labels := evaltest.FromSeed(g)
		start := time.Now()
		rep, err := eval.Run(ctx, ds, labels, opts, func(stage string, done, total int) {
			progress.stage(s.name, stage, done, total)
		})
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		if f.seasonProducts > 0 {
			season, err := scoreSeasons(ctx, f, cfg, opts, func(stage string, done, total int) {
				progress.stage(s.name, "seasonal: "+stage, done, total)
			})
			if err != nil {
				return err
			}
			rep.Seasonal = &season
		}
		c.log.With("module", "app").Info("evaluated", "seed", s.seed, "elapsed", time.Since(start).Round(time.Millisecond))
		cols = append(cols, eval.Column{Name: s.name, Report: rep})
	}
	progress.finish()
	var table bytes.Buffer
	if err := eval.WriteMarkdown(&table, cols); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if _, err := c.stdout.Write(table.Bytes()); err != nil {
		return fmt.Errorf("eval: print scores: %w", err)
	}
	if f.write == "" {
		return nil
	}
	var doc bytes.Buffer
	if err := eval.WriteDocument(&doc, cols, evalCommandLine(cmd)); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if dir := filepath.Dir(f.write); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("eval: write %s: %w", f.write, err)
		}
	}
	if err := os.WriteFile(f.write, doc.Bytes(), 0o644); err != nil {
		return fmt.Errorf("eval: write %s: %w", f.write, err)
	}
	fmt.Fprintf(c.stdout, "\nwrote %s\n", f.write)
	return nil
}

// scoreSeasons scores seasonal patterns on a long history of its own, with
// cfg's shops and seed: seasons need years, which the main dataset at its
// size would take too long to generate.
func scoreSeasons(ctx context.Context, f evalFlags, cfg seed.Config, opts eval.Options, progress eval.Progress) (eval.SeasonalScore, error) {
	cfg.Products, cfg.Days = f.seasonProducts, f.seasonDays
	if err := cfg.Validate(); err != nil {
		return eval.SeasonalScore{}, &usageError{err: fmt.Errorf("eval: --seasonal-*: %w", err)}
	}
	g, err := seed.New(cfg)
	if err != nil {
		return eval.SeasonalScore{}, fmt.Errorf("eval: %w", err)
	}
	ds, labels := evaltest.FromSeed(g)
	s, err := eval.ScoreSeasonal(ctx, ds, labels, opts.Patterns, progress)
	if err != nil {
		return s, fmt.Errorf("eval: %w", err)
	}
	return s, nil
}

// evalCommandLine is the command as it can be run again: the flags given,
// in a stable order.
func evalCommandLine(cmd *cobra.Command) string {
	parts := []string{"skatestock eval"}
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		parts = append(parts, "--"+fl.Name+" "+fl.Value.String())
	})
	return strings.Join(parts, " ")
}

// evalProgress shows which seed and stage the evaluation is at: a spinner
// on a terminal, and a line per stage otherwise.
type evalProgress struct {
	display *progressDisplay

	mu   sync.Mutex
	last string // the last stage printed, plain mode
}

func newEvalProgress(c *cli) *evalProgress {
	return &evalProgress{display: newProgressDisplay(c.stderr, c.stderrTTY, -1, "evaluating", "steps")}
}

func (p *evalProgress) stage(name, stage string, done, total int) {
	if p.display.terminal() {
		p.display.set(done, name+": "+stage+" "+strconv.Itoa(done)+"/"+strconv.Itoa(total))
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if key := name + ": " + stage; key != p.last {
		p.last = key
		p.display.plainf("eval %s", key)
	}
}

func (p *evalProgress) finish() { p.display.finish() }
