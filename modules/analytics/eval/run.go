package eval

import (
	"context"
	"fmt"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/forecast"
	"github.com/skatestock/skatestock/modules/analytics/match"
	"github.com/skatestock/skatestock/modules/analytics/patterns"
)

// Options configure the algorithms under test and the backtest.
type Options struct {
	Match    match.Config
	Patterns patterns.Config
	Train    forecast.TrainConfig
	// Horizon is how far ahead the stock-out forecast looks.
	Horizon time.Duration
	// TrainShare is the share of the backtest's cutoffs whose answers the
	// model is trained on; it is scored on the cutoffs after them.
	TrainShare float64
}

// DefaultOptions are the defaults of every algorithm, a seven-day horizon
// and a 60/40 time split.
func DefaultOptions() Options {
	return Options{
		Match: match.DefaultConfig(), Patterns: patterns.DefaultConfig(), Train: forecast.DefaultTrainConfig(),
		Horizon: forecast.DefaultHorizon, TrainShare: 0.6,
	}
}

// Progress is told which stage runs and how far it is.
type Progress func(stage string, done, total int)

// Report is the outcome of one evaluation.
type Report struct {
	Listings, Variants, Observations, Shops int
	Start, End                              time.Time
	Matching                                MatchScore
	Patterns                                []PatternScore
	Doorbusters                             DoorbusterScore
	Forecast                                ForecastScore
	// Seasonal is set by the caller from ScoreSeasonal on a long history;
	// nil when not scored.
	Seasonal *SeasonalScore
	Elapsed  map[string]time.Duration
}

// Run runs every algorithm on ds and scores it against labels. It returns
// early with ctx's error when ctx is cancelled; progress may be nil.
func Run(ctx context.Context, ds Dataset, labels Labels, opts Options, progress Progress) (Report, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	rep := Report{
		Listings: len(ds.Listings), Variants: ds.Variants(), Observations: ds.Observations(), Shops: ds.Shops,
		Start: ds.Start, End: ds.End, Elapsed: map[string]time.Duration{},
	}
	stages := []struct {
		name string
		run  func() error
	}{
		{"matching", func() (err error) {
			rep.Matching, err = scoreMatching(ctx, ds, labels, opts.Match, progress)
			return err
		}},
		{"patterns", func() (err error) {
			rep.Patterns, rep.Doorbusters, err = scorePatterns(ctx, ds, labels, opts.Patterns, progress)
			return err
		}},
		{"forecast", func() (err error) { rep.Forecast, err = scoreForecast(ctx, ds, opts, progress); return err }},
	}
	for _, st := range stages {
		start := time.Now()
		if err := st.run(); err != nil {
			return rep, fmt.Errorf("evaluate %s: %w", st.name, err)
		}
		rep.Elapsed[st.name] = time.Since(start)
	}
	return rep, nil
}

// ratio is num/den, 0 when den is 0.
func ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// f1 is the harmonic mean of precision and recall.
func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
