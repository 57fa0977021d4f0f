package gormstore

import (
	"context"
	"fmt"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/catalog"
)

// Products returns one page of the products matching q. Pages are keyset
// pages, never OFFSET: each resumes after the sort value and id of the
// previous page's last product, so a page costs the same wherever it is
// and concurrent writes never make one repeat or skip a product that did
// not move.
//
// Products with a sort value come first, ordered by it and then by id in
// the sort's direction; products never priced have no price, discount or
// price change and come last in both directions, ordered by id alone. Each
// of the two groups is one statement, served by an index on (sort value,
// id); the second runs only when the first did not fill the page and a
// never-priced product can pass the filters. The title sort has one group:
// every product has a title.
func (s *Store) Products(ctx context.Context, q catalog.ProductQuery) (catalog.ProductPage, error) {
	const op = "products"
	if err := q.Validate(); err != nil {
		return catalog.ProductPage{}, fmt.Errorf("%s: %w", op, err)
	}
	var after *cursor
	if q.After != "" {
		c, err := decodeCursor(q.After, q.Sort)
		if err != nil {
			return catalog.ProductPage{}, fmt.Errorf("%s: %w", op, err)
		}
		after = &c
	}
	key := s.sortKey(q.Sort.Field)
	f := s.newProductFilter(q)
	db := s.db.WithContext(ctx)
	var rows []summaryRow
	if after == nil || !after.Unpriced {
		query, args := s.pricedPage(key, q.Sort.Desc, f.conds, after, q.Limit+1)
		if err := db.Raw(query, args...).Scan(&rows).Error; err != nil {
			return catalog.ProductPage{}, s.fail(op, err)
		}
	}
	if len(rows) <= q.Limit && key.nullable && !f.priced {
		var lastID int64
		if after != nil && after.Unpriced {
			lastID = after.ID
		}
		query, args := s.unpricedPage(q.Sort.Desc, f.conds, lastID, q.Limit+1-len(rows))
		var more []summaryRow
		if err := db.Raw(query, args...).Scan(&more).Error; err != nil {
			return catalog.ProductPage{}, s.fail(op, err)
		}
		rows = append(rows, more...)
	}
	page := catalog.ProductPage{Items: make([]catalog.ProductSummary, 0, min(len(rows), q.Limit))}
	for i, r := range rows[:min(len(rows), q.Limit)] {
		page.Items = append(page.Items, r.toDomain())
		if i == q.Limit-1 && len(rows) > q.Limit {
			page.Next = key.cursorAt(r, q.Sort).encode()
		}
	}
	return page, nil
}

// sortKey is how a sort field reads in SQL.
type sortKey struct {
	field catalog.ProductSortField
	// expr is the sort value over listings l and listing_prices p, and
	// outer the same over the page's columns; both are constants.
	expr, outer string
	// id is the tie-breaking id column: p's for the sorts that join
	// listing_prices, so that the pair matches its indexes (in SQLite
	// listing_id is the rowid that ends each of them).
	id string
	// nullable says never-priced products have no value.
	nullable bool
}

func (s *Store) sortKey(f catalog.ProductSortField) sortKey {
	switch f {
	case catalog.SortPrice:
		return sortKey{f, "p.price_min_minor", "pg.price_min_minor", "p.listing_id", true}
	case catalog.SortDiscount:
		return sortKey{f, "p.discount_max_bp", "pg.discount_max_bp", "p.listing_id", true}
	case catalog.SortUpdated:
		return sortKey{f, "p.price_updated_at", "pg.price_updated_at", "p.listing_id", true}
	}
	// The folded title (search_text is the title, then the brand): case
	// and accents do not matter, and bytewise order, which SQLite uses
	// anyway, makes both databases agree whatever Postgres's collation.
	if s.dialect.Name() == migrations.Postgres {
		return sortKey{f, `l.search_text COLLATE "C"`, `pg.search_text COLLATE "C"`, "l.id", false}
	}
	return sortKey{f, "l.search_text", "pg.search_text", "l.id", false}
}

