package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/store"
)

// analyticsGroup is the consumer group (and transactional id prefix) of
// the analytics consumer: it reads normalized-products next to, never
// instead of, whoever else does.
const analyticsGroup = "skatestock-analytics"

// analyticsStore is what the analytics consumer needs of the database.
type analyticsStore interface {
	matchStore
	signalStore
}

// maxPatternDays bounds analytics run --pattern-days.
const maxPatternDays = 366

// analyticsRun configures the analytics consumer.
type analyticsRun struct {
	match match.Config
	// patternWindow is how far back the patterns of a listing that arrives
	// are re-detected (see signalFollower).
	patternWindow time.Duration
}

func defaultAnalyticsRun() analyticsRun {
	return analyticsRun{match: match.DefaultConfig(), patternWindow: defaultPatternWindow}
}

// analyticsConsumer handles batches of normalized-products: it decodes the
// listings once, then the match follower and the signal follower each
// store what the listings change, before the batch's offsets commit.
// Batches are handled one at a time (TransactConsumer's contract).
type analyticsConsumer struct {
	matches *matchFollower
	signals *signalFollower
	decode  func(value []byte) (catalog.Listing, error)
	log     *slog.Logger
}

// handle is the bus.Handler: it produces nothing, so a batch's
// transaction holds only its offsets, committed once the matches, the
// patterns and the forecasts are stored. A record that does not decode is
// skipped with a warning: all three are derived data, and the next
// rebuild covers the listing.
func (a *analyticsConsumer) handle(ctx context.Context, batch []bus.Record) ([]bus.Record, error) {
	listings := make([]catalog.Listing, 0, len(batch))
	keys := make([]store.ListingKey, 0, len(batch))
	seen := make(map[store.ListingKey]bool, len(batch))
	for _, r := range batch {
		if r.Value == nil {
			continue // a tombstone: listings are never deleted from the store either
		}
		l, err := a.decode(r.Value)
		if err != nil {
			a.log.Warn("normalized_product_undecodable", "partition", r.Partition, "offset", r.Offset, "error", err)
			continue
		}
		listings = append(listings, l)
		if k := (store.ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID}); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	if err := a.matches.add(ctx, listings); err != nil {
		return nil, err
	}
	if err := a.signals.refresh(ctx, keys); err != nil {
		return nil, err
	}
	return nil, nil
}

// matchFollower keeps the stored matches current as normalized products
// arrive: it holds a matcher loaded from the store, adds each consumed
// listing and applies what that changed before the batch's offsets
// commit.
type matchFollower struct {
	db  matchStore
	m   *match.Matcher
	log *slog.Logger

	mu sync.Mutex
	// pending are changes the matcher made that the store has not taken
	// yet: a retried batch adds listings the matcher already holds, which
	// changes nothing, so the failed batch's changes are kept for it.
	pending        []catalog.MatchChange
	added, changed int
}

// newMatchFollower loads every stored listing into a matcher and makes the
// stored matches exactly the matcher's: listings stored while no follower
// ran (or whose records it consumed but did not commit) are then matched
// already, and consuming them again changes nothing.
func newMatchFollower(ctx context.Context, db matchStore, cfg match.Config, log *slog.Logger) (*matchFollower, error) {
	m, err := loadMatcher(ctx, db, cfg, func(int) {})
	if err != nil {
		return nil, fmt.Errorf("load matcher: %w", err)
	}
	all := make([]catalog.Match, 0)
	for _, mt := range append(m.Matches(), m.Review()...) {
		all = append(all, catalogMatch(mt))
	}
	if err := db.ReplaceAllMatches(ctx, all); err != nil {
		return nil, fmt.Errorf("load matcher: %w", err)
	}
	log.Info("matcher_loaded", "listings", m.Len(), "matches", len(all))
	return &matchFollower{db: db, m: m, log: log}, nil
}

// add adds listings to the matcher and stores the match changes they
// made, with those a failed call left pending.
func (f *matchFollower) add(ctx context.Context, listings []catalog.Listing) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, l := range listings {
		f.added++
		for _, c := range f.m.Add(l) {
			f.pending = append(f.pending, catalog.MatchChange{Match: catalogMatch(c.Match), Removed: c.Removed})
		}
	}
	if len(f.pending) == 0 {
		return nil
	}
	if err := f.db.ApplyMatchChanges(ctx, f.pending); err != nil {
		return fmt.Errorf("store match changes: %w", err)
	}
	f.changed += len(f.pending)
	f.pending = f.pending[:0]
	return nil
}

// stats returns how many listings were added and match changes stored.
func (f *matchFollower) stats() (added, changed int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.added, f.changed
}

// analyticsBus is cfg for the analytics consumer: its own group and
// transactional ids, so it never fences or shares offsets with ingest.
func analyticsBus(cfg bus.Config) bus.Config {
	cfg.Consumer.Group = analyticsGroup
	cfg.Consumer.TransactionalIDPrefix = analyticsGroup
	return cfg
}

