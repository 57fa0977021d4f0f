package gormstore

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// This file holds the reads of RecordObservations: what it needs to know
// before folding a batch in.

// shopsBySlug maps the slugs that name a shop to its id.
func (s *Store) shopsBySlug(ctx context.Context, slugs []string) (map[string]int64, error) {
	var found []struct {
		ID   int64
		Slug string
	}
	err := s.db.WithContext(ctx).Table("shops").Select("id", "slug").Where("slug IN ?", slugs).Scan(&found).Error
	if err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(found))
	for _, f := range found {
		ids[f.Slug] = f.ID
	}
	return ids, nil
}

// resolveVariants finds the variants of keys in one statement: refs[i] is
// the variant of keys[i], with an id of 0 when it is unknown. The current
// point comes from the variant's own columns, which RecordObservations keeps
// equal to its latest price point in the transaction that writes the point.
func (s *Store) resolveVariants(tx Tx, keys []catalog.VariantKey, shops map[string]int64) ([]variantRef, error) {
	refs := make([]variantRef, len(keys))
	var pos, shopIDs []int64
	var listings, variants []string
	for i, k := range keys {
		if id, ok := shops[k.ShopSlug]; ok {
			pos = append(pos, int64(i))
			shopIDs = append(shopIDs, id)
			listings = append(listings, k.ListingExternalID)
			variants = append(variants, k.VariantExternalID)
		}
	}
	if len(pos) == 0 {
		return refs, nil
	}
	q, args, err := s.with(tx, "u(pos, shop_id, listing, variant)",
		(&Rowset{Len: len(pos), Bulk: true}).Int(pos).Int(shopIDs).Text(listings).Text(variants))
	if err != nil {
		return nil, err
	}
	rows, err := tx.DB.Raw(q+` SELECT u.pos, v.id, v.listing_id, l.shop_id,
			v.price_since, v.last_seen_at, v.price_minor, v.compare_at_minor, v.currency, v.availability, ''
		FROM u
		JOIN listings l ON l.shop_id = u.shop_id AND l.external_id = u.listing
		JOIN variants v ON v.listing_id = l.id AND v.external_id = u.variant`, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			i int
			r variantRef
			p storedPoint
		)
		if err := rows.Scan(append([]any{&i, &r.id, &r.listingID, &r.shopID}, p.targets()...)...); err != nil {
			return nil, err
		}
		if p.price.Valid {
			pt := p.point()
			r.current = &pt
		}
		refs[i] = r
	}
	return refs, rows.Err()
}

// storedPoint scans the columns of a price point, which are NULL on a
// variant never observed.
type storedPoint struct {
	from, seen           stamp
	price, compareAt     sql.NullInt64
	currency, avail, run sql.NullString
}

func (p *storedPoint) targets() []any {
	return []any{&p.from, &p.seen, &p.price, &p.compareAt, &p.currency, &p.avail, &p.run}
}

func (p *storedPoint) point() point {
	st := state{
		Price:        catalog.Money{Amount: p.price.Int64, Currency: p.currency.String},
		Availability: catalog.Availability(p.avail.String),
	}
	if p.compareAt.Valid {
		st.CompareAt = catalog.Money{Amount: p.compareAt.Int64, Currency: p.currency.String}
	}
	return loadedPoint(st, p.from.Time, p.seen.Time, p.run.String)
}

// loadPoints reads, for the variants of batch at the indexes late, the
// point in force just before their earliest observation and every later
// point: all that fold can touch, and the point before any it can start.
func (s *Store) loadPoints(tx Tx, batch []variantBatch, late []int, timelines [][]point) error {
	ids := make([]int64, len(late))
	earliest := make([]time.Time, len(late))
	index := make(map[int64]int, len(late))
	for i, k := range late {
		b := batch[k]
		ids[i] = b.ref.id
		earliest[i] = slices.MinFunc(b.samples, func(a, b sample) int { return a.At.Compare(b.At) }).At
		index[b.ref.id] = k
	}
	q, args, err := s.with(tx, "u(variant_id, t0)", (&Rowset{Len: len(late)}).Int(ids).Time(earliest))
	if err != nil {
		return err
	}
	rows, err := tx.DB.Raw(q+` SELECT p.variant_id, p.valid_from, p.last_seen_at, p.price_minor,
			p.compare_at_minor, p.currency, p.availability, p.source_run
		FROM u JOIN price_points p ON p.variant_id = u.variant_id
		WHERE p.valid_from >= COALESCE((SELECT MAX(q.valid_from) FROM price_points q
			WHERE q.variant_id = u.variant_id AND q.valid_from < u.t0), u.t0)`, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var variantID int64
		var p storedPoint
		if err := rows.Scan(append([]any{&variantID}, p.targets()...)...); err != nil {
			return err
		}
		k := index[variantID]
		timelines[k] = append(timelines[k], p.point())
	}
	for _, k := range late {
		slices.SortFunc(timelines[k], func(a, b point) int { return a.ValidFrom().Compare(b.ValidFrom()) })
	}
	return rows.Err()
}
