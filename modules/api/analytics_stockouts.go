package api

import (
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The stock-out forecasts: for every variant in stock when the analytics
// last scored it, the probability that it is seen out of stock within the
// model's horizon, likeliest first.

type stockoutJSON struct {
	listedVariantJSON
	Price          *moneyJSON `json:"price"`
	Probability    float64    `json:"probability"`
	HorizonDays    float64    `json:"horizon_days"`
	AsOf           time.Time  `json:"as_of"`
	ModelTrainedAt time.Time  `json:"model_trained_at"`
}

type stockoutPageJSON struct {
	Items      []stockoutJSON `json:"items"`
	NextCursor *string        `json:"next_cursor"`
	Links      pageLinksJSON  `json:"links"`
}

// listStockouts answers GET /api/v1/analytics/stockouts.
func (s *Server) listStockouts(c echo.Context) (any, error) {
	if s.deps.Stockouts == nil {
		return nil, notAvailable("stock-out forecasts")
	}
	q, values, err := parseStockoutQuery(c.QueryString(), s.limits)
	if err != nil {
		return nil, err
	}
	page, err := s.deps.Stockouts.StockoutForecasts(c.Request().Context(), q)
	if err != nil {
		return nil, analyticsPageError("stock-out forecasts", err, q.After)
	}
	out := stockoutPageJSON{Items: make([]stockoutJSON, 0, len(page.Items))}
	for _, it := range page.Items {
		out.Items = append(out.Items, stockoutJSON{
			listedVariantJSON: listedVariantOf(it.Variant, it.ListedVariant),
			Price:             moneyOf(it.Price), Probability: rounded(it.Probability, 4),
			HorizonDays: rounded(it.Horizon.Hours()/24, 2), AsOf: it.AsOf.UTC(), ModelTrainedAt: it.ModelTrainedAt.UTC(),
		})
	}
	if page.Next != "" {
		cursor, link := page.Next, nextLink(c.Request().URL.Path, values)(page.Next)
		out.NextCursor, out.Links.Next = &cursor, &link
	}
	return out, nil
}

// parseStockoutQuery reads the query of /analytics/stockouts:
// min_probability, brand, category, shop, limit and cursor.
func parseStockoutQuery(raw string, lim pageLimits) (catalog.StockoutQuery, url.Values, error) {
	p := parseParams(raw, "min_probability", "brand", "category", "shop", "limit", "cursor")
	q := catalog.StockoutQuery{Brands: readBrands(p), Categories: readCategories(p), Shops: readShops(p)}
	if v, ok := p.text("min_probability"); ok {
		// Exact decimals, as discount_min: no float parsing quirks
		// ("1e-1", "NaN") reach the store.
		n, ok := parseFixed(v, 4)
		if !ok || n > 10000 {
			p.fail("min_probability", "must be a probability from 0 to 1 with at most 4 decimals, e.g. 0.5")
		} else {
			q.MinProbability = float64(n) / 10000
		}
	}
	q.Limit = p.intRange("limit", 1, lim.max, lim.def)
	q.After = readCursor(p)
	if err := p.err(); err != nil {
		return catalog.StockoutQuery{}, nil, err
	}
	return q, p.values, nil
}
