package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
)

// runRecorder keeps the record of scrape runs, for /stats and /readyz.
type runRecorder interface {
	UpsertShops(ctx context.Context, shops []catalog.Shop) error
	RecordScrapeRun(ctx context.Context, run catalog.ScrapeRun) error
}

// recordTimeout bounds writing one run record. The record is written after
// the run, often while the process is shutting down: it gets its own
// deadline rather than the cancelled run's context.
const recordTimeout = 5 * time.Second

// scrapeRuns records every finished scrape run in the store. A failure to
// record is logged and never fails the run: the run's data is what matters.
type scrapeRuns struct {
	db  runRecorder
	log *slog.Logger
	// redact scrubs configured secrets from error text before it is stored
	// where the API shows it.
	redact func(string) string
}

// registerShops writes the shops about to be scraped, so that a run that
// fails before publishing anything still has a shop to be recorded under.
func (r *scrapeRuns) registerShops(ctx context.Context, shops []scrape.ShopConfig) error {
	out := make([]catalog.Shop, len(shops))
	for i, s := range shops {
		out[i] = s.Shop()
	}
	if err := r.db.UpsertShops(ctx, out); err != nil {
		return fmt.Errorf("scrape: register shops: %w", err)
	}
	return nil
}

// record stores rep's run.
func (r *scrapeRuns) record(ctx context.Context, rep scrape.RunReport) {
	run := scrapeRunOf(rep, r.redact)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := r.db.RecordScrapeRun(ctx, run); err != nil {
		r.log.Warn("scrape_run_not_recorded", "shop", run.ShopSlug, "run", run.ID, "err", err)
	}
}

// scrapeRunOf is the record of a run: failed when it has an error,
// incomplete when it stopped early, else ok.
func scrapeRunOf(rep scrape.RunReport, redact func(string) string) catalog.ScrapeRun {
	run := catalog.ScrapeRun{
		ID:           rep.RunID,
		ShopSlug:     rep.Shop,
		StartedAt:    rep.Start.UTC(),
		FinishedAt:   rep.End.UTC(),
		Status:       catalog.ScrapeOK,
		Pages:        rep.Pages,
		Listings:     rep.Listings,
		Observations: rep.Observations,
	}
	for _, n := range rep.Errors {
		run.Errors += n
	}
	switch {
	case rep.Err != nil:
		run.Status, run.Message = catalog.ScrapeFailed, redact(rep.Err.Error())
	case rep.Incomplete != "":
		run.Status, run.Message = catalog.ScrapeIncomplete, rep.Incomplete
	}
	run.Message = truncateRunes(run.Message, maxRunMessage)
	if run.FinishedAt.Before(run.StartedAt) {
		run.FinishedAt = run.StartedAt
	}
	return run
}

// maxRunMessage bounds the stored reason of a run: an error wrapping a
// whole response body would otherwise fill /stats.
const maxRunMessage = 500

// truncateRunes cuts s to at most n runes, marking the cut with "…".
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
