package scrape

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Run scrapes every shop on its schedule until ctx is cancelled, then
// returns nil once the runs in progress have stopped. Each shop waits a
// random part of Config.StartJitter (at most its schedule) before its first
// run, so shops do not all start at once, and then starts a run every
// Schedule after the previous one started, or straight after it ended when
// a run took longer than that. Runs of different shops proceed
// concurrently. A failed run is logged and reported (WithReports) and the
// shop is tried again on schedule. Run fails at once, before any run, when
// the shops are empty, invalid or repeat a slug.
func (r *Runner) Run(ctx context.Context, shops []ShopConfig) error {
	if len(shops) == 0 {
		return errors.New("scrape: no shops to run")
	}
	shops = slices.Clone(shops) // the defaults filled in are ours, not the caller's
	seen := map[string]bool{}
	var errs []error
	for i, s := range shops {
		s = s.withDefaults()
		shops[i] = s
		if err := s.Validate(); err != nil {
			errs = append(errs, err)
		}
		if seen[s.Slug] {
			errs = append(errs, fmt.Errorf("shop %s: listed twice", s.Slug))
		}
		seen[s.Slug] = true
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("scrape: %w", err)
	}
	r.log.InfoContext(ctx, "scrape scheduler started", "shops", len(shops))
	var wg sync.WaitGroup
	for _, s := range shops {
		wg.Go(func() { r.loop(ctx, s) })
	}
	wg.Wait()
	r.log.InfoContext(ctx, "scrape scheduler stopped")
	return nil
}

// loop runs one shop on its schedule until ctx ends.
func (r *Runner) loop(ctx context.Context, shop ShopConfig) {
	delay := r.jitterFor(min(r.cfg.StartJitter, shop.Schedule))
	for {
		if !r.sleep(ctx, delay) {
			return
		}
		start := r.clock.Now()
		rep, err := r.RunOnce(ctx, shop)
		if ctx.Err() != nil {
			return
		}
		r.logReport(ctx, rep, err)
		if r.onReport != nil {
			r.onReport(rep)
		}
		delay = start.Add(shop.Schedule).Sub(r.clock.Now())
	}
}

// sleep waits d on the Runner's clock; false when ctx ended first.
func (r *Runner) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := r.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.Chan():
		return true
	case <-ctx.Done():
		return false
	}
}

// logReport logs a finished run: the scheduler is where a run's failure is
// handled, since nobody else receives it.
func (r *Runner) logReport(ctx context.Context, rep RunReport, err error) {
	attrs := []any{
		"shop", rep.Shop, "run_id", rep.RunID, "pages", rep.Pages, "listings", rep.Listings,
		"observations", rep.Observations, "bytes", rep.Bytes, "not_modified", rep.NotModified,
		"retries", rep.Retries, "problems", countsString(rep.Problems), "errors", countsString(rep.Errors),
		"duration_ms", rep.Duration().Milliseconds(),
	}
	if rep.Incomplete != "" {
		attrs = append(attrs, "incomplete", rep.Incomplete)
	}
	if err != nil {
		r.log.ErrorContext(ctx, "scrape run failed", append(attrs, "error", err)...)
		return
	}
	r.log.InfoContext(ctx, "scrape run finished", attrs...)
}
