package store

import (
	"context"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Analytics keeps the read models the analytics derive from the price
// history, the discount patterns of each variant (catalog.DiscountPattern)
// and the stock-out forecast of each variant in stock
// (catalog.StockoutForecast) with the model that scored them, and reads
// the histories they are derived from in batches.
//
// Nothing keeps them current by itself: `skatestock analytics rebuild`
// recomputes them and the analytics consumer replaces those of the
// listings it sees. Writes are scoped by listing, so a rebuild and the
// consumer may replace the same listing's rows in turn and readers see one
// or the other, never a mix. A pattern or forecast naming a variant the
// store does not hold is skipped (the variant was never stored, or was
// deleted, which drops its rows too). Every method is safe for concurrent
// use and honours ctx cancellation.
type Analytics interface {
	// ListingHistories returns, for each listing of keys, the history over
	// [from, to] of every variant it has, as ProductHistory returns it
	// (ordered by variant external id, each starting with the change point
	// in force at from), in a fixed number of statements whatever
	// len(keys). Keys naming no listing are absent; from after to is
	// ErrInvalid.
	ListingHistories(ctx context.Context, keys []ListingKey, from, to time.Time) (map[ListingKey][]catalog.VariantHistory, error)

	// ReplaceDiscountPatterns makes the stored patterns of the variants of
	// listings that end (To) at or after since exactly patterns, in one
	// transaction; their patterns ending before since are kept. Every
	// pattern must be of a variant of listings and end at or after since,
	// and be valid, or nothing is written and the error is ErrInvalid. Of
	// patterns with the same variant, kind and From, the last is kept. It
	// is idempotent; the zero since replaces everything the listings had.
	ReplaceDiscountPatterns(ctx context.Context, listings []ListingKey, since time.Time, patterns []catalog.DiscountPattern) error
	// DiscountPatterns returns one page of the patterns q selects, in one
	// statement, ordered by To descending (ties by variant, kind and From).
	// An invalid query or a malformed cursor is ErrInvalid.
	DiscountPatterns(ctx context.Context, q catalog.PatternQuery) (catalog.PatternPage, error)

	// ReplaceStockoutForecasts makes the stored forecasts of the variants
	// of listings exactly forecasts, in one transaction: a variant of them
	// without a forecast (now out of stock) loses its row. Every forecast
	// must be of a variant of listings and valid, or nothing is written
	// and the error is ErrInvalid; of two for one variant the last is
	// kept. It is idempotent.
	ReplaceStockoutForecasts(ctx context.Context, listings []ListingKey, forecasts []catalog.StockoutForecast) error
	// StockoutForecasts returns one page of the forecasts q selects, in one
	// statement, most likely first (ties by variant). An invalid query or a
	// malformed cursor is ErrInvalid.
	StockoutForecasts(ctx context.Context, q catalog.StockoutQuery) (catalog.StockoutPage, error)

	// SaveForecastModel makes m the stored model, replacing any other in
	// the same transaction. A model without TrainedAt, Horizon or Params
	// is ErrInvalid.
	SaveForecastModel(ctx context.Context, m catalog.ForecastModel) error
	// ForecastModel returns the stored model, or ErrNotFound when none was
	// saved.
	ForecastModel(ctx context.Context) (catalog.ForecastModel, error)
}
