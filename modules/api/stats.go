package api

import (
	"fmt"
	"time"

	"github.com/labstack/echo/v4"
)

type statsJSON struct {
	// Since is the start of today (UTC) and AsOf when the numbers were
	// taken; ages are relative to AsOf, so a cached answer stays coherent.
	Since             time.Time           `json:"since"`
	AsOf              time.Time           `json:"as_of"`
	Products          int64               `json:"products"`
	Variants          int64               `json:"variants"`
	ProductsObserved  int64               `json:"products_observed"`
	VariantsObserved  int64               `json:"variants_observed"`
	PriceChanges      int64               `json:"price_changes"`
	Observations      int64               `json:"observations"`
	ScrapeRuns        int64               `json:"scrape_runs"`
	FailedScrapeRuns  int64               `json:"failed_scrape_runs"`
	LatestObservation *time.Time          `json:"latest_observation"`
	Shops             []shopFreshnessJSON `json:"shops"`
}

type shopFreshnessJSON struct {
	Slug           string         `json:"slug"`
	Name           string         `json:"name"`
	Products       int64          `json:"products"`
	LastObservedAt *time.Time     `json:"last_observed_at"`
	LastSuccessAt  *time.Time     `json:"last_success_at"`
	ObservedAge    *int64         `json:"observed_age_seconds"` // AsOf - LastObservedAt
	SuccessAge     *int64         `json:"success_age_seconds"`  // AsOf - LastSuccessAt
	LastRun        *scrapeRunJSON `json:"last_run"`
}

// getStats answers GET /api/v1/stats: the catalog since the start of
// today, UTC, with every shop's freshness and last scrape result.
func (s *Server) getStats(c echo.Context) (any, error) {
	if err := noParams(c); err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	now := s.now().UTC()
	since := now.Truncate(24 * time.Hour)
	st, err := s.deps.Catalog.Stats(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	shops, err := s.deps.Catalog.ShopStatuses(ctx)
	if err != nil {
		return nil, fmt.Errorf("stats: shops: %w", err)
	}
	out := statsJSON{
		Since: since, AsOf: now,
		Products: st.Products, Variants: st.Variants, ProductsObserved: st.ProductsObserved,
		VariantsObserved: st.VariantsObserved, PriceChanges: st.PriceChanges, Observations: st.Observations,
		ScrapeRuns: st.ScrapeRuns, FailedScrapeRuns: st.FailedScrapeRuns,
		LatestObservation: timeOf(st.LatestObservation),
		Shops:             make([]shopFreshnessJSON, 0, len(shops)),
	}
	for _, sh := range shops {
		out.Shops = append(out.Shops, shopFreshnessJSON{
			Slug: sh.Slug, Name: sh.Name, Products: sh.Products,
			LastObservedAt: timeOf(sh.LastObservedAt), LastSuccessAt: timeOf(sh.LastSuccessAt),
			ObservedAge: ageSeconds(now, sh.LastObservedAt), SuccessAge: ageSeconds(now, sh.LastSuccessAt),
			LastRun: scrapeRunOf(sh.LastRun),
		})
	}
	return out, nil
}

func ageSeconds(now, t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	a := int64(max(now.Sub(t), 0) / time.Second)
	return &a
}
