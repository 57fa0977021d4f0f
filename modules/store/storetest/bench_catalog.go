package storetest

import (
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
)

// DeckCatalog is the catalog the benchmarks write against: 10 shops and
// variants/4 deck listings of four widths each, spread over the shops, with
// the key of every variant in listing order. It is deterministic so that
// benchmarks of the store and of the whole pipeline measure the same rows.
func DeckCatalog(variants int) ([]catalog.Shop, []catalog.Listing, []catalog.VariantKey) {
	shops := []catalog.Shop{}
	for i := range 10 {
		shops = append(shops, catalog.Shop{Slug: fmt.Sprintf("shop-%d", i), Name: fmt.Sprintf("Shop %d", i),
			Platform: catalog.PlatformShopify, BaseURL: fmt.Sprintf("https://shop%d.example", i), Currency: "USD", Country: "US"})
	}
	var listings []catalog.Listing
	var keys []catalog.VariantKey
	for l := range variants / 4 {
		shop := shops[l%len(shops)].Slug
		listing := catalog.Listing{ShopSlug: shop, ExternalID: fmt.Sprintf("p%d", l),
			Title: fmt.Sprintf("Deck %d", l), Brand: "Baker", Category: catalog.CategoryDecks,
			URL: fmt.Sprintf("https://%s.example/p/%d", shop, l)}
		for v, width := range []int{800, 825, 850, 875} {
			id := fmt.Sprintf("v%d", v)
			listing.Variants = append(listing.Variants, catalog.Variant{ExternalID: id, Title: fmt.Sprint(width),
				Attributes: catalog.Attributes{DeckWidthHundredths: width}})
			keys = append(keys, catalog.VariantKey{ShopSlug: shop, ListingExternalID: listing.ExternalID, VariantExternalID: id})
		}
		listings = append(listings, listing)
	}
	return shops, listings, keys
}
