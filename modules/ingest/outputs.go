package ingest

import (
	"context"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// outputs encodes the normalized-products record of every listing that
// kept items touch and that was written or has an observation the store
// did not report unchanged, and a price-updates record for every change
// point the kept observations start in the history now stored. On the way
// it confirms the listings of confirm (splitListings). It counts what the
// filter's "maybe seen" turned out to be.
func (in *Ingester) outputs(ctx context.Context, kept []*item, created []started, changed, confirm map[string]catalog.Listing, bs *Stats) ([]Output, error) {
	bs.Observations += uint64(len(kept))
	listings := make(map[string]ListingKey) // of kept items
	publish := make(map[string]bool)
	for _, it := range kept {
		k := it.listingKey()
		listings[k] = ListingKey{ShopSlug: it.obs.Variant.ShopSlug, ExternalID: it.obs.Variant.ListingExternalID}
		if _, written := changed[k]; written || !it.unchanged {
			publish[k] = true
		}
		switch {
		case !it.maybe:
		case it.unchanged:
			bs.ConfirmedDuplicates++
		default:
			bs.FalsePositives++
		}
	}
	outs, err := in.products(ctx, listings, publish, changed, confirm, bs)
	if err != nil {
		return nil, err
	}
	type instant struct {
		key catalog.VariantKey
		at  time.Time
	}
	done := make(map[instant]bool)
	for _, c := range created {
		o := c.Obs
		if done[instant{o.Variant, o.ObservedAt}] {
			continue // reported again by a later chunk of the batch
		}
		done[instant{o.Variant, o.ObservedAt}] = true
		v, err := in.deps.Encoder.EncodePriceUpdate(c.Previous, o)
		if err != nil {
			return nil, wrapf(err, "encode price update %s", o.Variant)
		}
		key := o.Variant.ShopSlug + "/" + o.Variant.ListingExternalID
		outs = append(outs, Output{Topic: in.cfg.PriceUpdatesTopic, Key: []byte(key), Value: v})
		bs.ChangePoints++
	}
	return outs, nil
}

// products encodes the normalized-products records of the listings of
// publish, in key order, each from its whole state as stored now: the topic
// is compacted, so a record that held only the variants this batch
// observed would make the topic forget the others. One read serves them
// and the listings left to confirm; a listing the confirmation writes is
// published too, from a second read of those alone. A listing the read
// does not find was deleted since the write; its record is skipped, since
// publishing only what the batch saw would be wrong too.
func (in *Ingester) products(ctx context.Context, listings map[string]ListingKey, publish map[string]bool,
	changed, confirm map[string]catalog.Listing, bs *Stats,
) ([]Output, error) {
	toRead := make(map[string]ListingKey, len(publish))
	for k := range publish {
		toRead[k] = listings[k]
	}
	for k := range confirm {
		if key, ok := listings[k]; ok {
			toRead[k] = key
		}
	}
	if len(toRead) == 0 {
		return nil, nil
	}
	states, err := in.readStates(ctx, toRead, nil)
	if err != nil {
		return nil, err
	}
	late, err := in.confirmListings(ctx, confirm, changed, listings, states)
	if err != nil {
		return nil, err
	}
	if len(late) > 0 {
		again := make(map[string]ListingKey, len(late))
		for _, k := range late {
			publish[k] = true
			again[k] = listings[k]
			delete(states, listings[k])
		}
		if _, err := in.readStates(ctx, again, states); err != nil {
			return nil, err
		}
	}
	names := sortedKeys(publish)
	outs := make([]Output, 0, len(names))
	for _, k := range names {
		if _, written := changed[k]; written {
			bs.ListingsUpserted++
		}
		p, ok := states[listings[k]]
		if !ok {
			in.log.Warn("ingest_listing_vanished", "listing", k)
			continue
		}
		v, err := in.deps.Encoder.EncodeProduct(p)
		if err != nil {
			return nil, wrapf(err, "encode normalized product %s", k)
		}
		outs = append(outs, Output{Topic: in.cfg.NormalizedProductsTopic, Key: []byte(k), Value: v})
	}
	return outs, nil
}

// readStates reads the states of listings in one call, in key order, into
// into (a new map when nil), and returns it.
func (in *Ingester) readStates(ctx context.Context, listings map[string]ListingKey, into map[ListingKey]catalog.Product) (map[ListingKey]catalog.Product, error) {
	names := sortedKeys(listings)
	keys := make([]ListingKey, len(names))
	for i, k := range names {
		keys[i] = listings[k]
	}
	states, err := in.deps.Store.ListingStates(ctx, keys)
	if err != nil {
		return nil, wrapf(err, "read state of %d listings", len(keys))
	}
	if into == nil {
		return states, nil
	}
	for k, p := range states {
		into[k] = p
	}
	return into, nil
}