// runAnalyticsConsumer loads the followers and consumes
// normalized-products with them until ctx ends.
func runAnalyticsConsumer(ctx context.Context, p *pipeline, db analyticsStore, cfg analyticsRun, log *slog.Logger) error {
	matches, err := newMatchFollower(ctx, db, cfg.match, log)
	if err != nil {
		return err
	}
	signals, err := newSignalFollower(db, cfg.patternWindow, time.Now, log)
	if err != nil {
		return err
	}
	a := &analyticsConsumer{matches: matches, signals: signals, log: log, decode: func(value []byte) (catalog.Listing, error) {
		var np schema.NormalizedProduct
		if err := p.serde.Decode(value, &np); err != nil {
			return catalog.Listing{}, err
		}
		return np.Listing(), nil
	}}
	consumer, err := bus.NewTransactConsumer(analyticsBus(p.bus), log, p.bus.Topics.NormalizedProducts)
	if err != nil {
		return err
	}
	log.Info("analytics_started", "topic", p.bus.Topics.NormalizedProducts, "group", analyticsGroup)
	runErr := consumer.Run(ctx, a.handle)
	added, changed := matches.stats()
	listings, patterns, forecasts := signals.stats()
	log.Info("analytics_stopped", "listings", added, "match_changes", changed,
		"refreshed_listings", listings, "patterns", patterns, "forecasts", forecasts)
	return runErr
}

func newAnalyticsRunCmd(c *cli) *cobra.Command {
	var threshold float64
	var patternDays int
	run := defaultAnalyticsRun()
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Keep the cross-shop matches, discount patterns and stock-out forecasts current as listings arrive",
		Long: `Load every stored listing into the cross-shop matcher, store its matches, then
consume normalized-products as the ` + analyticsGroup + ` group. For each
batch it stores, before committing the batch's offsets: the matches each
listing changes; the discount patterns of its variants that end within
--pattern-days, re-detected from the history (with 30 days more before it
for context); and, once a stock-out model is stored ("analytics rebuild"
trains one), the forecast of each of its variants in stock. Runs until SIGINT
or SIGTERM. Kafka and the schema registry are configured as for "consume".`,
		Example: `  skatestock analytics run --kafka-brokers 127.0.0.1:9092
  skatestock analytics run --pattern-days 14`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			ctx := cmd.Context()
			if patternDays < 1 || patternDays > maxPatternDays {
				return usageErrorf("--pattern-days %d: must be between 1 and %d", patternDays, maxPatternDays)
			}
			run.patternWindow = time.Duration(patternDays) * 24 * time.Hour
			cfg, err := matchConfig(threshold)
			if err != nil {
				return fmt.Errorf("analytics run: %w", err)
			}
			run.match = cfg
			db, err := openStore(ctx, c.cfg, c.log)
			if err != nil {
				return err
			}
			defer c.closeDatabase(db, &err)
			if err := db.CheckSchema(ctx); err != nil {
				return fmt.Errorf("analytics run: %w", err)
			}
			p, err := c.openPipeline(ctx, db)
			defer p.close(c, &err)
			if err != nil {
				return fmt.Errorf("analytics run: %w", err)
			}
			if err := runAnalyticsConsumer(ctx, p, db, run, c.log.With("module", "analytics")); err != nil && !errors.Is(err, context.Canceled) {
				return fmt.Errorf("analytics run: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().Float64Var(&threshold, "threshold", match.DefaultConfig().Threshold,
		"title score from which a pair is accepted as the same product")
	cmd.Flags().IntVar(&patternDays, "pattern-days", int(defaultPatternWindow/(24*time.Hour)),
		"re-detect the patterns that end within this many days before now")
	return cmd
}

// startDemoAnalytics runs the analytics consumer inside demo. stop waits
// (up to drainTimeout) until it has committed everything ingest produced,
// then stops it; call it after ingest has drained.
func (c *cli) startDemoAnalytics(ctx context.Context, s *served) (stop func() error) {
	log := c.log.With("module", "analytics")
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- runAnalyticsConsumer(runCtx, s.pipe, s.db, defaultAnalyticsRun(), log) }()
	return func() error {
		waitCtx, cancelWait := context.WithTimeout(context.Background(), drainTimeout)
		defer cancelWait()
		topic := s.pipe.bus.Topics.NormalizedProducts
		for {
			lag, err := s.admin.Lag(waitCtx, analyticsGroup, topic)
			if err == nil && lag.Total() == 0 {
				break
			}
			if !sleepFor(waitCtx, 200*time.Millisecond) {
				// Not an error: the analytics catch up on the next run.
				log.Warn("analytics_not_drained", "within", drainTimeout, "lag", lag.Total(), "error", err)
				break
			}
		}
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("analytics: %w", err)
		}
		return nil
	}
}
