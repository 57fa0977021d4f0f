package gormstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// trendRow is one point of one series as Trends reads it.
type trendRow struct {
	Day               stamp  `gorm:"column:day"`
	Series            string `gorm:"column:series"`
	Currency          string `gorm:"column:currency"`
	Variants          int64  `gorm:"column:variants"`
	PriceSum          int64  `gorm:"column:price_sum"`
	PriceMin          int64  `gorm:"column:price_min"`
	PriceMax          int64  `gorm:"column:price_max"`
	CompareAtVariants int64  `gorm:"column:compare_at_variants"`
	CompareAtSum      int64  `gorm:"column:compare_at_sum"`
	DiscountSum       int64  `gorm:"column:discount_sum"`
	OnSale            int64  `gorm:"column:on_sale"`
	InStock           int64  `gorm:"column:in_stock"`
}

// trendSource picks the rows that answer q and the column that keys its
// series: the finest kind of rollup its filters need, so that the rows a
// series sums are disjoint groups of variants (a brand's categories, say)
// and the sums are exact. q is valid.
func trendSource(q catalog.TrendQuery) (kind, key string) {
	brands, cats := len(q.Brands) > 0, len(q.Categories) > 0
	switch q.GroupBy {
	case catalog.TrendBrand:
		if cats {
			return kindBrandCategory, "brand"
		}
		return kindBrand, "brand"
	case catalog.TrendCategory:
		if brands {
			return kindBrandCategory, "category"
		}
		return kindCategory, "category"
	case catalog.TrendShop:
		return kindShop, "shop"
	}
	switch {
	case brands && cats:
		return kindBrandCategory, ""
	case brands:
		return kindBrand, ""
	case cats:
		return kindCategory, ""
	case len(q.Shops) > 0:
		return kindShop, ""
	}
	return kindAll, ""
}

// Trends reads the series of q in one statement. Without a currency it
// reads every currency's points and keeps those of the currency with the
// most variant-days: they are few (days × series × currencies), and the
// choice then follows the filters.
func (s *Store) Trends(ctx context.Context, q catalog.TrendQuery) (catalog.Trends, error) {
	const op = "trends"
	if err := q.Validate(); err != nil {
		return catalog.Trends{}, fmt.Errorf("%s: %w", op, err)
	}
	from, to := catalog.Day(q.From), catalog.Day(q.To)
	kind, key := trendSource(q)
	var c conds
	c.add("group_kind = ?", kind)
	c.add("day >= ? AND day <= ?", stamp{from}, stamp{to})
	if len(q.Brands) > 0 {
		c.add("brand IN ?", q.Brands)
	}
	if len(q.Categories) > 0 {
		cats := make([]string, len(q.Categories))
		for i, cat := range q.Categories {
			cats[i] = string(cat)
		}
		c.add("category IN ?", cats)
	}
	if len(q.Shops) > 0 {
		c.add("shop IN ?", q.Shops)
	}
	if q.Currency != "" {
		c.add("currency = ?", q.Currency)
	}
	series, group := "'"+string(catalog.TrendAll)+"'", "day, currency"
	if key != "" {
		series, group = key, "day, "+key+", currency"
	}
	var rows []trendRow
	err := s.db.WithContext(ctx).Raw(`SELECT day, `+series+` AS series, currency,
			CAST(SUM(variants) AS bigint) AS variants,
			CAST(SUM(price_sum_minor) AS bigint) AS price_sum,
			MIN(price_min_minor) AS price_min, MAX(price_max_minor) AS price_max,
			CAST(SUM(compare_at_variants) AS bigint) AS compare_at_variants,
			CAST(SUM(compare_at_sum_minor) AS bigint) AS compare_at_sum,
			CAST(SUM(discount_sum_bp) AS bigint) AS discount_sum,
			CAST(SUM(on_sale) AS bigint) AS on_sale,
			CAST(SUM(in_stock) AS bigint) AS in_stock
		FROM trend_rollups`+c.where()+` GROUP BY `+group, c.args...).Scan(&rows).Error
	if err != nil {
		return catalog.Trends{}, s.fail(op, err)
	}
	out := catalog.Trends{GroupBy: q.GroupBy, Currency: q.Currency, From: from, To: to, Series: []catalog.TrendSeries{}}
	if out.Currency == "" {
		out.Currency = busiestCurrency(rows)
	}
	// Bytewise order whatever the database's collation, as the facets.
	slices.SortFunc(rows, func(a, b trendRow) int {
		return cmp.Or(strings.Compare(a.Series, b.Series), a.Day.Compare(b.Day.Time))
	})
	for _, r := range rows {
		if r.Currency != out.Currency {
			continue
		}
		if n := len(out.Series); n == 0 || out.Series[n-1].Key != r.Series {
			out.Series = append(out.Series, catalog.TrendSeries{Key: r.Series})
		}
		last := &out.Series[len(out.Series)-1]
		last.Points = append(last.Points, catalog.TrendPoint{
			Day: r.Day.Time, Currency: r.Currency, Variants: r.Variants,
			PriceSum: r.PriceSum, PriceMin: r.PriceMin, PriceMax: r.PriceMax,
			CompareAtVariants: r.CompareAtVariants, CompareAtSum: r.CompareAtSum,
			DiscountSumBP: r.DiscountSum, OnSale: r.OnSale, InStock: r.InStock,
		})
	}
	return out, nil
}

