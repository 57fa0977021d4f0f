package gormstore

import (
	"context"
	"fmt"
	"math"
	"time"

	"gorm.io/gorm"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// forecastRow is a row of stockout_forecasts.
type forecastRow struct {
	VariantID      int64   `gorm:"column:variant_id"`
	ListingID      int64   `gorm:"column:listing_id"`
	Probability    float64 `gorm:"column:probability"`
	AsOf           stamp   `gorm:"column:as_of"`
	HorizonHours   int     `gorm:"column:horizon_hours"`
	ModelTrainedAt stamp   `gorm:"column:model_trained_at"`
	ScoredAt       stamp   `gorm:"column:scored_at"`
}

func (forecastRow) TableName() string { return "stockout_forecasts" }

func (r forecastRow) toDomain(key catalog.VariantKey) catalog.StockoutForecast {
	return catalog.StockoutForecast{Variant: key, Probability: r.Probability, AsOf: r.AsOf.Time,
		Horizon: time.Duration(r.HorizonHours) * time.Hour, ModelTrainedAt: r.ModelTrainedAt.Time}
}

// modelRow is a row of forecast_models.
type modelRow struct {
	TrainedAt    stamp  `gorm:"column:trained_at"`
	HorizonHours int    `gorm:"column:horizon_hours"`
	DataEnd      stamp  `gorm:"column:data_end"`
	Examples     int    `gorm:"column:examples"`
	Positives    int    `gorm:"column:positives"`
	Params       string `gorm:"column:params"`
}

func (modelRow) TableName() string { return "forecast_models" }

// horizonHours is a horizon as stored: whole hours, rounded up so that no
// horizon is stored shorter than it was.
func horizonHours(d time.Duration) int { return int((d + time.Hour - 1) / time.Hour) }

// ReplaceStockoutForecasts checks every forecast, then in one transaction
// resolves the listings' variants, deletes their forecasts and inserts
// forecasts.
func (s *Store) ReplaceStockoutForecasts(ctx context.Context, listings []store.ListingKey, forecasts []catalog.StockoutForecast) error {
	const op = "replace stock-out forecasts"
	last := make(map[catalog.VariantKey]int, len(forecasts))
	keys := make([]catalog.VariantKey, len(forecasts))
	for i, f := range forecasts {
		if err := f.Validate(); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		keys[i] = f.Variant
		last[f.Variant] = i
	}
	if err := analyticsScope("forecast", listings, keys); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if len(listings) == 0 {
		return nil
	}
	err := s.inTx(ctx, func(t Tx) error {
		ids, err := s.clearListings(t, listings, "stockout_forecasts", "")
		if err != nil || ids == nil {
			return err
		}
		now := stamp{s.clock()}
		rows := make([]forecastRow, 0, len(forecasts))
		for i, f := range forecasts {
			id, ok := ids[f.Variant]
			if !ok || last[f.Variant] != i {
				continue
			}
			rows = append(rows, forecastRow{VariantID: id[0], ListingID: id[1], Probability: f.Probability,
				AsOf: stamp{at(f.AsOf)}, HorizonHours: horizonHours(f.Horizon),
				ModelTrainedAt: stamp{at(f.ModelTrainedAt)}, ScoredAt: now})
		}
		if len(rows) == 0 {
			return nil
		}
		return t.DB.CreateInBatches(rows, s.dialect.BatchSize()).Error
	})
	return s.fail(op, err)
}

// forecastCursor is where a page of forecasts ended. The probability
// round-trips exactly: JSON writes the shortest decimal that reads back as
// the same float64.
type forecastCursor struct {
	Probability float64 `json:"p"`
	Variant     int64   `json:"v"`
}

// forecastReadRow is a forecast with its variant, listing and current
// price.
type forecastReadRow struct {
	Row        forecastRow      `gorm:"embedded"`
	Variant    listedVariantRow `gorm:"embedded"`
	PriceMinor *int64           `gorm:"column:current_price_minor"`
	Currency   *string          `gorm:"column:current_currency"`
}

// StockoutForecasts reads one page in one statement, walking
// stockout_forecasts_probability_idx from the cursor.
func (s *Store) StockoutForecasts(ctx context.Context, q catalog.StockoutQuery) (catalog.StockoutPage, error) {
	const op = "stock-out forecasts"
	if err := q.Validate(); err != nil {
		return catalog.StockoutPage{}, fmt.Errorf("%s: %w", op, err)
	}
	var c conds
	if q.MinProbability > 0 {
		c.add("sf.probability >= ?", q.MinProbability)
	}
	addFacets(&c, q.Brands, q.Categories, q.Shops)
	if q.After != "" {
		var cur forecastCursor
		if err := decodeAnalyticsCursor(q.After, &cur); err != nil || math.IsNaN(cur.Probability) {
			return catalog.StockoutPage{}, fmt.Errorf("%s: %w", op, invalidf("cursor", "malformed cursor"))
		}
		c.add("(sf.probability < ? OR (sf.probability = ? AND sf.variant_id > ?))", cur.Probability, cur.Probability, cur.Variant)
	}
	var rows []forecastReadRow
	err := s.db.WithContext(ctx).Raw(`SELECT sf.*, `+listedVariantColumns+`,
			vp.price_minor AS current_price_minor, vp.currency AS current_currency
		FROM stockout_forecasts sf`+listedVariantJoins("sf")+variantPricesJoin+c.where()+
		` ORDER BY sf.probability DESC, sf.variant_id LIMIT ?`, append(c.args, q.Limit+1)...).Scan(&rows).Error
	if err != nil {
		return catalog.StockoutPage{}, s.fail(op, err)
	}
	page := catalog.StockoutPage{Items: make([]catalog.StockoutItem, 0, min(len(rows), q.Limit))}
	for i, r := range rows {
		if i == q.Limit {
			prev := rows[i-1].Row
			page.Next = encodeAnalyticsCursor(forecastCursor{Probability: prev.Probability, Variant: prev.VariantID})
			break
		}
		key, lv := r.Variant.toDomain()
		it := catalog.StockoutItem{StockoutForecast: r.Row.toDomain(key), ListedVariant: lv}
		if r.PriceMinor != nil && r.Currency != nil {
			it.Price = catalog.Money{Amount: *r.PriceMinor, Currency: *r.Currency}
		}
		page.Items = append(page.Items, it)
	}
	return page, nil
}

// SaveForecastModel replaces the stored model with m in one transaction of
// two statements.
func (s *Store) SaveForecastModel(ctx context.Context, m catalog.ForecastModel) error {
	const op = "save forecast model"
	switch {
	case m.TrainedAt.IsZero():
		return fmt.Errorf("%s: %w", op, invalidf("trained_at", "missing"))
	case m.Horizon < time.Hour:
		return fmt.Errorf("%s: %w", op, invalidf("horizon", "%s is shorter than an hour", m.Horizon))
	case len(m.Params) == 0:
		return fmt.Errorf("%s: %w", op, invalidf("params", "missing"))
	case m.Examples < 0 || m.Positives < 0 || m.Positives > m.Examples:
		return fmt.Errorf("%s: %w", op, invalidf("examples", "%d positives of %d examples", m.Positives, m.Examples))
	}
	row := modelRow{TrainedAt: stamp{at(m.TrainedAt)}, HorizonHours: horizonHours(m.Horizon), DataEnd: stamp{at(m.DataEnd)},
		Examples: m.Examples, Positives: m.Positives, Params: string(m.Params)}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM forecast_models`).Error; err != nil {
			return err
		}
		return tx.Create(&row).Error
	})
	return s.fail(op, err)
}

// ForecastModel reads the stored model in one statement.
func (s *Store) ForecastModel(ctx context.Context) (catalog.ForecastModel, error) {
	var rows []modelRow
	err := s.db.WithContext(ctx).Raw(`SELECT * FROM forecast_models ORDER BY trained_at DESC LIMIT 1`).Scan(&rows).Error
	if err != nil {
		return catalog.ForecastModel{}, s.fail("forecast model", err)
	}
	if len(rows) == 0 {
		return catalog.ForecastModel{}, s.fail("forecast model", gorm.ErrRecordNotFound)
	}
	r := rows[0]
	return catalog.ForecastModel{TrainedAt: r.TrainedAt.Time, Horizon: time.Duration(r.HorizonHours) * time.Hour,
		DataEnd: r.DataEnd.Time, Examples: r.Examples, Positives: r.Positives, Params: []byte(r.Params)}, nil
}
