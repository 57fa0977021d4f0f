package gormstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/skatestock/skatestock/modules/catalog"
)

// UpsertShops inserts or updates shops by slug in one transaction. A shop
// listed twice is written as its last occurrence. updated_at moves only
// when a field changed, so repeating a call leaves the rows as they were.
func (s *Store) UpsertShops(ctx context.Context, shops []catalog.Shop) error {
	if len(shops) == 0 {
		return nil
	}
	for _, sh := range shops {
		if err := sh.Validate(); err != nil {
			return fmt.Errorf("upsert shops: %w", err)
		}
	}
	now := s.clock()
	rows := make([]shopRow, 0, len(shops))
	for _, sh := range lastBy(shops, func(sh catalog.Shop) string { return sh.Slug }) {
		rows = append(rows, toShopRow(sh, now))
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Clauses(upsert("shops", []string{"slug"},
			"name", "platform", "base_url", "currency", "country")).
			CreateInBatches(rows, s.dialect.BatchSize()).Error
	})
	return s.fail("upsert shops", err)
}

// Shop returns one shop by slug, or an error wrapping catalog.ErrNotFound.
func (s *Store) Shop(ctx context.Context, slug string) (catalog.Shop, error) {
	var row shopRow
	err := s.db.WithContext(ctx).Where("slug = ?", slug).Take(&row).Error
	if err != nil {
		return catalog.Shop{}, s.fail(fmt.Sprintf("shop %q", slug), err)
	}
	return row.toDomain(), nil
}

// Shops returns every shop ordered by slug (byte order, whatever the
// database collation).
func (s *Store) Shops(ctx context.Context) ([]catalog.Shop, error) {
	var rows []shopRow
	if err := s.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, s.fail("shops", err)
	}
	out := make([]catalog.Shop, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	slices.SortFunc(out, func(a, b catalog.Shop) int { return strings.Compare(a.Slug, b.Slug) })
	return out, nil
}

// upsert is the ON CONFLICT clause of the catalog tables: on a key that
// exists, update the given columns and updated_at, but only when one of the
// columns changed, so that an unchanged row is not rewritten at all.
func upsert(table string, key []string, columns ...string) clause.OnConflict {
	cols := make([]clause.Column, len(key))
	for i, k := range key {
		cols[i] = clause.Column{Name: k}
	}
	changed := make([]string, len(columns))
	for i, c := range columns {
		changed[i] = fmt.Sprintf("%s.%s IS DISTINCT FROM excluded.%s", table, c, c)
	}
	return clause.OnConflict{
		Columns:   cols,
		DoUpdates: clause.AssignmentColumns(append(slices.Clone(columns), "updated_at")),
		Where:     clause.Where{Exprs: []clause.Expression{clause.Expr{SQL: strings.Join(changed, " OR ")}}},
	}
}

// lastBy drops all but the last of the items sharing a key, keeping the
// order of the survivors. Batch upserts need it: one statement may not
// touch the same row twice.
func lastBy[T any, K comparable](items []T, key func(T) K) []T {
	last := make(map[K]int, len(items))
	for i, it := range items {
		last[key(it)] = i
	}
	if len(last) == len(items) {
		return items
	}
	out := make([]T, 0, len(last))
	for i, it := range items {
		if last[key(it)] == i {
			out = append(out, it)
		}
	}
	return out
}
