package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// modelCheckEvery is how often the analytics consumer looks for a newer
// stored forecast model: `analytics rebuild` (and demo after seeding)
// trains one while the consumer runs.
const modelCheckEvery = time.Minute

// signalFollower keeps the discount patterns and stock-out forecasts of
// the listings that arrive on normalized-products current: for each batch
// it re-detects the patterns that end within its window from the stored
// history and rescores the variants in stock with the stored model, and
// stores both before the batch's offsets commit. A batch retried after a
// failure recomputes the same from the store, so retries are harmless.
type signalFollower struct {
	db       signalStore
	settings signalSettings
	window   time.Duration
	now      func() time.Time
	log      *slog.Logger

	mu        sync.Mutex
	model     *scoringModel // nil until a model is stored
	checked   time.Time     // when the store was last asked for a model
	listings  int
	patterns  int
	forecasts int
}

func newSignalFollower(db signalStore, window time.Duration, now func() time.Time, log *slog.Logger) (*signalFollower, error) {
	settings, err := defaultSignalSettings()
	if err != nil {
		return nil, err
	}
	return &signalFollower{db: db, settings: settings, window: window, now: now, log: log}, nil
}

// refresh recomputes and stores the patterns and forecasts of the
// listings of keys as of now.
func (f *signalFollower) refresh(ctx context.Context, keys []store.ListingKey) error {
	if len(keys) == 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.loadModel(ctx); err != nil {
		return err
	}
	now := f.now()
	np, nf, err := f.settings.refreshSignals(ctx, f.db, f.model, keys, now.Add(-f.window), now)
	if err != nil {
		return fmt.Errorf("refresh patterns and forecasts: %w", err)
	}
	f.listings += len(keys)
	f.patterns += np
	f.forecasts += nf
	return nil
}

// loadModel reads the stored model when modelCheckEvery has passed since
// the last look. A model this binary cannot use (trained on other
// features) is logged and ignored until a rebuild replaces it.
func (f *signalFollower) loadModel(ctx context.Context) error {
	if !f.checked.IsZero() && time.Since(f.checked) < modelCheckEvery {
		return nil
	}
	m, err := f.db.ForecastModel(ctx)
	if errors.Is(err, catalog.ErrNotFound) {
		f.checked = time.Now()
		return nil
	}
	if err != nil {
		return fmt.Errorf("load forecast model: %w", err)
	}
	f.checked = time.Now()
	if f.model != nil && f.model.trainedAt.Equal(m.TrainedAt) {
		return nil
	}
	sm, err := decodeModel(m)
	if err != nil {
		f.log.Warn("forecast_model_unusable", "trained_at", m.TrainedAt, "error", err)
		return nil
	}
	f.model = sm
	f.log.Info("forecast_model_loaded", "trained_at", m.TrainedAt, "examples", m.Examples, "data_end", m.DataEnd)
	return nil
}

// stats returns how many listings were refreshed and how many patterns
// and forecasts were stored for them.
func (f *signalFollower) stats() (listings, patterns, forecasts int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.listings, f.patterns, f.forecasts
}