// busiestCurrency is the currency with the most variant-days in rows, the
// first in code order on a tie; "" for no rows.
func busiestCurrency(rows []trendRow) string {
	total := map[string]int64{}
	for _, r := range rows {
		total[r.Currency] += r.Variants
	}
	best := ""
	for cur, n := range total {
		if best == "" || n > total[best] || (n == total[best] && cur < best) {
			best = cur
		}
	}
	return best
}

// heatRow is one brand's discount totals for one day or category.
type heatRow struct {
	Day      stamp  `gorm:"column:day"`
	Brand    string `gorm:"column:brand"`
	Category string `gorm:"column:category"`
	Variants int64  `gorm:"column:variants"`
	Discount int64  `gorm:"column:discount"`
}

// Heatmap reads the brand rollups of the range in one statement: per
// brand and day (summed into ISO weeks here, days being few) or per brand
// and category. Currencies are summed: a discount has no unit.
func (s *Store) Heatmap(ctx context.Context, q catalog.HeatmapQuery) (catalog.Heatmap, error) {
	const op = "heatmap"
	if err := q.Validate(); err != nil {
		return catalog.Heatmap{}, fmt.Errorf("%s: %w", op, err)
	}
	from, to := catalog.Day(q.From), catalog.Day(q.To)
	kind, cols := kindBrand, "day, brand, '' AS category"
	group := "day, brand"
	if q.By == catalog.HeatmapCategory {
		kind, cols, group = kindBrandCategory, "0 AS day, brand, category", "brand, category"
	}
	var rows []heatRow
	err := s.db.WithContext(ctx).Raw(`SELECT `+cols+`,
			CAST(SUM(variants) AS bigint) AS variants, CAST(SUM(discount_sum_bp) AS bigint) AS discount
		FROM trend_rollups WHERE group_kind = ? AND day >= ? AND day <= ?
		GROUP BY `+group, kind, stamp{from}, stamp{to}).Scan(&rows).Error
	if err != nil {
		return catalog.Heatmap{}, s.fail(op, err)
	}
	column := func(r heatRow) string { return r.Category }
	columns := categoryColumns(rows)
	if q.By == catalog.HeatmapWeek {
		column = func(r heatRow) string { return catalog.ISOWeek(r.Day.Time) }
		columns = weekColumns(from, to)
	}
	return heatmapOf(q.By, from, to, rows, columns, column), nil
}

// heatmapOf lays rows out as brands × columns.
func heatmapOf(by catalog.HeatmapAxis, from, to time.Time, rows []heatRow, columns []string, column func(heatRow) string) catalog.Heatmap {
	colIndex := make(map[string]int, len(columns))
	for i, c := range columns {
		colIndex[c] = i
	}
	var brands []string
	for _, r := range rows {
		brands = append(brands, r.Brand)
	}
	slices.Sort(brands)
	brands = slices.Compact(brands)
	rowIndex := make(map[string]int, len(brands))
	for i, b := range brands {
		rowIndex[b] = i
	}
	h := catalog.Heatmap{By: by, From: from, To: to, Rows: nonNil(brands), Columns: columns,
		Cells: make([][]catalog.HeatmapCell, len(brands))}
	for i := range h.Cells {
		h.Cells[i] = make([]catalog.HeatmapCell, len(columns))
	}
	for _, r := range rows {
		j, ok := colIndex[column(r)]
		if !ok {
			continue
		}
		cell := &h.Cells[rowIndex[r.Brand]][j]
		cell.Variants += r.Variants
		cell.DiscountSumBP += r.Discount
	}
	return h
}

// weekColumns names every ISO week that [from, to] touches, oldest first.
func weekColumns(from, to time.Time) []string {
	out := []string{}
	for d := from; !d.After(to); d = d.Add(24 * time.Hour) {
		if w := catalog.ISOWeek(d); len(out) == 0 || out[len(out)-1] != w {
			out = append(out, w)
		}
	}
	return out
}

// categoryColumns names the categories of rows in catalog.Categories
// order; a category the catalog does not know (the store writes none)
// goes last.
func categoryColumns(rows []heatRow) []string {
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.Category] = true
	}
	out := []string{}
	for _, c := range catalog.Categories() {
		if seen[string(c)] {
			out = append(out, string(c))
			delete(seen, string(c))
		}
	}
	var rest []string
	for c := range seen {
		rest = append(rest, c)
	}
	slices.Sort(rest)
	return append(out, rest...)
}
