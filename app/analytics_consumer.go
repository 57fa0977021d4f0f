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
)

// analyticsGroup is the consumer group (and transactional id prefix) of
// the analytics consumer: it reads normalized-products next to, never
// instead of, whoever else does.
const analyticsGroup = "skatestock-analytics"

// matchFollower keeps the stored matches current as normalized products
// arrive: it holds a matcher loaded from the store, adds each consumed
// listing and applies what that changed before the batch's offsets
// commit. Batches are handled one at a time (TransactConsumer's contract).
type matchFollower struct {
	db     matchStore
	m      *match.Matcher
	decode func(value []byte) (catalog.Listing, error)
	log    *slog.Logger

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
func newMatchFollower(ctx context.Context, db matchStore, serde *schema.Serde, cfg match.Config, log *slog.Logger) (*matchFollower, error) {
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
	return &matchFollower{db: db, m: m, log: log, decode: func(value []byte) (catalog.Listing, error) {
		var np schema.NormalizedProduct
		if err := serde.Decode(value, &np); err != nil {
			return catalog.Listing{}, err
		}
		return np.Listing(), nil
	}}, nil
}

// handle is the bus.Handler: it produces nothing, so a batch's
// transaction holds only its offsets, committed once the matches are
// stored. A record that does not decode is skipped with a warning:
// matches are derived data, and the next rebuild covers the listing.
func (f *matchFollower) handle(ctx context.Context, batch []bus.Record) ([]bus.Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range batch {
		if r.Value == nil {
			continue // a tombstone: listings are never deleted from the store either
		}
		l, err := f.decode(r.Value)
		if err != nil {
			f.log.Warn("normalized_product_undecodable", "partition", r.Partition, "offset", r.Offset, "error", err)
			continue
		}
		f.added++
		for _, c := range f.m.Add(l) {
			f.pending = append(f.pending, catalog.MatchChange{Match: catalogMatch(c.Match), Removed: c.Removed})
		}
	}
	if len(f.pending) == 0 {
		return nil, nil
	}
	if err := f.db.ApplyMatchChanges(ctx, f.pending); err != nil {
		return nil, fmt.Errorf("store match changes: %w", err)
	}
	f.changed += len(f.pending)
	f.pending = f.pending[:0]
	return nil, nil
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

// runMatchFollower loads a follower and consumes normalized-products with
// it until ctx ends.
func runMatchFollower(ctx context.Context, p *pipeline, db matchStore, cfg match.Config, log *slog.Logger) error {
	f, err := newMatchFollower(ctx, db, p.serde, cfg, log)
	if err != nil {
		return err
	}
	consumer, err := bus.NewTransactConsumer(analyticsBus(p.bus), log, p.bus.Topics.NormalizedProducts)
	if err != nil {
		return err
	}
	log.Info("analytics_started", "topic", p.bus.Topics.NormalizedProducts, "group", analyticsGroup)
	runErr := consumer.Run(ctx, f.handle)
	added, changed := f.stats()
	log.Info("analytics_stopped", "listings", added, "match_changes", changed)
	return runErr
}

func newAnalyticsRunCmd(c *cli) *cobra.Command {
	var threshold float64
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Keep the cross-shop matches current as normalized products arrive",
		Long: `Load every stored listing into the cross-shop matcher, store its matches, then
consume normalized-products as the ` + analyticsGroup + ` group and store the
matches each listing changes before committing its offsets. Runs until SIGINT
or SIGTERM. Kafka and the schema registry are configured as for "consume".`,
		Example: `  skatestock analytics run --kafka-brokers 127.0.0.1:9092`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			ctx := cmd.Context()
			cfg, err := matchConfig(threshold)
			if err != nil {
				return fmt.Errorf("analytics run: %w", err)
			}
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
			if err := runMatchFollower(ctx, p, db, cfg, c.log.With("module", "analytics")); err != nil && !errors.Is(err, context.Canceled) {
				return fmt.Errorf("analytics run: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().Float64Var(&threshold, "threshold", match.DefaultConfig().Threshold,
		"title score from which a pair is accepted as the same product")
	return cmd
}

// startDemoMatching runs the match follower inside demo. stop waits (up
// to drainTimeout) until it has committed everything ingest produced,
// then stops it; call it after ingest has drained.
func (c *cli) startDemoMatching(ctx context.Context, s *served) (stop func() error) {
	log := c.log.With("module", "analytics")
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- runMatchFollower(runCtx, s.pipe, s.db, match.DefaultConfig(), log) }()
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
				// Not an error: the matches catch up on the next run.
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
