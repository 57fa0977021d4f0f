package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/skatestock/skatestock/modules/scrape"
)

// runScrape checks the flags, opens where results go, then scrapes: each
// shop once with --once, else on schedule until ctx ends.
func (c *cli) runScrape(ctx context.Context, f scrapeFlags, changed func(string) bool) (err error) {
	if err := f.check(changed); err != nil {
		return err
	}
	target, err := f.target(c.cfg.Scrape.ShopsFile)
	if err != nil {
		return err
	}
	out, err := c.openScrapeOutputs(ctx, f.dryRun)
	defer c.closeScrapeOutputs(out, &err)
	if err != nil {
		return err
	}
	// Summaries are the command's output, unless stdout carries the
	// observations of a dry run.
	summaries := c.stdout
	if f.dryRun {
		summaries = c.stderr
	}
	progress := c.newScrapeProgress(summaries)
	defer progress.finish()
	report := progress.report
	if out.db != nil {
		runs := &scrapeRuns{db: out.db, log: c.log.With("module", "scrape"), redact: c.redact}
		if err := runs.registerShops(ctx, target.shops); err != nil {
			return err
		}
		report = func(rep scrape.RunReport) {
			progress.report(rep)
			runs.record(ctx, rep)
		}
	}
	runner, err := c.newScrapeRunner(target, out, scrape.WithProgress(progress.update), scrape.WithReports(report))
	if err != nil {
		return err
	}
	defer runner.Close()

	if !f.once {
		// Run returns nil once ctx is cancelled: a scheduler stopped by a
		// signal has done its job. It logs every run's outcome itself, and
		// its own errors say "scrape:".
		return runner.Run(ctx, target.shops)
	}
	err = scrapeOnce(ctx, runner, target.shops, report)
	progress.finish()
	if out.kafka != nil && ctx.Err() == nil {
		if perr := writeTable(c.stdout, fmt.Sprintf("published\t%d product events to %s on %s", out.kafka.published.Load(), out.kafka.topic, strings.Join(out.pipe.bus.Brokers, ","))); perr != nil && err == nil {
			err = perr
		}
	}
	if out.writer != nil && ctx.Err() == nil {
		if perr := c.printScrapeTotals(ctx, out); perr != nil && err == nil {
			err = perr
		}
	}
	return err
}

// scrapeOnce runs every shop once, all at the same time (each has its own
// rate limit), hands each report to done as it finishes, and fails when a
// run failed: with that run's error when it is the only one.
func scrapeOnce(ctx context.Context, runner *scrape.Runner, shops []scrape.ShopConfig, done func(scrape.RunReport)) error {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed []scrape.RunReport
	)
	for _, shop := range shops {
		wg.Go(func() {
			rep, err := runner.RunOnce(ctx, shop)
			done(rep)
			if err != nil {
				mu.Lock()
				failed = append(failed, rep)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case len(failed) == 0:
		return nil
	case len(shops) == 1:
		return failed[0].Err
	}
	slices.SortFunc(failed, func(a, b scrape.RunReport) int { return strings.Compare(a.Shop, b.Shop) })
	names := make([]string, len(failed))
	for i, r := range failed {
		names[i] = r.Shop
	}
	return fmt.Errorf("scrape: %d of %d shops failed (%s), see their summaries; first: %w", len(failed), len(shops), strings.Join(names, ", "), failed[0].Err)
}

// printScrapeTotals tells what the store made of the observations and what
// it holds now, and where the data and the raw pages are.
func (c *cli) printScrapeTotals(ctx context.Context, out *scrapeOutputs) error {
	counts, err := out.db.Counts(ctx)
	if err != nil {
		return fmt.Errorf("scrape: %w", err)
	}
	rec := out.writer.totals()
	lines := []string{
		fmt.Sprintf("recorded\t%d observations: %d new change points, %d extended an existing one, %d conflicting", rec.Observations, rec.ChangePoints, rec.Extended, rec.Conflicting),
		fmt.Sprintf("store holds\t%d shops, %d listings, %d variants, %d price points", counts.Shops, counts.Listings, counts.Variants, counts.PricePoints),
		"database\t" + maskURL(c.cfg.databaseURL()),
	}
	if lc, err := c.cfg.lakeTarget(); err == nil { // it opened, so it resolves
		lines = append(lines, "raw pages\t"+maskURL(lc.URL))
	}
	return writeTable(c.stdout, lines...)
}

// writeTable writes tab-separated lines aligned.
func writeTable(w io.Writer, lines ...string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, l := range lines {
		fmt.Fprintln(tw, l)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print summary: %w", err)
	}
	return nil
}
