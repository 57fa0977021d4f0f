package gormstore

import (
	"context"
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
)

// RecordScrapeRun inserts or replaces the run with run.ID in one
// statement, which reads the shop's id as it writes: no row written means
// no such shop.
func (s *Store) RecordScrapeRun(ctx context.Context, run catalog.ScrapeRun) error {
	op := fmt.Sprintf("record scrape run %q", run.ID)
	if err := run.Validate(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	res := s.db.WithContext(ctx).Exec(`INSERT INTO scrape_runs
			(id, shop_id, started_at, finished_at, status, pages, listings, observations, errors, message)
		SELECT ?, s.id, ?, ?, ?, ?, ?, ?, ?, ? FROM shops s WHERE s.slug = ?
		ON CONFLICT (id) DO UPDATE SET shop_id = excluded.shop_id, started_at = excluded.started_at,
			finished_at = excluded.finished_at, status = excluded.status, pages = excluded.pages,
			listings = excluded.listings, observations = excluded.observations, errors = excluded.errors,
			message = excluded.message`,
		run.ID, stamp{at(run.StartedAt)}, stamp{at(run.FinishedAt)}, string(run.Status), run.Pages, run.Listings,
		run.Observations, run.Errors, run.Message, run.ShopSlug)
	if res.Error != nil {
		return s.fail(op, res.Error)
	}
	if res.RowsAffected == 0 {
		return s.fail(op, fmt.Errorf("shop %q: %w", run.ShopSlug, catalog.ErrNotFound))
	}
	return nil
}
