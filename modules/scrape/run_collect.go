package scrape

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/platform"
)

// collector gathers one run's pages into batches for the Sink. It is the
// last check before anything leaves the package: it validates every listing
// and observation again (the parsers promise validity; a promise is not a
// guarantee against future parser bugs), drops observations whose listing
// or variant is not on the same page, and keeps one observation per variant
// per run, since pagination that shifts while we walk it can show a product
// twice. Safe for concurrent use; Publish calls are serialized.
type collector struct {
	sink      Sink
	stats     *runStats
	batchSize int

	mu       sync.Mutex
	pending  Batch
	inBatch  map[string]int                                  // listing id -> index in pending.Listings
	listings map[string]bool                                 // listing ids published this run
	variants map[catalog.VariantKey]catalog.PriceObservation // first observation per variant
	err      error                                           // the Sink's failure; ends the run
}

func newCollector(shop catalog.Shop, runID string, sink Sink, stats *runStats, batchSize int) *collector {
	return &collector{
		sink: sink, stats: stats, batchSize: batchSize,
		pending:  Batch{Shop: shop, RunID: runID},
		inBatch:  map[string]int{},
		listings: map[string]bool{},
		variants: map[catalog.VariantKey]catalog.PriceObservation{},
	}
}

// add counts page's problems and queues its valid listings and
// observations, publishing a batch when enough observations are queued. It
// returns an error only when the Sink failed, now or before.
func (c *collector) add(ctx context.Context, page platform.Page) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	for _, p := range page.Problems {
		c.stats.problem(p.Kind, 1)
	}
	shop := c.pending.Shop.Slug
	valid := make(map[string]*catalog.Listing, len(page.Listings))
	for i := range page.Listings {
		l := &page.Listings[i]
		if l.ShopSlug != shop || l.Validate() != nil {
			c.stats.problem(platform.KindInvalid, 1)
			continue
		}
		valid[l.ExternalID] = l
	}
	var obs []catalog.PriceObservation
	withObs := map[string]bool{}
	for _, o := range page.Observations {
		if o.Variant.ShopSlug != shop || o.Validate() != nil {
			c.stats.problem(platform.KindInvalid, 1)
			continue
		}
		l, ok := valid[o.Variant.ListingExternalID]
		if !ok || !hasVariant(l, o.Variant.VariantExternalID) {
			c.stats.problem(ProblemOrphan, 1)
			continue
		}
		if prev, seen := c.variants[o.Variant]; seen {
			if !prev.SameState(o) {
				c.stats.problem(platform.KindDuplicate, 1)
			}
			continue
		}
		c.variants[o.Variant] = o
		obs = append(obs, o)
		withObs[l.ExternalID] = true
	}
	newListings := 0
	for i := range page.Listings {
		l := &page.Listings[i]
		if valid[l.ExternalID] != l {
			continue // invalid, or an id the page repeats (the last one counts)
		}
		first := !c.listings[l.ExternalID]
		if !first && !withObs[l.ExternalID] {
			continue // already published this run, and nothing new to describe
		}
		if first {
			newListings++
			c.listings[l.ExternalID] = true
		}
		// A batch holds a listing once (a multi-row upsert may not touch one
		// key twice), with every variant an observation in it refers to.
		if j, ok := c.inBatch[l.ExternalID]; ok {
			c.pending.Listings[j] = mergeVariants(c.pending.Listings[j], *l)
			continue
		}
		c.inBatch[l.ExternalID] = len(c.pending.Listings)
		c.pending.Listings = append(c.pending.Listings, *l)
	}
	c.pending.Observations = append(c.pending.Observations, obs...)
	c.stats.accepted(newListings, len(obs))
	if len(c.pending.Observations) >= c.batchSize {
		return c.flushLocked(ctx)
	}
	return nil
}

// flush publishes what is queued.
func (c *collector) flush(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	return c.flushLocked(ctx)
}

func (c *collector) flushLocked(ctx context.Context) error {
	b := c.pending
	if len(b.Listings) == 0 && len(b.Observations) == 0 {
		return nil
	}
	c.pending = Batch{Shop: b.Shop, RunID: b.RunID}
	clear(c.inBatch)
	if err := c.sink.Publish(ctx, b); err != nil {
		c.err = fmt.Errorf("publish %d listings and %d observations: %w", len(b.Listings), len(b.Observations), err)
		return c.err
	}
	return nil
}

// mergeVariants returns have with the variants of l it lacks appended.
func mergeVariants(have, l catalog.Listing) catalog.Listing {
	variants := slices.Clone(have.Variants)
	for _, v := range l.Variants {
		if !hasVariant(&have, v.ExternalID) {
			variants = append(variants, v)
		}
	}
	have.Variants = variants
	return have
}

func hasVariant(l *catalog.Listing, id string) bool {
	for _, v := range l.Variants {
		if v.ExternalID == id {
			return true
		}
	}
	return false
}
