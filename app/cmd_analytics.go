package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/store"
)

func newAnalyticsCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "analytics",
		Short: "Maintain the analytics read models",
		Long: `The trend charts and the discount heatmap read daily rollups derived from the
price history. seed fills them for what it writes and serve refreshes the days
new prices touch; "analytics rebuild" recomputes every day from scratch.
Cross-shop matches (the offers of the product page and the admin review queue)
are rebuilt whole by "analytics match" and kept current by "analytics run".
Discount patterns and stock-out forecasts (/api/v1/analytics/discount-patterns
and /stockouts) are rebuilt by "analytics rebuild", which also trains the
stock-out model, and kept current by "analytics run".`,
		Annotations: map[string]string{skipConfig: "true"},
		Args:        unknownSubcommand,
		RunE:        func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newAnalyticsRebuildCmd(c), newAnalyticsMatchCmd(c), newAnalyticsRunCmd(c))
	return cmd
}

func newAnalyticsRebuildCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "rebuild",
		Short: "Recompute the trend rollups, discount patterns and stock-out forecasts from the price history",
		Long: `Recompute the daily trend rollups of every UTC day the price history covers,
a week per transaction, showing progress. Each day is replaced whole, so the
API serves either a day's old rollups or its new ones, never a mix; running it
twice leaves the same rows. Use it after importing history from elsewhere or
when rollups fell behind (serve refreshes only the last few days).

Then detect the discount patterns (flash sales, clearances, price errors,
weekly deals, fake sales) in every variant's whole history, replacing each
listing's patterns, and train the stock-out model on the history with a
time-ordered split: it is scored on the days after the split (printed next
to a rule baseline), refit on every known answer and stored, and every
variant in stock is forecast as of the latest observation. A history shorter
than 21 days trains no model; an earlier stored model then scores. "analytics
run" keeps patterns and forecasts current as listings arrive.`,
		Example: `  skatestock analytics rebuild
  skatestock analytics rebuild --database-url postgres://skate:secret@db.internal:5432/skatestock`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			ctx := cmd.Context()
			db, err := openStore(ctx, c.cfg, c.log)
			if err != nil {
				return err
			}
			defer c.closeDatabase(db, &err)
			if err := db.CheckSchema(ctx); err != nil {
				return fmt.Errorf("analytics rebuild: %w", err)
			}
			if err := c.rebuildRollups(ctx, db); err != nil {
				return err
			}
			return c.rebuildSignals(ctx, db)
		},
	}
}

// rebuildSignals rebuilds every listing's patterns and forecasts,
// showing the progress of each pass, and prints what it did.
func (c *cli) rebuildSignals(ctx context.Context, db interface {
	signalStore
	HistoryDays(ctx context.Context) (catalog.DaySpan, error)
	Counts(ctx context.Context) (store.Counts, error)
}) error {
	start := time.Now()
	span, err := db.HistoryDays(ctx)
	if err != nil || span.IsZero() {
		return wrapOp("analytics rebuild", err)
	}
	counts, err := db.Counts(ctx)
	if err != nil {
		return fmt.Errorf("analytics rebuild: %w", err)
	}
	settings, err := defaultSignalSettings()
	if err != nil {
		return fmt.Errorf("analytics rebuild: %w", err)
	}
	// One bar per pass over the listings.
	progress, stage := newProgressDisplay(c.stderr, false, 0, "", ""), ""
	defer func() { progress.finish() }()
	rep, err := settings.rebuildSignals(ctx, db, span, time.Now(), func(pass string, done int) {
		if pass != stage {
			progress.finish()
			progress, stage = newProgressDisplay(c.stderr, c.stderrTTY, int(counts.Listings), pass, "listings"), pass
		}
		progress.set(done, "")
		progress.plainf("%s: %d/%d listings", pass, done, counts.Listings)
	})
	progress.finish()
	if err != nil {
		return fmt.Errorf("analytics rebuild: %w", err)
	}
	for _, line := range rep.lines() {
		fmt.Fprintln(c.stdout, line)
	}
	fmt.Fprintf(c.stdout, "rebuilt the discount patterns and stock-out forecasts in %s\n", time.Since(start).Round(10*time.Millisecond))
	return nil
}

// wrapOp wraps err with op, nil when err is nil.
func wrapOp(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, err)
}

// rebuildChunkDays is how many days one refresh transaction covers in a
// rebuild: small enough to show progress and to keep each transaction (and
// SQLite's write lock) short, large enough that the pass over the change
// points each refresh makes is not repeated too often.
const rebuildChunkDays = 7

// rebuildRollups refreshes every day of the history, oldest first.
func (c *cli) rebuildRollups(ctx context.Context, db store.Rollups) error {
	start := time.Now()
	span, err := db.HistoryDays(ctx)
	if err != nil {
		return fmt.Errorf("analytics rebuild: %w", err)
	}
	if span.IsZero() {
		fmt.Fprintln(c.stdout, "no price history: nothing to rebuild")
		return nil
	}
	total := span.Days()
	progress := newProgressDisplay(c.stderr, c.stderrTTY, total, "rebuilding", "days")
	defer progress.finish()
	done := 0
	for from := span.First; !from.After(span.Last); from = from.AddDate(0, 0, rebuildChunkDays) {
		to := from.AddDate(0, 0, rebuildChunkDays-1)
		if to.After(span.Last) {
			to = span.Last
		}
		n, err := db.RefreshRollups(ctx, from, to)
		if err != nil {
			return fmt.Errorf("analytics rebuild: days %s to %s: %w", from.Format(time.DateOnly), to.Format(time.DateOnly), err)
		}
		done += n
		progress.set(done, "")
		progress.plainf("rebuilt %d/%d days (to %s)", done, total, to.Format(time.DateOnly))
	}
	progress.finish()
	fmt.Fprintf(c.stdout, "rebuilt the rollups of %d days (%s to %s) in %s\n", total,
		span.First.Format(time.DateOnly), span.Last.Format(time.DateOnly), time.Since(start).Round(10*time.Millisecond))
	return nil
}

