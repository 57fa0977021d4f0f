package store

import (
	"context"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Rollups keeps the daily trend rollups (catalog.Trends) and answers the
// trend and heatmap queries from them, never from the price history
// itself. A variant counts on a UTC day when one of its change points was
// observed that day (it began before the day ended and was last seen after
// the day began); its state for the day is the latest of those points.
//
// Rollups are a read model derived from the price history: nothing keeps
// them current by itself. Whoever records observations refreshes the days
// they touched (from the day of the earliest new point to now); a full
// rebuild refreshes every day of HistoryDays. Every method is safe for
// concurrent use and honours ctx cancellation.
type Rollups interface {
	// RefreshRollups recomputes the rollups of every UTC day from the day
	// of from to the day of to, both included, and returns how many days
	// that is. It replaces those days' rows, and no others, in one
	// transaction, with a fixed number of statements whatever the number
	// of days or variants; concurrent refreshes take turns. It is
	// idempotent: refreshing unchanged history leaves the same rows. from
	// after to, or before 1970, is ErrInvalid.
	RefreshRollups(ctx context.Context, from, to time.Time) (days int, err error)
	// HistoryDays returns the days the price history covers; the zero
	// DaySpan when there is none.
	HistoryDays(ctx context.Context) (catalog.DaySpan, error)
	// Trends returns the series q selects, read from the rollups in one
	// statement. An invalid query is ErrInvalid.
	Trends(ctx context.Context, q catalog.TrendQuery) (catalog.Trends, error)
	// Heatmap returns the mean discount of every brand per ISO week or
	// per category, read from the rollups in one statement. An invalid
	// query is ErrInvalid.
	Heatmap(ctx context.Context, q catalog.HeatmapQuery) (catalog.Heatmap, error)
}
