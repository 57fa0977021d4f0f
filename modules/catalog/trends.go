package catalog

import (
	"fmt"
	"time"
)

// Trends are the catalog's daily rollups: per UTC day, the variants
// observed that day, each in the state in force at the end of the day, summed
// up over all variants, per brand, per category, per shop and per brand and
// category. Prices in different currencies are never combined: a series is
// in one currency. Rollups keep totals rather than means, so that series
// combine exactly (two categories of one brand, the days of a week).

// TrendGroup is what one trend series stands for.
type TrendGroup string

// The trend groupings.
const (
	TrendAll      TrendGroup = "all"      // one series over every variant
	TrendBrand    TrendGroup = "brand"    // a series per canonical brand; unknown brands are left out
	TrendCategory TrendGroup = "category" // a series per category
	TrendShop     TrendGroup = "shop"     // a series per shop slug
)

// TrendGroups lists the groupings in the order the API documents them.
func TrendGroups() []TrendGroup {
	return []TrendGroup{TrendBrand, TrendCategory, TrendShop, TrendAll}
}

// Validate reports whether g is one of TrendGroups.
func (g TrendGroup) Validate() error {
	for _, known := range TrendGroups() {
		if g == known {
			return nil
		}
	}
	return invalid("group_by", "%q is not one of brand, category, shop, all", string(g))
}

// Day is the UTC day t falls in, as the time of its midnight.
func Day(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }

// TrendQuery selects trend series over a range of UTC days. Filters select
// series: a filter on the grouping's own dimension picks its series, and
// brand and category filters also combine with each other (the trend of
// Baker's decks), since rollups cross those two. Shops cross with nothing:
// a shop filter goes with GroupBy shop or all and no other filter. The
// values of one filter combine with OR.
type TrendQuery struct {
	GroupBy TrendGroup
	// From and To are the first and last day, both included; a time
	// stands for its UTC day.
	From, To time.Time
	// Currency is the ISO 4217 code of the series; "" picks the currency
	// with the most variant-days among the selected rows.
	Currency   string
	Brands     []string // canonical brand names
	Categories []Category
	Shops      []string // shop slugs
}

// Validate checks q before a store runs it, naming the first wrong field.
func (q TrendQuery) Validate() error {
	if err := q.GroupBy.Validate(); err != nil {
		return err
	}
	if err := validDays(q.From, q.To); err != nil {
		return err
	}
	if q.Currency != "" {
		if _, err := MinorUnits(q.Currency); err != nil {
			return err
		}
	}
	if err := q.validFilters(); err != nil {
		return err
	}
	crossed := len(q.Brands) > 0 || len(q.Categories) > 0
	switch {
	case len(q.Shops) > 0 && crossed:
		return invalid("shop", "does not combine with brand or category filters: rollups do not cross shops with them")
	case q.GroupBy == TrendShop && crossed:
		return invalid("group_by", "shop does not combine with brand or category filters")
	case len(q.Shops) > 0 && (q.GroupBy == TrendBrand || q.GroupBy == TrendCategory):
		return invalid("shop", "filters only group_by shop or all")
	}
	return nil
}

func (q TrendQuery) validFilters() error {
	return validFacetFilters(q.Brands, q.Categories, q.Shops)
}

// validDays checks a range of days: both set, in order, not before 1970
// (rollup days are counted from the Unix epoch).
func validDays(from, to time.Time) error {
	switch {
	case from.Before(time.Unix(0, 0)):
		return invalid("from", "%s is before 1970-01-01", from.UTC().Format(time.DateOnly))
	case Day(to).Before(Day(from)):
		return invalid("from", "%s is after to %s", from.UTC().Format(time.DateOnly), to.UTC().Format(time.DateOnly))
	}
	return nil
}

// Trends is the answer to a TrendQuery.
type Trends struct {
	GroupBy  TrendGroup
	Currency string    // of every point; "" when nothing matched and none was asked for
	From, To time.Time // the first and last day, UTC midnights
	// Series are ordered by key; a series holds only the days on which one
	// of its variants was observed.
	Series []TrendSeries
}

// TrendSeries is one group's points, oldest first.
type TrendSeries struct {
	Key    string // brand, category or shop slug; "all" for TrendAll
	Points []TrendPoint
}

// TrendPoint sums up the variants of one group observed on one day, each in
// its state at the end of that day, in one currency. Amounts are minor
// units; a variant with no compare-at price counts as not on sale.
type TrendPoint struct {
	Day               time.Time // UTC midnight
	Currency          string
	Variants          int64 // variants observed that day
	PriceSum          int64 // their street prices, summed
	PriceMin          int64
	PriceMax          int64
	CompareAtVariants int64 // variants publishing a compare-at price (MSRP)
	CompareAtSum      int64 // their compare-at prices, summed
	DiscountSumBP     int64 // real discounts in basis points, summed (0 for variants not on sale)
	OnSale            int64 // variants with a real discount
	InStock           int64 // variants that can be bought
}

