package app

import (
	"context"
	"fmt"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/analytics/series"
	"github.com/skatestock/skatestock/modules/api"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// dealChecker is the API's DealChecker: it reads a product's history from
// the store, rebuilds each variant's observations and asks the pattern
// detectors for the lowest price in the days asked and whether the price
// is a real deal.
type dealChecker struct {
	db interface {
		ProductHistory(ctx context.Context, id int64, from, to time.Time) ([]catalog.VariantHistory, error)
	}
}

var _ api.DealChecker = dealChecker{}

// CheckDeals judges each observed variant's price at at. The history read
// covers the days asked and, before the start of the verdict's window,
// that window again: the detectors judge a sale against the prices before
// it.
func (d dealChecker) CheckDeals(ctx context.Context, id int64, at time.Time, days int) (map[string]api.DealCheck, error) {
	cfg := patterns.DefaultConfig()
	verdicts, err := patterns.NewDetector(cfg)
	if err != nil {
		return nil, err
	}
	cfg.Window = time.Duration(days) * 24 * time.Hour
	lowest, err := patterns.NewDetector(cfg)
	if err != nil {
		return nil, err
	}
	window := patterns.DefaultConfig().Window
	from := at.Add(-max(cfg.Window, window) - window)
	hs, err := d.db.ProductHistory(ctx, id, from, at)
	if err != nil {
		return nil, fmt.Errorf("check deals: %w", err)
	}
	settings := signalSettings{series: series.DefaultConfig()}
	out := make(map[string]api.DealCheck, len(hs))
	for _, ls := range settings.rebuildSeries(map[store.ListingKey][]catalog.VariantHistory{{}: hs}) {
		for i, ser := range ls.series {
			low, ok := lowest.LowestIn(ser, at)
			if !ok {
				continue // not observed by then
			}
			deal, _ := verdicts.Assess(ser, at)
			out[ls.variants[i].VariantExternalID] = api.DealCheck{
				Lowest: low.Price, LowestAt: low.At, IsLowest: low.IsLowest, Observations: low.Observations,
				RealDeal: deal.Real, Suspect: catalog.PatternKind(deal.Suspect), Reason: deal.Reason,
				Median: deal.Median, BelowMedianBP: deal.DiscountBP, ClaimedBP: deal.ClaimedBP,
			}
		}
	}
	return out, nil
}
