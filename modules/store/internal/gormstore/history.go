package gormstore

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// PriceAt returns the change point in force at t: the latest one that
// started at or before it. The error wraps catalog.ErrNotFound when the
// variant is unknown or was first seen after t.
func (s *Store) PriceAt(ctx context.Context, key catalog.VariantKey, t time.Time) (store.PricePoint, error) {
	var row pointRow
	err := s.db.WithContext(ctx).Select("price_points.*").
		Joins("JOIN variants ON variants.id = price_points.variant_id").
		Joins("JOIN listings ON listings.id = variants.listing_id").
		Joins("JOIN shops ON shops.id = listings.shop_id").
		Where("shops.slug = ? AND listings.external_id = ? AND variants.external_id = ?",
			key.ShopSlug, key.ListingExternalID, key.VariantExternalID).
		Where("price_points.valid_from <= ?", stamp{at(t)}).
		Order("price_points.valid_from DESC").Take(&row).Error
	if err != nil {
		return store.PricePoint{}, s.fail(fmt.Sprintf("price of %s at %s", key, t.UTC().Format(time.RFC3339Nano)), err)
	}
	return row.toDomain(key), nil
}

// History returns the change points of a variant that overlap [from, to],
// oldest first, starting with the one in force at from. A known variant
// with no points there has an empty history; an unknown one is an error
// wrapping catalog.ErrNotFound, and from after to one wrapping
// catalog.ErrInvalid.
func (s *Store) History(ctx context.Context, key catalog.VariantKey, from, to time.Time) ([]store.PricePoint, error) {
	op := fmt.Sprintf("history of %s", key)
	if from.After(to) {
		return nil, fmt.Errorf("%s: %w: from %s is after to %s", op, catalog.ErrInvalid,
			from.UTC().Format(time.RFC3339Nano), to.UTC().Format(time.RFC3339Nano))
	}
	db := s.db.WithContext(ctx)
	id, err := variantID(db, key)
	if err != nil {
		return nil, s.fail(op, err)
	}
	f, t := stamp{at(from)}, stamp{at(to)}
	var rows []pointRow
	err = db.Where("variant_id = ? AND valid_from <= ?", id, t).
		Where(`valid_from >= COALESCE((SELECT MAX(q.valid_from) FROM price_points q
			WHERE q.variant_id = ? AND q.valid_from <= ?), ?)`, id, f, f).
		Order("valid_from").Find(&rows).Error
	if err != nil {
		return nil, s.fail(op, err)
	}
	out := make([]store.PricePoint, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(key)
	}
	return out, nil
}

// variantID returns the id of the variant named by key, or
// gorm.ErrRecordNotFound.
func variantID(db *gorm.DB, key catalog.VariantKey) (int64, error) {
	var id int64
	res := db.Table("variants").Select("variants.id").
		Joins("JOIN listings ON listings.id = variants.listing_id").
		Joins("JOIN shops ON shops.id = listings.shop_id").
		Where("shops.slug = ? AND listings.external_id = ? AND variants.external_id = ?",
			key.ShopSlug, key.ListingExternalID, key.VariantExternalID).
		Limit(1).Scan(&id)
	if res.Error != nil {
		return 0, res.Error
	}
	if res.RowsAffected == 0 {
		return 0, gorm.ErrRecordNotFound
	}
	return id, nil
}

func (r pointRow) toDomain(key catalog.VariantKey) store.PricePoint {
	p := store.PricePoint{
		Variant:      key,
		ValidFrom:    r.ValidFrom.Time,
		LastSeen:     r.LastSeenAt.Time,
		Price:        catalog.Money{Amount: r.PriceMinor, Currency: r.Currency},
		Availability: catalog.Availability(r.Availability),
		SourceRun:    r.SourceRun,
	}
	if r.CompareAtMinor != nil {
		p.CompareAt = catalog.Money{Amount: *r.CompareAtMinor, Currency: r.Currency}
	}
	return p
}