// MeanPrice is the mean street price, rounded to the minor unit.
func (p TrendPoint) MeanPrice() Money {
	return Money{Amount: roundedMean(p.PriceSum, p.Variants), Currency: p.Currency}
}

// MinPrice is the lowest street price.
func (p TrendPoint) MinPrice() Money { return Money{Amount: p.PriceMin, Currency: p.Currency} }

// MaxPrice is the highest street price.
func (p TrendPoint) MaxPrice() Money { return Money{Amount: p.PriceMax, Currency: p.Currency} }

// MeanCompareAt is the mean compare-at price over the variants that
// publish one, rounded to the minor unit; the zero Money when none does.
func (p TrendPoint) MeanCompareAt() Money {
	if p.CompareAtVariants == 0 {
		return Money{}
	}
	return Money{Amount: roundedMean(p.CompareAtSum, p.CompareAtVariants), Currency: p.Currency}
}

// MeanDiscountPercent is the mean discount over every variant, those not
// on sale counting as 0.
func (p TrendPoint) MeanDiscountPercent() float64 { return ratio(p.DiscountSumBP, p.Variants) / 100 }

// OnSaleShare is the share of variants on sale, 0 to 1.
func (p TrendPoint) OnSaleShare() float64 { return ratio(p.OnSale, p.Variants) }

// InStockShare is the share of variants that can be bought, 0 to 1.
func (p TrendPoint) InStockShare() float64 { return ratio(p.InStock, p.Variants) }

// roundedMean is sum/n rounded half up, for non-negative sums.
func roundedMean(sum, n int64) int64 {
	if n <= 0 {
		return 0
	}
	q, r := sum/n, sum%n
	if 2*r >= n {
		q++
	}
	return q
}

func ratio(part, whole int64) float64 {
	if whole <= 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// HeatmapAxis is what the columns of a discount heatmap are.
type HeatmapAxis string

// The heatmap axes; rows are always brands.
const (
	HeatmapWeek     HeatmapAxis = "week"     // ISO weeks, "2025-W23"
	HeatmapCategory HeatmapAxis = "category" // categories
)

// Validate reports whether a is a heatmap axis.
func (a HeatmapAxis) Validate() error {
	if a == HeatmapWeek || a == HeatmapCategory {
		return nil
	}
	return invalid("by", "%q is not one of week, category", string(a))
}

// HeatmapQuery asks for the mean discount of every brand per ISO week or
// per category over a range of UTC days.
type HeatmapQuery struct {
	By       HeatmapAxis
	From, To time.Time // first and last day, both included
}

// Validate checks q before a store runs it.
func (q HeatmapQuery) Validate() error {
	if err := q.By.Validate(); err != nil {
		return err
	}
	return validDays(q.From, q.To)
}

// Heatmap is brands (rows, by name) against weeks or categories
// (columns): Cells[row][column]. Discounts are unitless, so every currency
// counts, each variant-day weighing the same.
type Heatmap struct {
	By       HeatmapAxis
	From, To time.Time
	Rows     []string // brands with data in the range
	// Columns are every ISO week the range touches, oldest first, or the
	// categories with data, in Categories order.
	Columns []string
	Cells   [][]HeatmapCell
}

// HeatmapCell sums up the variant-days of one brand and column.
type HeatmapCell struct {
	Variants      int64 // variant-days; 0 where there is no data
	DiscountSumBP int64
}

// MeanDiscountPercent is the cell's mean discount; false when it has no
// data.
func (c HeatmapCell) MeanDiscountPercent() (float64, bool) {
	if c.Variants == 0 {
		return 0, false
	}
	return ratio(c.DiscountSumBP, c.Variants) / 100, true
}

// ISOWeek names the ISO 8601 week of t's UTC day: "2025-W01".
func ISOWeek(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// DaySpan is the UTC days a price history covers, from the first day a
// state began to the last day one was seen: the days a full rebuild of the
// rollups refreshes. The zero DaySpan means no history.
type DaySpan struct {
	First, Last time.Time // UTC midnights
}

// IsZero reports whether there is no history.
func (d DaySpan) IsZero() bool { return d.First.IsZero() && d.Last.IsZero() }

// Days is how many days d covers.
func (d DaySpan) Days() int {
	if d.IsZero() {
		return 0
	}
	return int(d.Last.Sub(d.First)/(24*time.Hour)) + 1
}
