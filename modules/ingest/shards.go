package ingest

import (
	"cmp"
	"context"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/skatestock/skatestock/modules/catalog"
)

// shardItems splits the positions of items into at most n shards, each
// holding every item of its shops, so that shards write disjoint rows and
// take disjoint shop locks. Shops go to the shard with the fewest items so
// far, the busiest shop first (ties by slug), which keeps the shards'
// sizes close and the split the same for the same batch. Positions within
// a shard are in batch order; empty shards are left out.
func shardItems(items []*item, n int) [][]int {
	perShop := make(map[string][]int)
	for pos, it := range items {
		slug := it.obs.Variant.ShopSlug
		perShop[slug] = append(perShop[slug], pos)
	}
	slugs := make([]string, 0, len(perShop))
	for slug := range perShop {
		slugs = append(slugs, slug)
	}
	slices.SortFunc(slugs, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(perShop[b]), len(perShop[a])), cmp.Compare(a, b))
	})
	shards := make([][]int, min(n, len(slugs)))
	for _, slug := range slugs {
		smallest := 0
		for s := range shards {
			if len(shards[s]) < len(shards[smallest]) {
				smallest = s
			}
		}
		shards[smallest] = append(shards[smallest], perShop[slug]...)
	}
	for _, s := range shards {
		slices.Sort(s)
	}
	return shards
}

// writeSharded is write over the batch split by shardItems into
// Config.WriteShards store calls run at once. It adds to changed the
// listings the shards wrote again (write's unknown variants) and returns
// the change points of items in batch order. An error of any shard fails
// the whole batch and cancels the others; what they made durable stays,
// which is safe since the writes are idempotent.
func (in *Ingester) writeSharded(ctx context.Context, items []*item, changed map[string]catalog.Listing) ([]started, error) {
	shards := shardItems(items, in.cfg.WriteShards)
	if len(shards) <= 1 {
		return in.write(ctx, items, changed)
	}
	type result struct {
		created []started
		changed map[string]catalog.Listing
	}
	results := make([]result, len(shards))
	g, gctx := errgroup.WithContext(ctx)
	for s, positions := range shards {
		sub := make([]*item, len(positions))
		subChanged := make(map[string]catalog.Listing)
		for j, pos := range positions {
			sub[j] = items[pos]
			k := items[pos].listingKey()
			if l, ok := changed[k]; ok {
				subChanged[k] = l
			}
		}
		g.Go(func() error {
			created, err := in.write(gctx, sub, subChanged)
			results[s] = result{created, subChanged}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var created []started
	for s, r := range results {
		for k, l := range r.changed {
			changed[k] = l
		}
		for _, c := range r.created {
			c.pos = shards[s][c.pos]
			created = append(created, c)
		}
	}
	slices.SortStableFunc(created, func(a, b started) int { return cmp.Compare(a.pos, b.pos) })
	return created, nil
}
