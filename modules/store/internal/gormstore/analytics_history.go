package gormstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

var _ store.Analytics = (*Store)(nil)

// analyticsVariantRow is a variant with its listing's key, as the
// analytics reads and writes resolve them.
type analyticsVariantRow struct {
	ID                int64      `gorm:"column:id"`
	ShopSlug          string     `gorm:"column:shop_slug"`
	ListingExternalID string     `gorm:"column:listing_external_id"`
	Row               variantRow `gorm:"embedded"`
}

func (r analyticsVariantRow) key() catalog.VariantKey {
	return catalog.VariantKey{ShopSlug: r.ShopSlug, ListingExternalID: r.ListingExternalID, VariantExternalID: r.Row.ExternalID}
}

// listingVariantsSQL selects every variant of the listings staged as u
// (withListingKeys), with their listings' keys.
const listingVariantsSQL = ` SELECT v.*, s.slug AS shop_slug, l.external_id AS listing_external_id` +
	listingKeysFrom + ` JOIN variants v ON v.listing_id = l.id`

// listingVariants resolves the variants of keys in one statement.
func (s *Store) listingVariants(tx Tx, keys []store.ListingKey) ([]analyticsVariantRow, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	q, args, err := s.withListingKeys(tx, keys)
	if err != nil {
		return nil, err
	}
	var rows []analyticsVariantRow
	if err := tx.DB.Raw(q+listingVariantsSQL, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return rows, nil
}

// ListingHistories reads the listings' variants, then every change point
// of them over [from, to] (from the one in force at from), in two
// statements: the points as ProductHistory reads one listing's, with the
// variants of every listing of keys in place of one.
func (s *Store) ListingHistories(ctx context.Context, keys []store.ListingKey, from, to time.Time) (map[store.ListingKey][]catalog.VariantHistory, error) {
	const op = "listing histories"
	if from.After(to) {
		return nil, fmt.Errorf("%s: %w", op, invalidf("from", "%s is after to %s",
			from.UTC().Format(time.RFC3339Nano), to.UTC().Format(time.RFC3339Nano)))
	}
	out := make(map[store.ListingKey][]catalog.VariantHistory, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	tx := Tx{DB: s.db.WithContext(ctx)}
	vrows, err := s.listingVariants(tx, keys)
	if err != nil {
		return nil, s.fail(op, err)
	}
	if len(vrows) == 0 {
		return s.emptyHistories(tx, keys, out)
	}
	q, args, err := s.withListingKeys(tx, keys)
	if err != nil {
		return nil, s.fail(op, err)
	}
	f, t := stamp{at(from)}, stamp{at(to)}
	var points []historyPointRow
	err = tx.DB.Raw(q+` SELECT pp.variant_id, pp.valid_from, pp.last_seen_at, pp.price_minor, pp.compare_at_minor,
			pp.currency, pp.availability, pp.source_run
		FROM (SELECT v.id, COALESCE((SELECT MAX(q.valid_from) FROM price_points q
				WHERE q.variant_id = v.id AND q.valid_from <= ?), ?) AS start`+
		listingKeysFrom+` JOIN variants v ON v.listing_id = l.id) b
		JOIN price_points pp ON pp.variant_id = b.id AND pp.valid_from >= b.start AND pp.valid_from <= ?
		ORDER BY pp.variant_id, pp.valid_from`, append(args, f, f, t)...).Scan(&points).Error
	if err != nil {
		return nil, s.fail(op, err)
	}
	spans := make(map[int64][]catalog.PriceSpan, len(vrows))
	for _, p := range points {
		pp := p.Point.toDomain(catalog.VariantKey{})
		spans[p.VariantID] = append(spans[p.VariantID], catalog.PriceSpan{
			ValidFrom: pp.ValidFrom, LastSeen: pp.LastSeen, Price: pp.Price, CompareAt: pp.CompareAt,
			Availability: pp.Availability,
		})
	}
	for _, r := range vrows {
		v, err := r.Row.toDomain()
		if err != nil {
			return nil, s.fail(op, err)
		}
		k := store.ListingKey{ShopSlug: r.ShopSlug, ExternalID: r.ListingExternalID}
		h := catalog.VariantHistory{ExternalID: v.ExternalID, Title: v.Title, Attributes: v.Attributes, Spans: spans[r.ID]}
		if h.Spans == nil {
			h.Spans = []catalog.PriceSpan{}
		}
		out[k] = append(out[k], h)
	}
	for k, hs := range out {
		slices.SortFunc(hs, func(a, b catalog.VariantHistory) int { return strings.Compare(a.ExternalID, b.ExternalID) })
		out[k] = hs
	}
	return s.emptyHistories(tx, keys, out)
}

// emptyHistories adds the listings of keys that exist but have no
// variants, with an empty history, in one statement when there are any
// keys not in out yet.
func (s *Store) emptyHistories(tx Tx, keys []store.ListingKey, out map[store.ListingKey][]catalog.VariantHistory) (map[store.ListingKey][]catalog.VariantHistory, error) {
	var missing []store.ListingKey
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	q, args, err := s.withListingKeys(tx, missing)
	if err != nil {
		return nil, s.fail("listing histories", err)
	}
	var rows []struct {
		ShopSlug   string `gorm:"column:shop_slug"`
		ExternalID string `gorm:"column:external_id"`
	}
	if err := tx.DB.Raw(q+` SELECT s.slug AS shop_slug, l.external_id`+listingKeysFrom, args...).Scan(&rows).Error; err != nil {
		return nil, s.fail("listing histories", err)
	}
	for _, r := range rows {
		out[store.ListingKey{ShopSlug: r.ShopSlug, ExternalID: r.ExternalID}] = []catalog.VariantHistory{}
	}
	return out, nil
}
