package gormstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// listingStateRead is a listing row with its id and its shop's slug and
// name.
type listingStateRead struct {
	ID       int64
	ShopSlug string
	ShopName string
	Row      listingRow
}

// listingStateColumns are the columns ListingStates reads of a listing, in
// the order of targets.
const listingStateColumns = `l.id, s.slug, s.name, l.external_id, l.handle, l.title, l.brand, l.category,
	l.url, l.image_url, l.tags, l.updated_at`

func (r *listingStateRead) targets() []any {
	l := &r.Row
	return []any{&r.ID, &r.ShopSlug, &r.ShopName, &l.ExternalID, &l.Handle, &l.Title, &l.Brand, &l.Category,
		&l.URL, &l.ImageURL, &l.Tags, &l.UpdatedAt}
}

// variantStateColumns are the columns ListingStates reads of a variant, in
// the order of variantStateTargets.
const variantStateColumns = `v.id, v.listing_id, v.external_id, v.sku, v.gtin, v.title, v.options,
	v.deck_width_hundredths, v.wheel_diameter_mm, v.wheel_durometer, v.truck_size, v.shoe_size_us, v.apparel_size,
	vp.price_minor, vp.compare_at_minor, vp.currency, vp.availability, COALESCE(vp.discount_bp, 0), vp.price_since,
	vp.last_seen_at`

func variantStateTargets(r *variantStateRow) []any {
	v := &r.Row
	return []any{&r.ID, &v.ListingID, &v.ExternalID, &v.SKU, &v.GTIN, &v.Title, &v.Options,
		&v.DeckWidthHundredths, &v.WheelDiameterMM, &v.WheelDurometer, &v.TruckSize, &v.ShoeSizeUS, &v.ApparelSize,
		&r.PriceMinor, &r.CompareAtMinor, &r.Currency, &r.Availability, &r.DiscountBP, &r.PriceSince, &r.LastSeenAt}
}

// ListingStates returns the listings of keys with every variant's current
// state, in two statements whatever the number of keys, as Listings does:
// one for the listings, one for their variants with the current state
// RecordObservations keeps in variant_prices. listing_prices is not
// read: the summary's aggregates are left zero. Ingest calls it once per
// batch, so it names its columns and scans them itself: through GORM's
// reflective Scan the same read took about 1.5 times as long.
func (s *Store) ListingStates(ctx context.Context, keys []store.ListingKey) (map[store.ListingKey]catalog.Product, error) {
	out := make(map[store.ListingKey]catalog.Product, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	const op = "listing states"
	// In a transaction of its own so that its statements are planned for
	// these keys (inTx), as the ingest calls it once per batch.
	var rows []listingStateRead
	var variants map[int64][]catalog.VariantState
	err := s.inTx(ctx, func(tx Tx) error {
		var err error
		rows, variants, err = s.readListingStates(tx, keys)
		return err
	})
	if err != nil {
		return nil, s.fail(op, err)
	}
	for _, r := range rows {
		l, err := r.Row.toDomain(r.ShopSlug, nil)
		if err != nil {
			return nil, s.fail(op, fmt.Errorf("listing %s/%s: %w", r.ShopSlug, r.Row.ExternalID, err))
		}
		vs := variants[r.ID]
		if vs == nil {
			vs = []catalog.VariantState{}
		}
		slices.SortFunc(vs, func(a, b catalog.VariantState) int { return strings.Compare(a.ExternalID, b.ExternalID) })
		out[store.ListingKey{ShopSlug: r.ShopSlug, ExternalID: r.Row.ExternalID}] = catalog.Product{
			ProductSummary: catalog.ProductSummary{
				ID: r.ID, ShopSlug: r.ShopSlug, ShopName: r.ShopName, ExternalID: l.ExternalID, Handle: l.Handle,
				Title: l.Title, Brand: l.Brand, Category: l.Category, URL: l.URL, ImageURL: l.ImageURL,
				UpdatedAt: r.Row.UpdatedAt.Time,
			},
			Tags:     l.Tags,
			Variants: vs,
		}
	}
	return out, nil
}

// readListingStates reads the listings of keys and their variants with
// their current states, by listing id.
func (s *Store) readListingStates(tx Tx, keys []store.ListingKey) ([]listingStateRead, map[int64][]catalog.VariantState, error) {
	q, args, err := s.withListingKeys(tx, keys)
	if err != nil {
		return nil, nil, err
	}
	var rows []listingStateRead
	err = scanEach(tx, q+` SELECT `+listingStateColumns+listingKeysFrom, args, func(scan func(...any) error) error {
		var r listingStateRead
		if err := scan(r.targets()...); err != nil {
			return err
		}
		rows = append(rows, r)
		return nil
	})
	if err != nil || len(rows) == 0 {
		return nil, nil, err
	}
	variants := make(map[int64][]catalog.VariantState, len(rows))
	err = scanEach(tx, q+` SELECT `+variantStateColumns+listingKeysFrom+` JOIN variants v ON v.listing_id = l.id`+variantPricesJoin, args,
		func(scan func(...any) error) error {
			var r variantStateRow
			if err := scan(variantStateTargets(&r)...); err != nil {
				return err
			}
			v, err := r.toDomain()
			if err != nil {
				return err
			}
			variants[r.Row.ListingID] = append(variants[r.Row.ListingID], v)
			return nil
		})
	return rows, variants, err
}

// scanEach runs query and calls row with the scan of each row it returns.
func scanEach(tx Tx, query string, args []any, row func(scan func(...any) error) error) error {
	rows, err := tx.DB.Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
