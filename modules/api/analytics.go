package api

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Trends is the read side of the daily trend rollups (store.Rollups in
// app). Implementations are safe for concurrent use; an invalid query
// wraps catalog.ErrInvalid. When Deps.Trends is nil the analytics routes
// answer 503 and the rest of the API works on.
type Trends interface {
	Trends(ctx context.Context, q catalog.TrendQuery) (catalog.Trends, error)
	Heatmap(ctx context.Context, q catalog.HeatmapQuery) (catalog.Heatmap, error)
}

// defaultTrendDays is the range, in days up to today, when from is not given.
const defaultTrendDays = 30

type trendsJSON struct {
	GroupBy  string            `json:"group_by"`
	Currency *string           `json:"currency"` // null when nothing matched and none was asked for
	From     string            `json:"from"`     // YYYY-MM-DD, UTC
	To       string            `json:"to"`
	Series   []trendSeriesJSON `json:"series"`
}

type trendSeriesJSON struct {
	Key    string           `json:"key"`
	Points []trendPointJSON `json:"points"`
}

type trendPointJSON struct {
	Day                 string     `json:"day"`
	Variants            int64      `json:"variants"`
	MeanPrice           *moneyJSON `json:"mean_price"`
	MinPrice            *moneyJSON `json:"min_price"`
	MaxPrice            *moneyJSON `json:"max_price"`
	MeanCompareAt       *moneyJSON `json:"mean_compare_at"` // null when no variant publishes one
	MeanDiscountPercent float64    `json:"mean_discount_percent"`
	OnSaleShare         float64    `json:"on_sale_share"`
	InStockShare        float64    `json:"in_stock_share"`
}

type heatmapJSON struct {
	By      string       `json:"by"`
	From    string       `json:"from"`
	To      string       `json:"to"`
	Rows    []string     `json:"rows"`
	Columns []string     `json:"columns"`
	Values  [][]*float64 `json:"values"` // mean discount percent, null where there is no data
	Counts  [][]int64    `json:"counts"` // variant-days behind each value
}

// getTrends answers GET /api/v1/analytics/trends.
func (s *Server) getTrends(c echo.Context) (any, error) {
	if s.deps.Trends == nil {
		return nil, notAvailable("analytics")
	}
	p := parseParams(c.QueryString(), "group_by", "from", "to", "currency", "brand", "category", "shop")
	q := catalog.TrendQuery{GroupBy: catalog.TrendAll}
	if v, ok := p.text("group_by"); ok {
		q.GroupBy = catalog.TrendGroup(v)
		if q.GroupBy.Validate() != nil {
			p.fail("group_by", "must be one of brand, category, shop, all")
		}
	}
	if v, ok := p.text("currency"); ok {
		if _, err := catalog.MinorUnits(v); err != nil {
			p.fail("currency", "must be an ISO 4217 code in upper case, e.g. USD")
		}
		q.Currency = v
	}
	q.Brands, q.Categories, q.Shops = readBrands(p), readCategories(p), readShops(p)
	q.From, q.To = s.readDays(p)
	crossed := len(q.Brands) > 0 || len(q.Categories) > 0
	switch {
	case len(q.Shops) > 0 && crossed:
		p.fail("shop", "does not combine with brand or category: trends do not cross shops with them")
	case len(q.Shops) > 0 && (q.GroupBy == catalog.TrendBrand || q.GroupBy == catalog.TrendCategory):
		p.fail("shop", "filters only group_by=shop or group_by=all")
	case q.GroupBy == catalog.TrendShop && crossed:
		p.fail("group_by", "shop does not combine with brand or category filters")
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	tr, err := s.deps.Trends.Trends(c.Request().Context(), q)
	if err != nil {
		return nil, fmt.Errorf("trends: %w", err)
	}
	return trendsOf(tr), nil
}

// getHeatmap answers GET /api/v1/analytics/heatmap.
func (s *Server) getHeatmap(c echo.Context) (any, error) {
	if s.deps.Trends == nil {
		return nil, notAvailable("analytics")
	}
	p := parseParams(c.QueryString(), "by", "from", "to")
	q := catalog.HeatmapQuery{By: catalog.HeatmapWeek}
	if v, ok := p.text("by"); ok {
		q.By = catalog.HeatmapAxis(v)
		if q.By.Validate() != nil {
			p.fail("by", "must be one of week, category")
		}
	}
	q.From, q.To = s.readDays(p)
	if err := p.err(); err != nil {
		return nil, err
	}
	h, err := s.deps.Trends.Heatmap(c.Request().Context(), q)
	if err != nil {
		return nil, fmt.Errorf("heatmap: %w", err)
	}
	return heatmapOf(h), nil
}

// readDays reads from and to as UTC days, both included: by default the
// defaultTrendDays up to today. A time stands for its day.
func (s *Server) readDays(p *params) (from, to time.Time) {
	f, t := p.instant("from"), p.instant("to")
	to = catalog.Day(s.now())
	if t != nil {
		to = catalog.Day(*t)
	}
	from = to.AddDate(0, 0, 1-defaultTrendDays)
	if f != nil {
		from = catalog.Day(*f)
	}
	maxDays := int(s.cfg.HistoryMaxRange / (24 * time.Hour))
	switch {
	case from.After(to):
		p.fail("from", "must not be after to (today when to is not given)")
	case from.Before(time.Unix(0, 0)):
		p.fail("from", "must not be before 1970-01-01")
	case int(to.Sub(from)/(24*time.Hour))+1 > maxDays:
		p.fail("from", fmt.Sprintf("from..to spans more than %d days, the most allowed", maxDays))
	}
	return from, to
}

func trendsOf(tr catalog.Trends) trendsJSON {
	out := trendsJSON{GroupBy: string(tr.GroupBy), From: dateOf(tr.From), To: dateOf(tr.To),
		Series: make([]trendSeriesJSON, 0, len(tr.Series))}
	if tr.Currency != "" {
		out.Currency = &tr.Currency
	}
	for _, se := range tr.Series {
		js := trendSeriesJSON{Key: se.Key, Points: make([]trendPointJSON, 0, len(se.Points))}
		for _, pt := range se.Points {
			js.Points = append(js.Points, trendPointJSON{
				Day: dateOf(pt.Day), Variants: pt.Variants,
				MeanPrice: moneyOf(pt.MeanPrice()), MinPrice: moneyOf(pt.MinPrice()), MaxPrice: moneyOf(pt.MaxPrice()),
				MeanCompareAt:       moneyOf(pt.MeanCompareAt()),
				MeanDiscountPercent: rounded(pt.MeanDiscountPercent(), 2),
				OnSaleShare:         rounded(pt.OnSaleShare(), 4),
				InStockShare:        rounded(pt.InStockShare(), 4),
			})
		}
		out.Series = append(out.Series, js)
	}
	return out
}

func heatmapOf(h catalog.Heatmap) heatmapJSON {
	out := heatmapJSON{By: string(h.By), From: dateOf(h.From), To: dateOf(h.To),
		Rows: nonNilStrings(h.Rows), Columns: nonNilStrings(h.Columns),
		Values: make([][]*float64, len(h.Cells)), Counts: make([][]int64, len(h.Cells))}
	for i, row := range h.Cells {
		out.Values[i] = make([]*float64, len(row))
		out.Counts[i] = make([]int64, len(row))
		for j, cell := range row {
			if v, ok := cell.MeanDiscountPercent(); ok {
				v = rounded(v, 2)
				out.Values[i][j] = &v
			}
			out.Counts[i][j] = cell.Variants
		}
	}
	return out
}

// dateOf is t's UTC day as YYYY-MM-DD.
func dateOf(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// rounded keeps decimals digits after the point, so that a ratio prints
// short and the same on every platform.
func rounded(x float64, decimals int) float64 {
	scale := math.Pow10(decimals)
	return math.Round(x*scale) / scale
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
