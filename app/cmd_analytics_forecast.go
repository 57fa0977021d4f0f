package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/forecast"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// The rebuild of every listing's patterns and forecasts. It reads the
// price history twice: once whole, a batch of listings at a time, to
// replace each batch's patterns and to collect the forecast's examples;
// then, with the model trained on them, the last weeks of every listing
// to score the variants in stock.

// trainShare is the share of the backtest's days the held-out score
// trains on, as in `skatestock eval`.
const trainShare = 0.6

// signalReport is what a rebuild did.
type signalReport struct {
	listings int
	patterns map[catalog.PatternKind]int
	dataEnd  time.Time // the latest observation read; forecasts are as of it
	// trained is the new model's training, nil when none was trained
	// (skipped says why: the stored model, if any, then scores).
	trained   *trainReport
	skipped   string
	scoredBy  time.Time // the model that scored, zero when none did
	forecasts int       // the forecasts stored
}

// trainReport is the model's training and its held-out score.
type trainReport struct {
	split                     time.Time
	trainExamples, trainPos   int
	testExamples, testPos     int
	model, baseline, baseRate forecastScore
	examples, positives       int // all the examples, on which the stored model is refit
	trainedAt                 time.Time
}

// forecastScore scores probabilities against what happened.
type forecastScore struct{ brier, auc float64 }

// lines are the report as the CLI prints it.
func (r signalReport) lines() []string {
	var kinds []string
	total := 0
	for _, k := range slices.Sorted(maps.Keys(r.patterns)) {
		kinds = append(kinds, fmt.Sprintf("%d %s", r.patterns[k], k))
		total += r.patterns[k]
	}
	out := []string{fmt.Sprintf("detected %d discount patterns in %d listings (%s)", total, r.listings, strings.Join(kinds, ", "))}
	if t := r.trained; t != nil {
		out = append(out, fmt.Sprintf("trained the stock-out model on %d examples (%d went out of stock within %d days) up to %s",
			t.examples, t.positives, int(forecast.DefaultHorizon/(24*time.Hour)), r.dataEnd.UTC().Format(time.RFC3339)),
			fmt.Sprintf("held out from %s: %d examples; Brier %.4f (AUC %.3f), rule baseline %.4f, training base rate %.4f",
				t.split.UTC().Format(time.DateOnly), t.testExamples, t.model.brier, t.model.auc, t.baseline.brier, t.baseRate.brier))
	} else {
		out = append(out, "no new stock-out model: "+r.skipped)
	}
	if r.scoredBy.IsZero() {
		out = append(out, "no stock-out forecasts: no model")
	} else {
		out = append(out, fmt.Sprintf("forecast %d variants in stock as of %s (model trained at %s)", r.forecasts,
			r.dataEnd.UTC().Format(time.RFC3339), r.scoredBy.UTC().Format(time.RFC3339)))
	}
	return out
}

// farFuture bounds a read of the whole history.
var farFuture = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)

// rebuildSignals replaces every listing's patterns, trains and stores the
// stock-out model, and replaces every listing's forecasts. progress is
// told the listings done of each pass. It stops with ctx's error.
func (s signalSettings) rebuildSignals(ctx context.Context, db signalStore, span catalog.DaySpan, now time.Time,
	progress func(pass string, done int)) (signalReport, error) {
	rep := signalReport{patterns: map[catalog.PatternKind]int{}}
	// Cutoffs a day apart over the stored days: the first day's midnight
	// is at most a day early and the last day's a day late, which
	// costs a cutoff at either end, never an answer read past the data.
	bt, planned := forecast.PlanBacktest(span.First, span.Last, s.horizon, trainShare)
	var examples []forecast.Example
	err := eachListingBatch(ctx, db, func(keys []store.ListingKey) error {
		hs, err := db.ListingHistories(ctx, keys, time.Unix(0, 0), farFuture)
		if err != nil {
			return err
		}
		states, err := db.ListingStates(ctx, keys)
		if err != nil {
			return err
		}
		var pats []catalog.DiscountPattern
		for _, ls := range s.rebuildSeries(hs) {
			for _, p := range s.detect(ls, time.Time{}, now) {
				pats = append(pats, p)
				rep.patterns[p.Kind]++
			}
			for i, ser := range ls.series {
				if n := len(ser); n > 0 && ser[n-1].ObservedAt.After(rep.dataEnd) {
					rep.dataEnd = ser[n-1].ObservedAt
				}
				if planned {
					examples = append(examples, forecast.Examples(ls.history(i, states[ls.key].Category), bt.Cutoffs, s.horizon, span.Last)...)
				}
			}
		}
		if err := db.ReplaceDiscountPatterns(ctx, keys, time.Time{}, pats); err != nil {
			return err
		}
		rep.listings += len(keys)
		progress("detecting patterns", rep.listings)
		return nil
	})
	if err != nil {
		return rep, err
	}
	m, err := s.trainModel(ctx, db, &rep, bt, planned, examples, now)
	if err != nil || m == nil {
		return rep, err
	}
	rep.scoredBy = m.trainedAt
	done := 0
	err = eachListingBatch(ctx, db, func(keys []store.ListingKey) error {
		hs, err := db.ListingHistories(ctx, keys, rep.dataEnd.Add(-2*s.lookback), farFuture)
		if err != nil {
			return err
		}
		states, err := db.ListingStates(ctx, keys)
		if err != nil {
			return err
		}
		var fcs []catalog.StockoutForecast
		for _, ls := range s.rebuildSeries(hs) {
			fcs = append(fcs, m.score(ls, states[ls.key].Category, rep.dataEnd)...)
		}
		if err := db.ReplaceStockoutForecasts(ctx, keys, fcs); err != nil {
			return err
		}
		rep.forecasts += len(fcs)
		done += len(keys)
		progress("scoring stock-outs", done)
		return nil
	})
	return rep, err
}

