package eval

import (
	"context"
	"errors"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/forecast"
	"github.com/skatestock/skatestock/modules/catalog"
)

// ForecastScore is the time-ordered backtest of the stock-out forecast: the
// model is trained on cutoffs whose answers were known before the split and
// scored on cutoffs from the split on, next to the rule baseline and to a
// constant forecast of the training base rate.
type ForecastScore struct {
	// Skipped says why there is no backtest, "" when there is one.
	Skipped                  string
	Split                    time.Time
	TrainExamples, Positives int
	TestExamples, TestPos    int
	Model, Baseline, Base    ProbScore
	Weights                  map[string]float64
}

// ProbScore scores probabilities against outcomes.
type ProbScore struct{ Brier, AUC float64 }

// BaseRate is the share of test examples that went out of stock.
func (s ForecastScore) BaseRate() float64 { return ratio(s.TestPos, s.TestExamples) }

func scoreForecast(ctx context.Context, ds Dataset, opts Options, progress Progress) (ForecastScore, error) {
	// Cutoffs are a day apart, ending a horizon before the data does, with a
	// week of history before the first. The split leaves a horizon between
	// the last training cutoff and the first test cutoff, so no training
	// answer is read from the test period.
	bt, ok := forecast.PlanBacktest(ds.Start, ds.End, opts.Horizon, opts.TrainShare)
	if !ok {
		return ForecastScore{Skipped: "the history is too short for a backtest: it needs a week, then two horizons"}, nil
	}
	cutoffs, split := bt.Cutoffs, bt.Split
	var train, test []forecast.Example
	for li, l := range ds.Series {
		if li%500 == 0 {
			if err := ctx.Err(); err != nil {
				return ForecastScore{}, err
			}
			progress("building forecast examples", li, len(ds.Series))
		}
		for vi, s := range l {
			h := forecast.History{Series: s, Category: ds.Listings[li].Category}
			for vj, sib := range l {
				if vj != vi {
					h.Siblings = append(h.Siblings, sib)
				}
			}
			for _, e := range forecast.Examples(h, cutoffs, opts.Horizon, ds.End) {
				switch {
				case bt.Train(e.At):
					train = append(train, e)
				case bt.Test(e.At):
					test = append(test, e)
				}
			}
		}
	}
	progress("building forecast examples", len(ds.Series), len(ds.Series))
	fs := ForecastScore{Split: split, TrainExamples: len(train), TestExamples: len(test), Weights: map[string]float64{}}
	for _, e := range train {
		if e.OutOfStock {
			fs.Positives++
		}
	}
	progress("training the forecast", 0, 1)
	model, err := forecast.Train(train, opts.Train)
	if errors.Is(err, catalog.ErrInvalid) {
		fs.Skipped = "no model: " + err.Error()
		return fs, nil
	}
	if err != nil {
		return fs, err
	}
	progress("training the forecast", 1, 1)
	for i, n := range forecast.FeatureNames() {
		fs.Weights[n] = model.Weights()[i]
	}
	pm, pb, pc := make([]float64, len(test)), make([]float64, len(test)), make([]float64, len(test))
	outcome := make([]bool, len(test))
	rate := ratio(fs.Positives, fs.TrainExamples)
	for i, e := range test {
		pm[i], pb[i], pc[i] = model.Predict(e.Features), forecast.Baseline(e.OutOfStockShare), rate
		outcome[i] = e.OutOfStock
		if e.OutOfStock {
			fs.TestPos++
		}
	}
	fs.Model = ProbScore{forecast.Brier(pm, outcome), forecast.AUC(pm, outcome)}
	fs.Baseline = ProbScore{forecast.Brier(pb, outcome), forecast.AUC(pb, outcome)}
	fs.Base = ProbScore{forecast.Brier(pc, outcome), forecast.AUC(pc, outcome)}
	return fs, nil
}