func (k sortKey) cursorAt(r summaryRow, sort catalog.ProductSort) cursor {
	c := cursor{Field: string(sort.Field), Desc: sort.Desc, ID: r.ID}
	switch {
	case k.field == catalog.SortTitle:
		c.Text = r.SearchText
	case r.PriceMinMinor == nil:
		c.Unpriced = true
	case k.field == catalog.SortPrice:
		c.Num = *r.PriceMinMinor
	case k.field == catalog.SortDiscount:
		c.Num = deref(r.DiscountMaxBP)
	case k.field == catalog.SortUpdated:
		c.Num = r.PriceUpdatedAt.UnixMicro()
	}
	return c
}

// pageColumns are what a page selects of listings l and listing_prices p.
const pageColumns = `l.id, l.shop_id, l.external_id, l.handle, l.title, l.brand, l.category, l.url,
	l.image_url, l.tags, l.search_text, l.updated_at, p.price_min_minor, p.currency, p.discount_max_bp,
	p.in_stock, p.price_updated_at`

// pricedPage selects up to limit products with a sort value (every product
// for the title sort), after the cursor.
func (s *Store) pricedPage(k sortKey, desc bool, f conds, after *cursor, limit int) (string, []any) {
	join := " JOIN listing_prices p ON p.listing_id = l.id"
	if !k.nullable {
		join = " LEFT JOIN listing_prices p ON p.listing_id = l.id"
	}
	f = f.clone()
	dir, cmp := " ASC", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	if after != nil {
		f.add("("+k.expr+", "+k.id+") "+cmp+" (?, ?)", after.value(), after.ID)
	}
	inner := "SELECT " + pageColumns + " FROM listings l" + join + f.where() +
		" ORDER BY " + k.expr + dir + ", " + k.id + dir + " LIMIT ?"
	return s.summarySQL(inner) + " ORDER BY " + k.outer + dir + ", pg.id" + dir, append(f.args, limit)
}

// unpricedPage selects up to limit products never priced, after lastID
// (0 for the first). A listing_prices row has every sort value (the
// aggregates are written only for a listing with a priced variant), so
// these are exactly the listings without one.
func (s *Store) unpricedPage(desc bool, f conds, lastID int64, limit int) (string, []any) {
	f = f.clone()
	f.add("p.listing_id IS NULL")
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	if lastID != 0 {
		if desc {
			f.add("l.id < ?", lastID)
		} else {
			f.add("l.id > ?", lastID)
		}
	}
	inner := "SELECT " + pageColumns + " FROM listings l LEFT JOIN listing_prices p ON p.listing_id = l.id" +
		f.where() + " ORDER BY l.id" + dir + " LIMIT ?"
	return s.summarySQL(inner) + " ORDER BY pg.id" + dir, append(f.args, limit)
}

// summarySQL completes the rows of page, a SELECT of pageColumns, with
// their shop and their deal: the price and compare-at of the variant with
// the largest discount, preferring purchasable variants as the listing's
// discount does. The deal is looked up once per row of page, through the
// variants' listing index, never over the catalog: Postgres joins it
// LATERAL, which it always runs per row (as a plain join it may hash the
// whole variants table when its statistics are missing or stale); SQLite,
// which has no LATERAL but runs every join as nested loops, looks the
// variant's id up per row.
func (s *Store) summarySQL(page string) string {
	const deal = ` FROM variants v JOIN variant_prices vp ON vp.variant_id = v.id
		WHERE pg.discount_max_bp > 0 AND v.listing_id = pg.id AND vp.discount_bp > 0
		ORDER BY CASE WHEN vp.availability = '` + string(catalog.OutOfStock) + `' THEN 1 ELSE 0 END,
			vp.discount_bp DESC, vp.price_minor, v.id
		LIMIT 1`
	join := "LEFT JOIN LATERAL (SELECT vp.price_minor, vp.compare_at_minor, vp.currency" + deal + ") dv ON true"
	if s.dialect.Name() == migrations.SQLite {
		join = "LEFT JOIN variant_prices dv ON dv.variant_id = (SELECT v.id" + deal + ")"
	}
	return `SELECT pg.*, s.slug AS shop_slug, s.name AS shop_name, dv.price_minor AS deal_price_minor,
		dv.compare_at_minor AS deal_compare_at_minor, dv.currency AS deal_currency
	FROM (` + page + `) pg
	JOIN shops s ON s.id = pg.shop_id
	` + join
}
