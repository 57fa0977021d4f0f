package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// dedup marks the items the filter answers "maybe seen". That only decides
// what may be skipped before the write: a listing all of whose items are
// maybe seen is written only when the stored one says something else
// (changedListings). Whether an observation repeats the state in force is
// the store's answer when it records it (Recorded.Unchanged): it is a
// duplicate when it only extends a point that started strictly before it.
// That "strictly" is what keeps Handle idempotent: on a redelivered batch
// whose write was already durable, the observation that started a point is
// that point's ValidFrom, so it is not a duplicate and its outputs are
// produced again, exactly as the first time. A filter failure (other than
// the caller stopping) sends every observation down the full path.
func (in *Ingester) dedup(ctx context.Context, items []*item, bs *Stats) error {
	if len(items) == 0 {
		return nil
	}
	keys := make([][]byte, len(items))
	for i, it := range items {
		keys[i] = in.deps.ContentKey(it.obs)
	}
	seen, err := in.deps.Filter.TestAndAdd(ctx, keys)
	if err == nil && len(seen) != len(keys) {
		err = fmt.Errorf("filter answered %d keys of %d", len(seen), len(keys))
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return wrapf(ctxErr, "dedup filter")
		}
		bs.FilterErrors++
		in.log.Warn("dedup_filter_failed", "keys", len(keys), "error", err)
		return nil
	}
	for i, it := range items {
		if seen[i] {
			it.maybe = true
			bs.BloomMaybe++
		}
	}
	return nil
}

// changedListings returns the batch's listings (merged per listing key) that
// must be written: every listing with an observation the filter has not
// seen, and every other listing whose stored content differs from what the
// batch says (a renamed title with unchanged prices, or a listing never
// stored behind a false positive). Handle and tags are not compared: events
// do not carry them.
func (in *Ingester) changedListings(ctx context.Context, items []*item) (map[string]catalog.Listing, error) {
	merged := mergeListings(items)
	changed := make(map[string]catalog.Listing, len(merged))
	allMaybe := make(map[string]bool, len(merged))
	for _, it := range items {
		k := it.listingKey()
		if v, ok := allMaybe[k]; !ok || v {
			allMaybe[k] = it.maybe
		}
	}
	var keys []ListingKey
	var names []string // names[i] is keys[i]'s key in merged
	for k, l := range merged {
		if !allMaybe[k] {
			changed[k] = l
			continue
		}
		keys = append(keys, ListingKey{ShopSlug: l.ShopSlug, ExternalID: l.ExternalID})
		names = append(names, k)
	}
	if len(keys) == 0 {
		return changed, nil
	}
	stored, err := in.deps.Store.Listings(ctx, keys)
	if err != nil {
		return nil, wrapf(err, "confirm %d listings", len(keys))
	}
	for i, key := range keys {
		if s, ok := stored[key]; !ok || !sameContent(s, merged[names[i]]) {
			changed[names[i]] = merged[names[i]]
		}
	}
	return changed, nil
}

// mergeListings folds the one-variant listings of items into one listing per
// key; the latest observation's listing fields and variant win.
func mergeListings(items []*item) map[string]catalog.Listing {
	latest := make(map[string]*item)
	byVariant := make(map[catalog.VariantKey]*item)
	for _, it := range items {
		k := it.listingKey()
		if prev, ok := latest[k]; !ok || it.obs.ObservedAt.After(prev.obs.ObservedAt) {
			latest[k] = it
		}
		if prev, ok := byVariant[it.obs.Variant]; !ok || it.obs.ObservedAt.After(prev.obs.ObservedAt) {
			byVariant[it.obs.Variant] = it
		}
	}
	out := make(map[string]catalog.Listing, len(latest))
	for k, it := range latest {
		l := it.listing
		l.Variants = nil
		out[k] = l
	}
	for _, it := range byVariant {
		k := it.listingKey()
		l := out[k]
		l.Variants = append(l.Variants, it.listing.Variants[0])
		out[k] = l
	}
	for k, l := range out {
		slices.SortFunc(l.Variants, func(a, b catalog.Variant) int { return strings.Compare(a.ExternalID, b.ExternalID) })
		out[k] = l
	}
	return out
}

// sameContent reports whether stored already holds what l says: its fields
// and each of l's variants as l has them.
func sameContent(stored, l catalog.Listing) bool {
	if stored.Title != l.Title || stored.Brand != l.Brand || stored.Category != l.Category ||
		stored.URL != l.URL || stored.ImageURL != l.ImageURL || stored.Handle != l.Handle ||
		!slices.Equal(stored.Tags, l.Tags) {
		return false
	}
	for _, v := range l.Variants {
		i := slices.IndexFunc(stored.Variants, func(s catalog.Variant) bool { return s.ExternalID == v.ExternalID })
		if i < 0 || !sameVariant(stored.Variants[i], v) {
			return false
		}
	}
	return true
}

func sameVariant(a, b catalog.Variant) bool {
	if a.SKU != b.SKU || a.GTIN != b.GTIN || a.Title != b.Title || a.Attributes != b.Attributes {
		return false
	}
	byName := func(x, y catalog.Option) int { return strings.Compare(x.Name+"\x00"+x.Value, y.Name+"\x00"+y.Value) }
	ao, bo := slices.Clone(a.Options), slices.Clone(b.Options)
	slices.SortFunc(ao, byName)
	slices.SortFunc(bo, byName)
	return slices.Equal(ao, bo)
}
