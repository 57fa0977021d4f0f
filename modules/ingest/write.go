package ingest

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/skatestock/skatestock/modules/catalog"
)

// rejection is an item the store kept rejecting, to be dead-lettered.
type rejection struct {
	item *item
	err  error
}

// started is a change point an item starts, with the item's position in
// the batch so that outputs keep batch order.
type started struct {
	pos int
	Created
}

// persist makes items durable: the changed listings first (the variants
// must exist before their observations), then every observation, repeats
// included, since each extends its point's LastSeen. It marks the items
// the store reports unchanged and returns the change points the kept items
// start, in batch order. On the last attempt of a batch the store rejects
// as invalid, it writes item by item and returns those still rejected
// instead of failing (Config.IsolateRejected).
func (in *Ingester) persist(ctx context.Context, items []*item, changed map[string]catalog.Listing) ([]*item, []started, []rejection, error) {
	created, err := in.writeSharded(ctx, items, changed)
	if err == nil {
		return items, created, nil, nil
	}
	if !rejectedByStore(err) || !in.cfg.IsolateRejected || !in.deps.lastAttempt(ctx) {
		return nil, nil, nil, err
	}
	in.log.Warn("ingest_isolating_batch", "items", len(items), "error", err)
	kept := make([]*item, 0, len(items))
	created = nil
	var rejected []rejection
	for pos, it := range items {
		one := map[string]catalog.Listing{}
		if _, ok := changed[it.listingKey()]; ok {
			one[it.listingKey()] = mergeListings([]*item{it})[it.listingKey()]
		}
		c, err := in.write(ctx, []*item{it}, one)
		switch {
		case err == nil:
			kept = append(kept, it)
			for _, s := range c {
				s.pos = pos
				created = append(created, s)
			}
		case rejectedByStore(err):
			rejected = append(rejected, rejection{it, err})
		default:
			return nil, nil, nil, err
		}
	}
	return kept, created, rejected, nil
}

// rejectedByStore reports an error no retry can fix.
func rejectedByStore(err error) bool {
	return errors.Is(err, catalog.ErrInvalid) || errors.Is(err, catalog.ErrNotFound)
}

// write upserts the changed listings and records the observations of items.
// A variant the store reports unknown belongs to a listing skipped because
// the filter "remembered" it (a false positive for a variant never stored):
// write upserts those listings and records their observations again.
func (in *Ingester) write(ctx context.Context, items []*item, changed map[string]catalog.Listing) ([]started, error) {
	if err := in.upsert(ctx, changed); err != nil {
		return nil, err
	}
	created, unknown, err := in.record(ctx, items)
	if err != nil || len(unknown) == 0 {
		return created, err
	}
	var again []*item
	var pos []int
	retry := make(map[string]catalog.Listing)
	for i, it := range items {
		if !unknown[it.obs.Variant] {
			continue
		}
		if _, ok := changed[it.listingKey()]; ok {
			continue // upserted above: the store lost it since, retrying will not help
		}
		again = append(again, it)
		pos = append(pos, i)
	}
	if len(again) == 0 {
		// Every variant was upserted above, so this means the store lost a
		// variant between two calls: worth a look, not worth blocking the
		// partition.
		in.log.Warn("ingest_unknown_variants", "count", len(unknown))
		return created, nil
	}
	for k, l := range mergeListings(again) {
		retry[k] = l
		changed[k] = l
	}
	if err := in.upsert(ctx, retry); err != nil {
		return nil, err
	}
	more, unknown, err := in.record(ctx, again)
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		in.log.Warn("ingest_unknown_variants", "count", len(unknown))
	}
	for _, s := range more {
		s.pos = pos[s.pos]
		created = append(created, s)
	}
	slices.SortStableFunc(created, func(a, b started) int { return cmp.Compare(a.pos, b.pos) })
	return created, nil
}

// upsert writes listings in chunks, in key order.
func (in *Ingester) upsert(ctx context.Context, listings map[string]catalog.Listing) error {
	all := make([]catalog.Listing, 0, len(listings))
	for _, k := range sortedKeys(listings) {
		all = append(all, listings[k])
	}
	for chunk := range slices.Chunk(all, in.cfg.WriteChunk) {
		if err := in.deps.Store.UpsertListings(ctx, chunk); err != nil {
			return wrapf(err, "upsert %d listings", len(chunk))
		}
	}
	return nil
}

// record records the observations of items in chunks, marks the items the
// store reports unchanged, and returns the change points they start (pos
// indexes items) and the variants the store did not know.
func (in *Ingester) record(ctx context.Context, items []*item) ([]started, map[catalog.VariantKey]bool, error) {
	obs := make([]catalog.PriceObservation, len(items))
	for i, it := range items {
		obs[i] = it.obs
	}
	var created []started
	var unknown map[catalog.VariantKey]bool
	for off := 0; off < len(obs); off += in.cfg.WriteChunk {
		chunk := obs[off:min(off+in.cfg.WriteChunk, len(obs))]
		rec, err := in.deps.Store.RecordObservations(ctx, chunk)
		if err != nil {
			return nil, nil, wrapf(err, "record %d observations", len(chunk))
		}
		for i, u := range rec.Unchanged {
			if i < len(chunk) {
				items[off+i].unchanged = u
			}
		}
		for _, c := range rec.Created {
			created = append(created, started{pos: off + c.Index, Created: c})
		}
		for _, k := range rec.Unknown {
			if unknown == nil {
				unknown = make(map[catalog.VariantKey]bool)
			}
			unknown[k] = true
		}
	}
	return created, unknown, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
