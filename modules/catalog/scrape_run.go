package catalog

import "time"

// ScrapeStatuses lists every scrape status in a stable order.
func ScrapeStatuses() []ScrapeStatus {
	return []ScrapeStatus{ScrapeOK, ScrapeIncomplete, ScrapeFailed}
}

// Validate reports whether s is one of ScrapeStatuses.
func (s ScrapeStatus) Validate() error {
	for _, known := range ScrapeStatuses() {
		if s == known {
			return nil
		}
	}
	return invalid("scrape_run.status", "%q is not one of ok, incomplete, failed", string(s))
}

// Validate checks every field of r, naming the first wrong one. A run is
// recorded once it has ended, so both of its times are required. Its id is
// bounded as an observation's SourceRun is, since that is where it goes.
func (r ScrapeRun) Validate() error {
	if err := checkText("scrape_run.id", r.ID, 100, true); err != nil {
		return err
	}
	if !ValidSlug(r.ShopSlug) {
		return invalid("scrape_run.shop", "%q is not a shop slug", r.ShopSlug)
	}
	switch {
	case r.StartedAt.IsZero():
		return invalid("scrape_run.started_at", "is missing (run %s)", r.ID)
	case r.FinishedAt.IsZero():
		return invalid("scrape_run.finished_at", "is missing (run %s)", r.ID)
	case r.FinishedAt.Before(r.StartedAt):
		return invalid("scrape_run.finished_at", "%s is before started_at %s (run %s)",
			r.FinishedAt.UTC().Format(time.RFC3339Nano), r.StartedAt.UTC().Format(time.RFC3339Nano), r.ID)
	}
	if err := r.Status.Validate(); err != nil {
		return err
	}
	for _, c := range []struct {
		field string
		n     int
	}{
		{"scrape_run.pages", r.Pages}, {"scrape_run.listings", r.Listings},
		{"scrape_run.observations", r.Observations}, {"scrape_run.errors", r.Errors},
	} {
		if c.n < 0 {
			return invalid(c.field, "%d is negative (run %s)", c.n, r.ID)
		}
	}
	return checkText("scrape_run.message", r.Message, 1000, false)
}
