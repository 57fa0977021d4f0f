package gormstore

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// shopStatusRow is a shop with its counts and freshness.
type shopStatusRow struct {
	Shop           shopRow `gorm:"embedded"`
	Products       int64   `gorm:"column:products"`
	LastObservedAt stamp   `gorm:"column:last_observed_at"`
	LastSuccessAt  stamp   `gorm:"column:last_success_at"`
}

// A shop s's latest scrape run, and the end of its latest run that did not
// fail: each a backward scan of scrape_runs_shop_started_idx that stops at
// the first row it keeps.
const (
	latestRun = `SELECT r.id FROM scrape_runs r WHERE r.shop_id = s.id
		ORDER BY r.started_at DESC, r.id DESC LIMIT 1`
	latestSuccess = `SELECT r.finished_at FROM scrape_runs r WHERE r.shop_id = s.id AND r.status <> '` +
		string(catalog.ScrapeFailed) + `' ORDER BY r.started_at DESC, r.id DESC LIMIT 1`
)

// ShopStatuses returns every shop with its product count, latest
// observation and latest runs, in two statements: the shops with their
// counts, then their latest runs. The latest observations take one pass
// over the variants' current states (last_seen_at is deliberately not
// indexed: see the variant_prices table), which the API caches.
func (s *Store) ShopStatuses(ctx context.Context) ([]catalog.ShopStatus, error) {
	const op = "shop statuses"
	db := s.db.WithContext(ctx)
	var rows []shopStatusRow
	err := db.Raw(`SELECT s.*, COALESCE(c.products, 0) AS products, o.last_observed_at,
			(` + latestSuccess + `) AS last_success_at
		FROM shops s
		LEFT JOIN (SELECT shop_id, COUNT(*) AS products FROM listings GROUP BY shop_id) c ON c.shop_id = s.id
		LEFT JOIN (SELECT l.shop_id, MAX(vp.last_seen_at) AS last_observed_at
			FROM variant_prices vp JOIN variants v ON v.id = vp.variant_id JOIN listings l ON l.id = v.listing_id
			GROUP BY l.shop_id) o ON o.shop_id = s.id`).Scan(&rows).Error
	if err != nil {
		return nil, s.fail(op, err)
	}
	var runs []scrapeRunRow
	err = db.Raw(`SELECT s.slug AS shop_slug, r.* FROM shops s
		JOIN scrape_runs r ON r.id = (` + latestRun + `)`).Scan(&runs).Error
	if err != nil {
		return nil, s.fail(op, err)
	}
	last := make(map[string]*catalog.ScrapeRun, len(runs))
	for _, r := range runs {
		run := r.toDomain()
		last[run.ShopSlug] = &run
	}
	out := make([]catalog.ShopStatus, len(rows))
	for i, r := range rows {
		out[i] = catalog.ShopStatus{Shop: r.Shop.toDomain(), Products: r.Products,
			LastObservedAt: r.LastObservedAt.Time, LastRun: last[r.Shop.Slug], LastSuccessAt: r.LastSuccessAt.Time}
	}
	slices.SortFunc(out, func(a, b catalog.ShopStatus) int { return strings.Compare(a.Slug, b.Slug) })
	return out, nil
}

type statsRow struct {
	Products          int64 `gorm:"column:products"`
	Variants          int64 `gorm:"column:variants"`
	ProductsObserved  int64 `gorm:"column:products_observed"`
	VariantsObserved  int64 `gorm:"column:variants_observed"`
	PriceChanges      int64 `gorm:"column:price_changes"`
	Observations      int64 `gorm:"column:observations"`
	ScrapeRuns        int64 `gorm:"column:scrape_runs"`
	FailedScrapeRuns  int64 `gorm:"column:failed_scrape_runs"`
	LatestObservation stamp `gorm:"column:latest_observation"`
}

// Stats sums up the catalog since a moment in one statement: one pass
// over the variants, one over the change points, a range of the scrape
// runs. The passes are full scans (neither last_seen_at nor valid_from is
// indexed, to keep the write path's indexes few); the API caches the
// answer.
func (s *Store) Stats(ctx context.Context, since time.Time) (catalog.Stats, error) {
	t := stamp{at(since)}
	var r statsRow
	err := s.db.WithContext(ctx).Raw(`SELECT
		(SELECT COUNT(*) FROM listings) AS products,
		v.variants, v.products_observed, v.variants_observed, v.latest_observation,
		(SELECT COUNT(*) FROM price_points WHERE valid_from >= ?) AS price_changes,
		r.observations, r.scrape_runs, r.failed_scrape_runs
	FROM (SELECT COUNT(*) AS variants,
			COUNT(DISTINCT CASE WHEN vp.last_seen_at >= ? THEN v.listing_id END) AS products_observed,
			COUNT(CASE WHEN vp.last_seen_at >= ? THEN 1 END) AS variants_observed,
			MAX(vp.last_seen_at) AS latest_observation
		FROM variants v`+variantPricesJoin+`) v,
		(SELECT CAST(COALESCE(SUM(observations), 0) AS bigint) AS observations, COUNT(*) AS scrape_runs,
			COUNT(CASE WHEN status = '`+string(catalog.ScrapeFailed)+`' THEN 1 END) AS failed_scrape_runs
		FROM scrape_runs WHERE started_at >= ?) r`, t, t, t, t).Scan(&r).Error
	if err != nil {
		return catalog.Stats{}, s.fail("stats", err)
	}
	return catalog.Stats{
		Since: t.Time, Products: r.Products, Variants: r.Variants, ProductsObserved: r.ProductsObserved,
		VariantsObserved: r.VariantsObserved, PriceChanges: r.PriceChanges, Observations: r.Observations,
		ScrapeRuns: r.ScrapeRuns, FailedScrapeRuns: r.FailedScrapeRuns, LatestObservation: r.LatestObservation.Time,
	}, nil
}
