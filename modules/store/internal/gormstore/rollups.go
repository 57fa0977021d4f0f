package gormstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

var _ store.Rollups = (*Store)(nil)

// The group kinds of trend_rollups rows.
const (
	kindAll           = "all"
	kindBrand         = "brand"
	kindCategory      = "category"
	kindShop          = "shop"
	kindBrandCategory = "brand_category"
)

// rollupsLock is the first key of the Postgres advisory lock that makes
// concurrent refreshes take turns: without it, two refreshes of one day
// would both delete nothing the other sees and then collide on the
// primary key. SQLite's immediate transactions serialise them already.
const rollupsLock = 0x534b5452 // "SKTR"

// dayMicros is a day in microseconds, SQLite's unit of time.
const dayMicros = int64(24 * time.Hour / time.Microsecond)

// dayNumber counts the UTC days from 1970-01-01 to t's day; t is not
// before 1970.
func dayNumber(t time.Time) int64 { return t.Unix() / 86400 }

// dayTime is the UTC midnight that starts day n.
func dayTime(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

// RefreshRollups recomputes the rollups of the days from from to to in
// one transaction of at most four statements: a lock and a setting
// (Postgres), the delete of those days' rows and one INSERT … SELECT that
// derives every kind of row from the price history. See refreshSQL for
// how.
func (s *Store) RefreshRollups(ctx context.Context, from, to time.Time) (int, error) {
	const op = "refresh rollups"
	if err := validRollupDays(from, to); err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	first, last := dayNumber(from), dayNumber(to)
	start, end := stamp{dayTime(first)}, stamp{dayTime(last + 1)}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect.Name() == migrations.Postgres {
			if err := tx.Exec(`SELECT pg_advisory_xact_lock(?, 0)`, rollupsLock).Error; err != nil {
				return err
			}
			// The planner cannot tell how many days generate_series
			// yields per run and guesses 1,000, which prices the
			// statement high enough to JIT-compile it: 1.4 s of
			// compiling for 0.1 s of work on the default seed.
			if err := tx.Exec(`SET LOCAL jit = off`).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec(`DELETE FROM trend_rollups WHERE day >= ? AND day < ?`, start, end).Error; err != nil {
			return err
		}
		return tx.Exec(s.refreshSQL(), first, last, last, end, start).Error
	})
	if err != nil {
		return 0, s.fail(op, err)
	}
	return int(last - first + 1), nil
}

// validRollupDays checks a range of days as catalog.TrendQuery does.
func validRollupDays(from, to time.Time) error {
	switch {
	case from.Before(time.Unix(0, 0)):
		return fmt.Errorf("%w from: %s is before 1970-01-01", catalog.ErrInvalid, from.UTC().Format(time.DateOnly))
	case catalog.Day(to).Before(catalog.Day(from)):
		return fmt.Errorf("%w from: %s is after to %s", catalog.ErrInvalid,
			from.UTC().Format(time.DateOnly), to.UTC().Format(time.DateOnly))
	}
	return nil
}