// trainModel trains on the backtest's training examples and scores the
// model on its test examples, then refits it on every example and stores
// it. Without a backtest, or with examples of one answer only, it trains
// nothing and returns the stored model, if any.
func (s signalSettings) trainModel(ctx context.Context, db signalStore, rep *signalReport, bt forecast.Backtest, planned bool,
	examples []forecast.Example, now time.Time) (*scoringModel, error) {
	stored := func() (*scoringModel, error) {
		m, err := db.ForecastModel(ctx)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		sm, err := decodeModel(m)
		if errors.Is(err, catalog.ErrInvalid) {
			rep.skipped += "; the stored model is of other features and is not used"
			return nil, nil
		}
		return sm, err
	}
	if !planned {
		rep.skipped = "the history is too short: it needs a week, then two horizons (21 days)"
		return stored()
	}
	var train, test []forecast.Example
	for _, e := range examples {
		switch {
		case bt.Train(e.At):
			train = append(train, e)
		case bt.Test(e.At):
			test = append(test, e)
		}
	}
	heldOut, err := forecast.Train(train, forecast.DefaultTrainConfig())
	if errors.Is(err, catalog.ErrInvalid) {
		rep.skipped = "cannot train on the history before " + bt.Split.UTC().Format(time.DateOnly) + ": " + err.Error()
		return stored()
	}
	if err != nil {
		return nil, err
	}
	t := &trainReport{split: bt.Split, trainExamples: len(train), testExamples: len(test), trainedAt: now.UTC()}
	t.trainPos, t.testPos, t.positives = countPositives(train), countPositives(test), countPositives(examples)
	t.examples = len(examples)
	t.model, t.baseline, t.baseRate = scoreHeldOut(heldOut, test, float64(t.trainPos)/float64(len(train)))
	// The stored model learns from every answer known, the latest
	// included: the held-out score above is what to expect of it.
	final, err := forecast.Train(examples, forecast.DefaultTrainConfig())
	if err != nil {
		// More examples of both answers than the held-out model had: a
		// failure here is numerical, and that model is still good.
		final = heldOut
	}
	params, err := json.Marshal(final)
	if err != nil {
		return nil, fmt.Errorf("encode forecast model: %w", err)
	}
	m := catalog.ForecastModel{TrainedAt: t.trainedAt, Horizon: s.horizon, DataEnd: rep.dataEnd,
		Examples: t.examples, Positives: t.positives, Params: params}
	if err := db.SaveForecastModel(ctx, m); err != nil {
		return nil, err
	}
	rep.trained = t
	return &scoringModel{model: final, trainedAt: m.TrainedAt, horizon: s.horizon}, nil
}

func countPositives(ex []forecast.Example) int {
	n := 0
	for _, e := range ex {
		if e.OutOfStock {
			n++
		}
	}
	return n
}

// scoreHeldOut scores the model, the rule baseline and the constant
// training base rate on test.
func scoreHeldOut(m *forecast.Model, test []forecast.Example, rate float64) (model, baseline, base forecastScore) {
	pm, pb, pc := make([]float64, len(test)), make([]float64, len(test)), make([]float64, len(test))
	out := make([]bool, len(test))
	for i, e := range test {
		pm[i], pb[i], pc[i], out[i] = m.Predict(e.Features), forecast.Baseline(e.OutOfStockShare), rate, e.OutOfStock
	}
	score := func(p []float64) forecastScore { return forecastScore{forecast.Brier(p, out), forecast.AUC(p, out)} }
	return score(pm), score(pb), score(pc)
}

// eachListingBatch calls fn with every stored listing's key, signalBatch
// at a time in key order, until fn fails or ctx ends.
func eachListingBatch(ctx context.Context, db signalStore, fn func(keys []store.ListingKey) error) error {
	var after store.ListingKey
	for {
		keys, err := db.ListingKeys(ctx, after, signalBatch)
		if err != nil || len(keys) == 0 {
			return err
		}
		if err := fn(keys); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		after = keys[len(keys)-1]
	}
}
