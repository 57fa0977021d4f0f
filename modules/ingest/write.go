package ingest

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// rejection is an item the store kept rejecting, to be dead-lettered.
type rejection struct {
	item *item
	err  error
}

// persist makes items durable: the changed listings first (the variants
// must exist before their observations), then every observation, confirmed
// duplicates included, since each extends its point's LastSeen. On the last
// attempt of a batch the store rejects as invalid, it writes item by item
// and returns those still rejected instead of failing (Config.IsolateRejected).
func (in *Ingester) persist(ctx context.Context, items []*item, changed map[string]catalog.Listing) ([]*item, []rejection, error) {
	err := in.write(ctx, items, changed)
	if err == nil {
		return items, nil, nil
	}
	if !rejectedByStore(err) || !in.cfg.IsolateRejected || !in.deps.lastAttempt(ctx) {
		return nil, nil, err
	}
	in.log.Warn("ingest_isolating_batch", "items", len(items), "error", err)
	kept := make([]*item, 0, len(items))
	var rejected []rejection
	for _, it := range items {
		one := map[string]catalog.Listing{}
		if _, ok := changed[it.listingKey()]; ok {
			one[it.listingKey()] = mergeListings([]*item{it})[it.listingKey()]
		}
		switch err := in.write(ctx, []*item{it}, one); {
		case err == nil:
			kept = append(kept, it)
		case rejectedByStore(err):
			rejected = append(rejected, rejection{it, err})
		default:
			return nil, nil, err
		}
	}
	return kept, rejected, nil
}

// rejectedByStore reports an error no retry can fix.
func rejectedByStore(err error) bool {
	return errors.Is(err, catalog.ErrInvalid) || errors.Is(err, catalog.ErrNotFound)
}

func (in *Ingester) write(ctx context.Context, items []*item, changed map[string]catalog.Listing) error {
	listings := make([]catalog.Listing, 0, len(changed))
	for _, k := range sortedKeys(changed) {
		listings = append(listings, changed[k])
	}
	for chunk := range slices.Chunk(listings, in.cfg.WriteChunk) {
		if err := in.deps.Store.UpsertListings(ctx, chunk); err != nil {
			return wrapf(err, "upsert %d listings", len(chunk))
		}
	}
	obs := make([]catalog.PriceObservation, len(items))
	for i, it := range items {
		obs[i] = it.obs
	}
	for chunk := range slices.Chunk(obs, in.cfg.WriteChunk) {
		unknown, err := in.deps.Store.RecordObservations(ctx, chunk)
		if err != nil {
			return wrapf(err, "record %d observations", len(chunk))
		}
		if len(unknown) > 0 {
			// Every variant was upserted or confirmed above, so this means
			// the store lost a variant between two calls: worth a look,
			// not worth blocking the partition.
			in.log.Warn("ingest_unknown_variants", "count", len(unknown), "first", unknown[0].String())
		}
	}
	return nil
}

// outputs encodes the normalized-products record of every changed listing
// that kept items touch, and a price-updates record for every kept
// observation that starts a change point in the history now stored.
func (in *Ingester) outputs(ctx context.Context, kept []*item, changed map[string]catalog.Listing, bs *Stats) ([]Output, error) {
	bs.Observations += uint64(len(kept))
	obsByListing := make(map[string][]catalog.PriceObservation)
	for _, it := range kept {
		obsByListing[it.listingKey()] = append(obsByListing[it.listingKey()], it.obs)
	}
	var outs []Output
	for _, k := range sortedKeys(changed) {
		obs, ok := obsByListing[k]
		if !ok { // every item of it was rejected
			continue
		}
		v, err := in.deps.Encoder.EncodeProduct(changed[k], obs)
		if err != nil {
			return nil, wrapf(err, "encode normalized product %s", k)
		}
		outs = append(outs, Output{Topic: in.cfg.NormalizedProductsTopic, Key: []byte(k), Value: v})
		bs.ListingsUpserted++
	}
	type instant struct {
		key catalog.VariantKey
		at  time.Time
	}
	done := make(map[instant]bool)
	for _, it := range kept {
		o := it.obs
		if it.dup || done[instant{o.Variant, o.ObservedAt}] {
			continue
		}
		done[instant{o.Variant, o.ObservedAt}] = true
		prev, starts, err := in.changePoint(ctx, o)
		if err != nil {
			return nil, err
		}
		if !starts {
			continue
		}
		v, err := in.deps.Encoder.EncodePriceUpdate(prev, o)
		if err != nil {
			return nil, wrapf(err, "encode price update %s", o.Variant)
		}
		outs = append(outs, Output{Topic: in.cfg.PriceUpdatesTopic, Key: []byte(it.listingKey()), Value: v})
		bs.ChangePoints++
	}
	return outs, nil
}

// changePoint reports whether o starts the point in force at its time in
// the stored history, and the point before it (nil on a first sighting).
// It reads the history after the write, so a redelivered batch gets the
// same answer as the first delivery.
func (in *Ingester) changePoint(ctx context.Context, o catalog.PriceObservation) (*catalog.PriceObservation, bool, error) {
	p, err := in.deps.Store.PriceAt(ctx, o.Variant, o.ObservedAt)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, wrapf(err, "read change point %s", o.Variant)
	}
	if !p.ValidFrom.Equal(o.ObservedAt) || !p.State.SameState(o) {
		return nil, false, nil
	}
	before, err := in.deps.Store.PriceAt(ctx, o.Variant, p.ValidFrom.Add(-time.Microsecond))
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		return nil, true, nil
	case err != nil:
		return nil, false, wrapf(err, "read previous point %s", o.Variant)
	}
	return &before.State, true, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
