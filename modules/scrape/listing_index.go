package scrape

import (
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
)

// ListingIndex finds the listing and variant an observation is about. Build
// it with IndexListings; it is read-only and safe for concurrent use.
type ListingIndex struct {
	listings map[[2]string]*catalog.Listing // (shop, external id)
}

// IndexListings indexes listings by shop and external id; a later listing
// with the same key replaces an earlier one. The listings are not copied.
func IndexListings(listings []catalog.Listing) ListingIndex {
	x := ListingIndex{listings: make(map[[2]string]*catalog.Listing, len(listings))}
	for i := range listings {
		l := &listings[i]
		x.listings[[2]string{l.ShopSlug, l.ExternalID}] = l
	}
	return x
}

// Lookup returns the listing and variant k names.
func (x ListingIndex) Lookup(k catalog.VariantKey) (catalog.Listing, catalog.Variant, bool) {
	l, ok := x.listings[[2]string{k.ShopSlug, k.ListingExternalID}]
	if !ok {
		return catalog.Listing{}, catalog.Variant{}, false
	}
	for _, v := range l.Variants {
		if v.ExternalID == k.VariantExternalID {
			return *l, v, true
		}
	}
	return catalog.Listing{}, catalog.Variant{}, false
}

// Event describes o with its listing and variant, or fails wrapping
// catalog.ErrNotFound when the index does not hold them.
func (x ListingIndex) Event(o catalog.PriceObservation) (catalog.ProductEvent, error) {
	l, v, ok := x.Lookup(o.Variant)
	if !ok {
		return catalog.ProductEvent{}, fmt.Errorf("describe observation of %s: listing or variant %w", o.Variant, catalog.ErrNotFound)
	}
	return catalog.NewProductEvent(l, v, o), nil
}
