package gormstore

import (
	"context"
	"slices"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// facetSQL counts the products per value of a listings column (a
// constant of this package), from the aggregates in listing_prices: a
// listing never observed counts as a product, neither in stock nor on
// sale.
func facetSQL(column string) string {
	return `SELECT l.` + column + ` AS value, COUNT(*) AS products,
		COALESCE(SUM(CASE WHEN p.in_stock THEN 1 ELSE 0 END), 0) AS in_stock,
		COALESCE(SUM(CASE WHEN p.discount_max_bp > 0 THEN 1 ELSE 0 END), 0) AS on_sale
	FROM listings l LEFT JOIN listing_prices p ON p.listing_id = l.id
	GROUP BY l.` + column
}

type facetRow struct {
	Value    string `gorm:"column:value"`
	Products int64  `gorm:"column:products"`
	InStock  int64  `gorm:"column:in_stock"`
	OnSale   int64  `gorm:"column:on_sale"`
}

// facets runs facetSQL(column), leaving out the empty value.
func (s *Store) facets(ctx context.Context, column string) ([]catalog.FacetCount, error) {
	var rows []facetRow
	if err := s.db.WithContext(ctx).Raw(facetSQL(column)).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]catalog.FacetCount, 0, len(rows))
	for _, r := range rows {
		if r.Value != "" {
			out = append(out, catalog.FacetCount(r))
		}
	}
	return out, nil
}

// BrandCounts counts products per brand in one statement, ordered by
// brand (byte order, whatever the database collation); products of
// unknown brand ("") are left out.
func (s *Store) BrandCounts(ctx context.Context) ([]catalog.FacetCount, error) {
	rows, err := s.facets(ctx, "brand")
	if err != nil {
		return nil, s.fail("brand counts", err)
	}
	slices.SortFunc(rows, func(a, b catalog.FacetCount) int { return strings.Compare(a.Value, b.Value) })
	return rows, nil
}

// CategoryCounts counts products per category in one statement, in
// catalog.Categories order.
func (s *Store) CategoryCounts(ctx context.Context) ([]catalog.FacetCount, error) {
	rows, err := s.facets(ctx, "category")
	if err != nil {
		return nil, s.fail("category counts", err)
	}
	order := catalog.Categories()
	position := func(v string) int {
		if i := slices.Index(order, catalog.Category(v)); i >= 0 {
			return i
		}
		return len(order) // the store writes only known categories
	}
	slices.SortFunc(rows, func(a, b catalog.FacetCount) int {
		if pa, pb := position(a.Value), position(b.Value); pa != pb {
			return pa - pb
		}
		return strings.Compare(a.Value, b.Value)
	})
	return rows, nil
}