// Pacing of serve's rollup refreshes.
const (
	// rollupRefreshEvery bounds how often price updates trigger a refresh:
	// a scrape lands thousands of updates in a burst, and a refresh
	// re-reads the day's change points, so one per burst is what counts.
	rollupRefreshEvery = 5 * time.Second
	// rollupSweepEvery is how often yesterday and today are refreshed
	// whether or not updates came: an observation that repeats a variant's
	// state publishes no update, yet it makes the variant count today.
	rollupSweepEvery = 5 * time.Minute
	// rollupMaxLookback bounds how far back an update's observation time
	// takes a refresh; older days are `analytics rebuild`'s business. It
	// keeps one late or mis-stamped observation from holding the write
	// lock for a refresh of years.
	rollupMaxLookback = 7 * 24 * time.Hour
)

// rollupRefresher keeps the recent days' rollups current in serve:
// noteUpdates records the days price updates touched, and run refreshes
// them, debounced, then calls refreshed (which drops the cached API
// answers). It is safe for concurrent use.
type rollupRefresher struct {
	db        store.Rollups
	decode    func(value []byte) (observedAt time.Time, ok bool)
	refreshed func(ctx context.Context)
	log       *slog.Logger
	now       func() time.Time
	// every and sweepEvery are rollupRefreshEvery and rollupSweepEvery,
	// shorter in tests.
	every, sweepEvery time.Duration

	mu      sync.Mutex
	pending bool
	from    time.Time // the earliest observation noted since the last refresh
}

func newRollupRefresher(db store.Rollups, serde *schema.Serde, refreshed func(context.Context), log *slog.Logger) *rollupRefresher {
	return &rollupRefresher{
		db: db, refreshed: refreshed, log: log.With("module", "app"), now: time.Now,
		every: rollupRefreshEvery, sweepEvery: rollupSweepEvery,
		decode: func(value []byte) (time.Time, bool) {
			var u schema.PriceUpdate
			if err := serde.Decode(value, &u); err != nil {
				return time.Time{}, false
			}
			return u.Current.ObservedAt, true
		},
	}
}

// noteUpdates records the observation times of a batch of price-updates
// records. A record that does not decode (a schema this process has not
// learned) stands for yesterday: updates are observations of moments ago.
func (r *rollupRefresher) noteUpdates(batch []bus.Record) {
	if len(batch) == 0 {
		return
	}
	earliest := time.Time{}
	for _, rec := range batch {
		t, ok := r.decode(rec.Value)
		if !ok {
			t = r.now().Add(-24 * time.Hour)
		}
		if earliest.IsZero() || t.Before(earliest) {
			earliest = t
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.pending || earliest.Before(r.from) {
		r.from = earliest
	}
	r.pending = true
}

// run refreshes until ctx ends: the noted days at most every
// rollupRefreshEvery, and yesterday and today on the first tick (what the
// pipeline wrote while serve was down) and every rollupSweepEvery.
func (r *rollupRefresher) run(ctx context.Context) {
	tick := time.NewTicker(r.every)
	defer tick.Stop()
	var lastSweep time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := r.now()
		r.mu.Lock()
		from, pending := r.from, r.pending
		r.pending = false
		r.mu.Unlock()
		if now.Sub(lastSweep) >= r.sweepEvery {
			from, pending, lastSweep = minTime(from, now.Add(-24*time.Hour), pending), true, now
		}
		if pending {
			r.refresh(ctx, from, now)
		}
	}
}

// refresh refreshes the days from from (at most rollupMaxLookback ago)
// to now. A failure is logged and the days are noted again, so the next
// tick retries them.
func (r *rollupRefresher) refresh(ctx context.Context, from, now time.Time) {
	if oldest := now.Add(-rollupMaxLookback); from.Before(oldest) {
		from = oldest
	}
	if from.After(now) {
		from = now // an observation stamped in the future still means today changed
	}
	start := time.Now()
	days, err := r.db.RefreshRollups(ctx, from, now)
	if err != nil {
		if ctx.Err() == nil {
			r.log.Warn("rollups_refresh_failed", "from", catalog.Day(from).Format(time.DateOnly), "error", err)
			r.mu.Lock()
			r.from, r.pending = minTime(r.from, from, r.pending), true
			r.mu.Unlock()
		}
		return
	}
	r.log.Debug("rollups_refreshed", "days", days, "duration", time.Since(start))
	r.refreshed(ctx)
}

// invalidateAfterRollups drops the cached answers once rollups were
// refreshed: the feed's own invalidation ran seconds before, when the
// trends still held the old rollups.
func (s *served) invalidateAfterRollups(log *slog.Logger) func(context.Context) {
	return func(ctx context.Context) {
		if err := s.cache.Invalidate(ctx); err != nil {
			log.Warn("cache_invalidate_failed", "module", "app", "error", err)
		}
	}
}

// minTime is the earlier of a (when set) and b.
func minTime(a, b time.Time, aSet bool) time.Time {
	if aSet && a.Before(b) {
		return a
	}
	return b
}
