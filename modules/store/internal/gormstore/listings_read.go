package gormstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// listingRead is a listing row with its id and its shop's slug.
type listingRead struct {
	ID       int64      `gorm:"column:id"`
	ShopSlug string     `gorm:"column:shop_slug"`
	Row      listingRow `gorm:"embedded"`
}

// Listings returns the listings of keys with their variants ordered by
// external id (byte order), as Listing does, in two statements whatever
// the number of keys: one for the listings, one for their variants. Keys
// naming no listing are absent from the map.
func (s *Store) Listings(ctx context.Context, keys []store.ListingKey) (map[store.ListingKey]catalog.Listing, error) {
	out := make(map[store.ListingKey]catalog.Listing, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	const op = "listings"
	tx := Tx{DB: s.db.WithContext(ctx)}
	q, args, err := s.withListingKeys(tx, keys)
	if err != nil {
		return nil, s.fail(op, err)
	}
	var rows []listingRead
	if err := tx.DB.Raw(q+` SELECT s.slug AS shop_slug, l.*`+listingKeysFrom, args...).Scan(&rows).Error; err != nil {
		return nil, s.fail(op, err)
	}
	if len(rows) == 0 {
		return out, nil
	}
	var vrows []variantRow
	if err := tx.DB.Raw(q+` SELECT v.*`+listingKeysFrom+` JOIN variants v ON v.listing_id = l.id`, args...).Scan(&vrows).Error; err != nil {
		return nil, s.fail(op, err)
	}
	variants := make(map[int64][]catalog.Variant, len(rows))
	for _, vr := range vrows {
		v, err := vr.toDomain()
		if err != nil {
			return nil, s.fail(op, err)
		}
		variants[vr.ListingID] = append(variants[vr.ListingID], v)
	}
	for _, r := range rows {
		vs := variants[r.ID]
		if vs == nil {
			vs = []catalog.Variant{}
		}
		slices.SortFunc(vs, func(a, b catalog.Variant) int { return strings.Compare(a.ExternalID, b.ExternalID) })
		l, err := r.Row.toDomain(r.ShopSlug, vs)
		if err != nil {
			return nil, s.fail(op, fmt.Errorf("listing %s/%s: %w", r.ShopSlug, r.Row.ExternalID, err))
		}
		out[store.ListingKey{ShopSlug: r.ShopSlug, ExternalID: r.Row.ExternalID}] = l
	}
	return out, nil
}

// listingKeysFrom joins the keys withListingKeys stages (u) to the
// listings they name (l) and their shops (s); keys naming none drop out.
const listingKeysFrom = ` FROM u
		JOIN shops s ON s.slug = u.shop_slug
		JOIN listings l ON l.shop_id = s.id AND l.external_id = u.external_id`

// withListingKeys stages keys, each once, as the rowset u(shop_slug,
// external_id) of a WITH clause, so that a batch read is one statement
// however many keys it has. keys must not be empty.
func (s *Store) withListingKeys(tx Tx, keys []store.ListingKey) (string, []any, error) {
	var slugs, externalIDs []string
	seen := make(map[store.ListingKey]bool, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			slugs = append(slugs, k.ShopSlug)
			externalIDs = append(externalIDs, k.ExternalID)
		}
	}
	return s.with(tx, "u(shop_slug, external_id)", (&Rowset{Len: len(slugs)}).Text(slugs).Text(externalIDs))
}
