package gormstore

import (
	"context"
	"database/sql"
	"fmt"
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
// Each staged listing carries its position in the batch, which the rows
// return in place of the listing's key: a row is matched to its key by
// comparing the variant's external id with those of the listing's keys,
// without building a key (three strings) per row. A variant's current
// point, read from variant_prices, is kept equal to its latest price point
// by the transaction that writes the point.
func (s *Store) resolveVariants(tx Tx, b batchKeys, shops map[string]int64) ([]variantRef, map[int64][]variantRef, error) {
	refs := make([]variantRef, len(b.keys))
	type listingKey struct {
		shop    int64
		listing string
	}
	// The keys of listing n are first[n], next[first[n]], … until -1.
	position := make(map[listingKey]int32)
	var first []int32
	next := make([]int32, len(b.keys))
	var positions, shopIDs []int64
	var listings []string
	for k, key := range b.keys {
		id, ok := shops[key.ShopSlug]
		if !ok {
			continue
		}
		lk := listingKey{id, key.ListingExternalID}
		n, ok := position[lk]
		if !ok {
			n = int32(len(first))
			position[lk] = n
			first = append(first, -1)
			positions, shopIDs, listings = append(positions, int64(n)), append(shopIDs, id), append(listings, key.ListingExternalID)
		}
		next[k], first[n] = first[n], int32(k)
	}
	if len(first) == 0 {
		return refs, map[int64][]variantRef{}, nil
	}
	q, args, err := s.with(tx, "u(n, shop_id, listing)", (&Rowset{Len: len(first), Bulk: true}).Int(positions).Int(shopIDs).Text(listings))
	if err != nil {
		return nil, nil, err
	}
	var (
		n, id, listingID, price, compareAt int64
		observed, hasCompareAt             bool
		external, currency, availability   string
		since, seen                        time.Time
		arena                              pointArena
	)
	all := make([]variantRef, 0, len(b.keys)) // every variant of the listings
	listingOf := make([]int32, 0, len(b.keys))
	err = s.dialect.Each(tx, q+` SELECT u.n, v.external_id, v.id, v.listing_id,
			vp.variant_id IS NOT NULL, vp.compare_at_minor IS NOT NULL, vp.price_since, vp.last_seen_at,
			vp.price_minor, vp.compare_at_minor, vp.currency, vp.availability
		FROM u
		JOIN listings l ON l.shop_id = u.shop_id AND l.external_id = u.listing
		JOIN variants v ON v.listing_id = l.id`+variantPricesJoin, args,
		[]any{&n, &external, &id, &listingID, &observed, &hasCompareAt, &since, &seen, &price, &compareAt, &currency, &availability},
		func() error {
			if n < 0 || n >= int64(len(first)) {
				return fmt.Errorf("variant %d read for listing %d of %d", id, n, len(first))
			}
			r := variantRef{id: id, listingID: listingID, shopID: shopIDs[n]}
			if observed {
				st := state{Price: catalog.Money{Amount: price, Currency: currency}, Availability: catalog.Availability(availability)}
				if hasCompareAt {
					st.CompareAt = catalog.Money{Amount: compareAt, Currency: currency}
				}
				r.current = arena.add(loadedPoint(st, since, seen, ""))
			}
			all, listingOf = append(all, r), append(listingOf, int32(n))
			for k := first[n]; k >= 0; k = next[k] {
				if b.keys[k].VariantExternalID == external {
					refs[k] = r
					break
				}
			}
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	return refs, groupByListing(all, listingOf, len(first)), nil
}

// groupByListing sorts the variants of all by the listing they belong to
// (listingOf[i] is the position of all[i]'s listing, below n) into one
// array, and maps each listing's id to its share of it.
func groupByListing(all []variantRef, listingOf []int32, n int) map[int64][]variantRef {
	start := make([]int, n+1)
	for _, l := range listingOf {
		start[l+1]++
	}
	for l := range n {
		start[l+1] += start[l]
	}
	grouped := make([]variantRef, len(all))
	fill := slices.Clone(start[:n])
	for i, r := range all {
		grouped[fill[listingOf[i]]] = r
		fill[listingOf[i]]++
	}
	siblings := make(map[int64][]variantRef, n)
	for l := range n {
		if vs := grouped[start[l]:start[l+1]:start[l+1]]; len(vs) > 0 {
			siblings[vs[0].listingID] = vs
		}
	}
	return siblings
}

// pointArena allocates points a chunk at a time: the current points of a
// large batch are a few allocations rather than one each.
type pointArena struct{ chunk []point }

func (a *pointArena) add(p point) *point {
	if len(a.chunk) == cap(a.chunk) {
		a.chunk = make([]point, 0, 1024)
	}
	a.chunk = append(a.chunk, p)
	return &a.chunk[len(a.chunk)-1]
}

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
