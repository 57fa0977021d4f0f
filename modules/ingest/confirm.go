package ingest

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// splitListings sorts the batch's listings (merged per listing key) into
// those written before the observations (changed) and those left to
// confirm after them (confirm). A listing with an item whose content the
// filter has not seen says something never seen of it, quite possibly a
// listing or variant never stored, so it is written up front. One whose
// content the filter remembers most likely is stored as the batch says,
// and writing it would change nothing; it is not written up front but
// confirmed exactly in the read the outputs make anyway (confirmListings),
// and written then if the store does not hold it. Its observations need
// its variants: the store reports them unknown otherwise, and write then
// writes the listing and records them again. On a batch's second try or
// later everything is written up front, so that Config.IsolateRejected
// sees every write the store may reject.
func (in *Ingester) splitListings(ctx context.Context, items []*item) (changed, confirm map[string]catalog.Listing) {
	merged := mergeListings(items)
	if n, _ := in.attempt(ctx); n > 1 {
		return merged, map[string]catalog.Listing{}
	}
	unseen := make(map[string]bool, len(merged))
	for _, it := range items {
		if !it.contentMaybe {
			unseen[it.listingKey()] = true
		}
	}
	changed = make(map[string]catalog.Listing, len(merged))
	confirm = make(map[string]catalog.Listing)
	for k, l := range merged {
		if unseen[k] {
			changed[k] = l
		} else {
			confirm[k] = l
		}
	}
	return changed, confirm
}

// confirmListings writes the listings of confirm that the store, as states
// read after the observations were recorded show it, does not hold as the
// batch says (a listing changed since the filter saw it, or a false
// positive), adds them to changed and returns their keys, to be read
// again. A listing write already made (changed) or one of no kept item
// (kept names the listings of kept items) needs no confirming; one the
// read does not find was deleted since the write, and stays so.
func (in *Ingester) confirmListings(ctx context.Context, confirm, changed map[string]catalog.Listing,
	kept map[string]ListingKey, states map[ListingKey]catalog.Product,
) ([]string, error) {
	late := make(map[string]catalog.Listing)
	for k, l := range confirm {
		key, ok := kept[k]
		if _, written := changed[k]; written || !ok {
			continue
		}
		if s, found := states[key]; found && !in.holds(s, l) {
			late[k] = l
		}
	}
	if len(late) == 0 {
		return nil, nil
	}
	if err := in.upsert(ctx, late); err != nil {
		return nil, err
	}
	for k, l := range late {
		changed[k] = l
	}
	return sortedKeys(late), nil
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

// holds reports whether stored already holds what l says of the listing
// and of each of l's variants, by the same content key the filter
// remembers, so that what "the same content" means is defined once.
func (in *Ingester) holds(stored catalog.Product, l catalog.Listing) bool {
	s := l
	s.Handle, s.Title, s.Brand, s.Category = stored.Handle, stored.Title, stored.Brand, stored.Category
	s.URL, s.ImageURL, s.Tags = stored.URL, stored.ImageURL, stored.Tags
	s.Variants = make([]catalog.Variant, 0, len(l.Variants))
	for _, v := range l.Variants {
		i := slices.IndexFunc(stored.Variants, func(sv catalog.VariantState) bool { return sv.ExternalID == v.ExternalID })
		if i < 0 {
			return false
		}
		s.Variants = append(s.Variants, stored.Variants[i].Variant)
	}
	return bytes.Equal(in.deps.ListingKey(s), in.deps.ListingKey(l))
}
