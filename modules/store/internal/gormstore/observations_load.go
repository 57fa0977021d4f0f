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

// resolveVariants finds, in one statement, the variants of the batch's
// listings with their current points: refs[i] is the variant of b.keys[i],
// with an id of 0 when it is unknown, and siblings holds every variant of
// each listing found, those the batch does not observe included, for the
// listings' aggregates. Listings, not variants, are what is staged: a
// quarter of the rows for the four-variant listings of the benchmarks.
func (s *Store) resolveVariants(tx Tx, b batchKeys, shops map[string]int64) ([]variantRef, map[int64][]variantRef, error) {
	refs := make([]variantRef, len(b.keys))
	type listingKey struct {
		shop    int64
		listing string
	}
	seen := make(map[listingKey]bool)
	slugOf := make(map[int64]string, len(shops))
	var shopIDs []int64
	var listings []string
	for _, k := range b.keys {
		id, ok := shops[k.ShopSlug]
		if !ok {
			continue
		}
		slugOf[id] = k.ShopSlug
		if lk := (listingKey{id, k.ListingExternalID}); !seen[lk] {
			seen[lk] = true
			shopIDs = append(shopIDs, id)
			listings = append(listings, k.ListingExternalID)
		}
	}
	siblings := make(map[int64][]variantRef, len(listings))
	if len(listings) == 0 {
		return refs, siblings, nil
	}
	q, args, err := s.with(tx, "u(shop_id, listing)", (&Rowset{Len: len(listings), Bulk: true}).Int(shopIDs).Text(listings))
	if err != nil {
		return nil, nil, err
	}
	rows, err := tx.DB.Raw(q+` SELECT l.shop_id, l.external_id, v.external_id, v.id, v.listing_id,
			`+currentPointColumns+`
		FROM u
		JOIN listings l ON l.shop_id = u.shop_id AND l.external_id = u.listing
		JOIN variants v ON v.listing_id = l.id`+variantPricesJoin, args...).Rows()
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			key catalog.VariantKey
			r   variantRef
			p   storedPoint
		)
		if err := rows.Scan(append([]any{&r.shopID, &key.ListingExternalID, &key.VariantExternalID, &r.id, &r.listingID}, p.targets()...)...); err != nil {
			return nil, nil, err
		}
		if p.price.Valid {
			pt := p.point()
			r.current = &pt
		}
		siblings[r.listingID] = append(siblings[r.listingID], r)
		key.ShopSlug = slugOf[r.shopID]
		if i, ok := b.index[key]; ok {
			refs[i] = r
		}
	}
	return refs, siblings, rows.Err()
}

// currentPointColumns read a variant's current point, in the order of
// storedPoint.targets, from the row of variant_prices that variantPricesJoin
// joins to variants v; they are NULL for a variant never observed. The
// current point is kept equal to the variant's latest price point by the
// transaction that writes the point.
const currentPointColumns = `vp.price_since, vp.last_seen_at, vp.price_minor, vp.compare_at_minor, vp.currency, vp.availability, ''`

// variantPricesJoin joins to variants v the current state of each (alias
// vp), NULL for a variant never observed.
const variantPricesJoin = ` LEFT JOIN variant_prices vp ON vp.variant_id = v.id`

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
