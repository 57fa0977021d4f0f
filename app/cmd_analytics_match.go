package app

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// matchStore is what matching needs of the database: every listing with
// its variants, to load a matcher, and the matches table.
type matchStore interface {
	Listings(ctx context.Context, keys []store.ListingKey) (map[store.ListingKey]catalog.Listing, error)
	store.Matches
}

// matchLoadBatch is how many listings one read loads into a matcher: two
// statements per batch, and a batch's variants in memory at once.
const matchLoadBatch = 500

func newAnalyticsMatchCmd(c *cli) *cobra.Command {
	var threshold float64
	cmd := &cobra.Command{
		Use:   "match",
		Short: "Rebuild the cross-shop matches from every stored listing",
		Long: `Load every stored listing into the cross-shop matcher, then replace the stored
matches with what it found, in one transaction: accepted pairs (shown as offers
on the product page) and pairs scored between the review floor and --threshold
(listed at /api/v1/admin/matches/review). Ctrl-C stops before anything is
written and leaves the old matches. "analytics run" keeps them current as
normalized products arrive.`,
		Example: `  skatestock analytics match
  skatestock analytics match --threshold 0.95`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			ctx := cmd.Context()
			cfg, err := matchConfig(threshold)
			if err != nil {
				return fmt.Errorf("analytics match: %w", err)
			}
			db, err := openStore(ctx, c.cfg, c.log)
			if err != nil {
				return err
			}
			defer c.closeDatabase(db, &err)
			if err := db.CheckSchema(ctx); err != nil {
				return fmt.Errorf("analytics match: %w", err)
			}
			return c.rebuildMatches(ctx, db, cfg)
		},
	}
	cmd.Flags().Float64Var(&threshold, "threshold", match.DefaultConfig().Threshold,
		"title score from which a pair is accepted as the same product; below it (down to the review floor) it is kept for review")
	return cmd
}

// matchConfig is the matcher's tuned configuration with threshold; the
// review floor follows a threshold set below it.
func matchConfig(threshold float64) (match.Config, error) {
	cfg := match.DefaultConfig()
	cfg.Threshold = threshold
	cfg.ReviewFloor = min(cfg.ReviewFloor, threshold)
	return cfg, cfg.Validate()
}

// rebuildMatches loads every listing into a new matcher and replaces the
// stored matches with its accepted and review pairs.
func (c *cli) rebuildMatches(ctx context.Context, db interface {
	matchStore
	Counts(ctx context.Context) (store.Counts, error)
}, cfg match.Config) error {
	start := time.Now()
	counts, err := db.Counts(ctx)
	if err != nil {
		return fmt.Errorf("analytics match: %w", err)
	}
	progress := newProgressDisplay(c.stderr, c.stderrTTY, int(counts.Listings), "matching", "listings")
	defer progress.finish()
	m, err := loadMatcher(ctx, db, cfg, func(n int) {
		progress.set(n, "")
		progress.plainf("loaded %d/%d listings", n, counts.Listings)
	})
	if err != nil {
		return fmt.Errorf("analytics match: %w", err)
	}
	accepted, review := m.Matches(), m.Review()
	all := make([]catalog.Match, 0, len(accepted)+len(review))
	for _, mt := range append(accepted, review...) {
		all = append(all, catalogMatch(mt))
	}
	if err := db.ReplaceAllMatches(ctx, all); err != nil {
		return fmt.Errorf("analytics match: %w", err)
	}
	progress.finish()
	fmt.Fprintf(c.stdout, "matched %d listings in %s: %d accepted, %d for review (threshold %v)\n",
		m.Len(), time.Since(start).Round(10*time.Millisecond), len(accepted), len(review), cfg.Threshold)
	return nil
}

// loadMatcher returns a matcher holding every stored listing, read in
// batches; loaded is called after each batch with the running count. It
// stops with ctx's error when ctx ends.
func loadMatcher(ctx context.Context, db matchStore, cfg match.Config, loaded func(n int)) (*match.Matcher, error) {
	m, err := match.New(cfg)
	if err != nil {
		return nil, err
	}
	var after store.ListingKey
	n := 0
	for {
		keys, err := db.ListingKeys(ctx, after, matchLoadBatch)
		if err != nil {
			return nil, err
		}
		if len(keys) == 0 {
			return m, nil
		}
		ls, err := db.Listings(ctx, keys)
		if err != nil {
			return nil, err
		}
		// In key order, so that a rebuild is the same calls every time.
		for _, k := range keys {
			if l, ok := ls[k]; ok {
				m.Add(l)
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n += len(keys)
		loaded(n)
		after = keys[len(keys)-1]
	}
}

// catalogMatch converts the matcher's match to the store's.
func catalogMatch(m match.Match) catalog.Match {
	out := catalog.Match{
		A:      catalog.ListingRef{ShopSlug: m.A.ShopSlug, ExternalID: m.A.ExternalID},
		B:      catalog.ListingRef{ShopSlug: m.B.ShopSlug, ExternalID: m.B.ExternalID},
		Status: catalog.MatchStatus(m.Status), Evidence: string(m.Evidence), Score: m.Score,
		TitleScore: m.TitleScore, SharedGTINs: m.SharedGTINs,
		Variants: make([]catalog.MatchedVariant, len(m.Variants)),
	}
	for i, v := range m.Variants {
		out.Variants[i] = catalog.MatchedVariant{Size: v.Size, A: v.A.VariantExternalID, B: v.B.VariantExternalID, GTIN: v.GTIN}
	}
	return out
}
