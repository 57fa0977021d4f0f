package gormstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

type listingKey struct {
	shopID     int64
	externalID string
}

// UpsertListings inserts or updates listings by (shop, external id) and
// their variants by (listing, variant external id), all in one transaction.
// A listing given twice is written as its last occurrence. Every shop must
// exist, else nothing is written and the error wraps catalog.ErrNotFound.
// Variants missing from a listing are kept, with their history.
func (s *Store) UpsertListings(ctx context.Context, listings []catalog.Listing) error {
	if len(listings) == 0 {
		return nil
	}
	for _, l := range listings {
		if err := l.Validate(); err != nil {
			return fmt.Errorf("upsert listings: %w", err)
		}
	}
	listings = lastBy(listings, func(l catalog.Listing) [2]string { return [2]string{l.ShopSlug, l.ExternalID} })
	shopIDs, err := s.shopIDs(ctx, listings)
	if err != nil {
		return s.fail("upsert listings", err)
	}
	now := s.clock()
	rows := make([]listingRow, len(listings))
	for i, l := range listings {
		if rows[i], err = toListingRow(l, shopIDs[l.ShopSlug], now); err != nil {
			return fmt.Errorf("upsert listings: %w", err)
		}
	}
	err = s.inTx(ctx, func(t Tx) error {
		tx := t.DB
		err := tx.Clauses(upsert("listings", []string{"shop_id", "external_id"},
			"handle", "title", "brand", "category", "url", "image_url", "tags", "search_text")).
			CreateInBatches(rows, s.dialect.BatchSize()).Error
		if err != nil {
			return err
		}
		ids, err := s.listingIDs(t, rows)
		if err != nil {
			return err
		}
		var variants []variantRow
		for i, l := range listings {
			id := ids[listingKey{rows[i].ShopID, l.ExternalID}]
			for _, v := range l.Variants {
				row, err := toVariantRow(v, id, now)
				if err != nil {
					return err
				}
				variants = append(variants, row)
			}
		}
		return tx.Clauses(upsert("variants", []string{"listing_id", "external_id"},
			"sku", "gtin", "title", "options", "deck_width_hundredths", "wheel_diameter_mm",
			"wheel_durometer", "truck_size", "shoe_size_us", "apparel_size")).
			CreateInBatches(variants, s.dialect.BatchSize()).Error
	})
	return s.fail("upsert listings", err)
}

// shopIDs maps the shop slugs of listings to shop ids, failing with
// catalog.ErrNotFound naming the first unknown shop.
func (s *Store) shopIDs(ctx context.Context, listings []catalog.Listing) (map[string]int64, error) {
	var slugs []string
	for _, l := range listings {
		if !slices.Contains(slugs, l.ShopSlug) {
			slugs = append(slugs, l.ShopSlug)
		}
	}
	ids, err := s.shopsBySlug(ctx, slugs)
	if err != nil {
		return nil, err
	}
	for _, slug := range slugs {
		if _, ok := ids[slug]; !ok {
			return nil, fmt.Errorf("shop %q: %w", slug, catalog.ErrNotFound)
		}
	}
	return ids, nil
}

// listingIDs reads back the ids of the listings just upserted, in one
// statement whatever their number.
func (s *Store) listingIDs(tx Tx, rows []listingRow) (map[listingKey]int64, error) {
	shopIDs := make([]int64, len(rows))
	externalIDs := make([]string, len(rows))
	for i, r := range rows {
		shopIDs[i], externalIDs[i] = r.ShopID, r.ExternalID
	}
	q, args, err := s.with(tx, "u(shop_id, external_id)", (&Rowset{Len: len(rows)}).Int(shopIDs).Text(externalIDs))
	if err != nil {
		return nil, err
	}
	res, err := tx.DB.Raw(q+` SELECT l.id, l.shop_id, l.external_id FROM u
		JOIN listings l ON l.shop_id = u.shop_id AND l.external_id = u.external_id`, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer res.Close()
	ids := make(map[listingKey]int64, len(rows))
	for res.Next() {
		var id int64
		var k listingKey
		if err := res.Scan(&id, &k.shopID, &k.externalID); err != nil {
			return nil, err
		}
		ids[k] = id
	}
	return ids, res.Err()
}

// Listing returns a listing with its variants ordered by external id (byte
// order), or an error wrapping catalog.ErrNotFound.
func (s *Store) Listing(ctx context.Context, shopSlug, externalID string) (catalog.Listing, error) {
	op := fmt.Sprintf("listing %s/%s", shopSlug, externalID)
	db := s.db.WithContext(ctx)
	var row listingRow
	err := db.Select("listings.*").Joins("JOIN shops ON shops.id = listings.shop_id").
		Where("shops.slug = ? AND listings.external_id = ?", shopSlug, externalID).Take(&row).Error
	if err != nil {
		return catalog.Listing{}, s.fail(op, err)
	}
	var vrows []variantRow
	err = db.Select("variants.*").Joins("JOIN listings ON listings.id = variants.listing_id").
		Joins("JOIN shops ON shops.id = listings.shop_id").
		Where("shops.slug = ? AND listings.external_id = ?", shopSlug, externalID).Find(&vrows).Error
	if err != nil {
		return catalog.Listing{}, s.fail(op, err)
	}
	variants := make([]catalog.Variant, len(vrows))
	for i, vr := range vrows {
		if variants[i], err = vr.toDomain(); err != nil {
			return catalog.Listing{}, s.fail(op, err)
		}
	}
	slices.SortFunc(variants, func(a, b catalog.Variant) int { return strings.Compare(a.ExternalID, b.ExternalID) })
	l, err := row.toDomain(shopSlug, variants)
	if err != nil {
		return catalog.Listing{}, s.fail(op, err)
	}
	return l, nil
}