// refreshSQL builds the statement that inserts the rollups of days first
// to last (its arguments: first, last, last, the end of last as a stamp,
// the start of first as a stamp).
//
// A variant's points do not overlap, so the latest point that began
// before a day ended is the only candidate for its state that day: the
// variant counts that day if that point was last seen after the day
// began. Point p is therefore the state of the days from the day of its
// valid_from to the day of its last_seen_at, stopping short of the day
// its successor began (which owns that day). pts computes that range of
// days for every point that can own one of the refreshed days, clipped to
// them.
//
// Expanding every point into a row per day costs a row per variant-day
// (555,000 for the default seed's 31 days), which SQLite took 3.7 s to
// sort and group. Instead runs first sums up the points that share a
// group (shop, brand, category, currency) and a range of days, which most
// do: a variant whose price did not move is one point over the whole
// range (the seed's 50,000 points make 7,400 runs and 69,000 run-days).
// ex expands those few runs into days (generate_series on
// Postgres, a recursive CTE on SQLite, which has no generate_series), and
// fine sums them per day and group. Every total is a sum, a minimum or a
// maximum, so summing in stages is exact, and every kind of rollup is a
// re-aggregation of fine's rows.
//
// The successor comes from LEAD over the filtered points: the true
// successor of a point that owns a refreshed day began after that day,
// so it passes the filter unless it began after the last day, in which
// case it owns none of them and the clip to last stands in for it.
func (s *Store) refreshSQL() string {
	pg := s.dialect.Name() == migrations.Postgres
	dayOf := func(col string) string {
		if pg {
			return "(CAST(" + col + " AT TIME ZONE 'UTC' AS date) - DATE '1970-01-01')"
		}
		return "(" + col + " / " + fmt.Sprint(dayMicros) + ")"
	}
	dayStart, least, greatest := "to_timestamp(f.day * 86400)", "LEAST", "GREATEST"
	ex := `ex AS (
		SELECT runs.*, g.day FROM runs CROSS JOIN LATERAL generate_series(runs.d0, runs.d1) AS g(day)
	)`
	if !pg {
		dayStart, least, greatest = "(f.day * "+fmt.Sprint(dayMicros)+")", "MIN", "MAX"
		ex = `ex AS (
		SELECT runs.*, d0 AS day FROM runs
		UNION ALL
		SELECT shop_id, brand, category, currency, d0, d1, ` + runTotals + `, day + 1 FROM ex WHERE day < d1
	)`
	}
	totals := `SUM(f.variants), SUM(f.price_sum), MIN(f.price_min), MAX(f.price_max),
		SUM(f.compare_at_variants), SUM(f.compare_at_sum), SUM(f.discount_sum), SUM(f.on_sale), SUM(f.in_stock)`
	branch := func(kind, brand, category, shop, from, where, group string) string {
		return "SELECT " + dayStart + ", '" + kind + "', " + brand + ", " + category + ", " + shop + ", f.currency, " +
			totals + " FROM " + from + where + " GROUP BY f.day, " + group + "f.currency"
	}
	branches := []string{
		branch(kindAll, "''", "''", "''", "fine f", "", ""),
		branch(kindBrand, "f.brand", "''", "''", "fine f", " WHERE f.brand <> ''", "f.brand, "),
		branch(kindCategory, "''", "f.category", "''", "fine f", "", "f.category, "),
		branch(kindShop, "''", "''", "sh.slug", "fine f JOIN shops sh ON sh.id = f.shop_id", "", "sh.slug, "),
		branch(kindBrandCategory, "f.brand", "f.category", "''", "fine f", " WHERE f.brand <> ''", "f.brand, f.category, "),
	}
	return `WITH RECURSIVE pts AS (
		SELECT l.shop_id, l.brand, l.category, p.currency, p.price_minor, p.compare_at_minor, p.availability,
			` + greatest + `(` + dayOf("p.valid_from") + `, ?) AS d0,
			` + least + `(` + dayOf("p.last_seen_at") + `,
				COALESCE(` + dayOf("LEAD(p.valid_from) OVER (PARTITION BY p.variant_id ORDER BY p.valid_from)") + ` - 1, ?),
				?) AS d1
		FROM price_points p
		JOIN variants v ON v.id = p.variant_id
		JOIN listings l ON l.id = v.listing_id
		WHERE p.valid_from < ? AND p.last_seen_at >= ?
	),
	runs AS (
		SELECT shop_id, brand, category, currency, d0, d1,
			COUNT(*) AS variants,
			SUM(price_minor) AS price_sum, MIN(price_minor) AS price_min, MAX(price_minor) AS price_max,
			COUNT(CASE WHEN compare_at_minor > 0 THEN 1 END) AS compare_at_variants,
			COALESCE(SUM(CASE WHEN compare_at_minor > 0 THEN compare_at_minor END), 0) AS compare_at_sum,
			SUM(CASE WHEN compare_at_minor > price_minor
				THEN (compare_at_minor - price_minor) * 10000 / compare_at_minor ELSE 0 END) AS discount_sum,
			COUNT(CASE WHEN compare_at_minor > price_minor THEN 1 END) AS on_sale,
			COUNT(CASE WHEN availability <> '` + string(catalog.OutOfStock) + `' THEN 1 END) AS in_stock
		FROM pts WHERE d0 <= d1
		GROUP BY shop_id, brand, category, currency, d0, d1
	),
	` + ex + `,
	fine AS MATERIALIZED (
		SELECT day, shop_id, brand, category, currency,
			SUM(variants) AS variants, SUM(price_sum) AS price_sum, MIN(price_min) AS price_min,
			MAX(price_max) AS price_max, SUM(compare_at_variants) AS compare_at_variants,
			SUM(compare_at_sum) AS compare_at_sum, SUM(discount_sum) AS discount_sum,
			SUM(on_sale) AS on_sale, SUM(in_stock) AS in_stock
		FROM ex
		GROUP BY day, shop_id, brand, category, currency
	)
	INSERT INTO trend_rollups (day, group_kind, brand, category, shop, currency, variants,
		price_sum_minor, price_min_minor, price_max_minor, compare_at_variants, compare_at_sum_minor,
		discount_sum_bp, on_sale, in_stock)
	` + strings.Join(branches, "\n\tUNION ALL ")
}

// runTotals are the columns of runs after its group and range, in order.
const runTotals = `variants, price_sum, price_min, price_max, compare_at_variants, compare_at_sum,
			discount_sum, on_sale, in_stock`

// HistoryDays reads the first and last day of the price history in one
// pass over the change points.
func (s *Store) HistoryDays(ctx context.Context) (catalog.DaySpan, error) {
	var r struct {
		First stamp `gorm:"column:first"`
		Last  stamp `gorm:"column:last"`
	}
	err := s.db.WithContext(ctx).Raw(`SELECT MIN(valid_from) AS first, MAX(last_seen_at) AS last FROM price_points`).Scan(&r).Error
	if err != nil {
		return catalog.DaySpan{}, s.fail("history days", err)
	}
	if r.First.IsZero() {
		return catalog.DaySpan{}, nil
	}
	return catalog.DaySpan{First: catalog.Day(r.First.Time), Last: catalog.Day(r.Last.Time)}, nil
}
