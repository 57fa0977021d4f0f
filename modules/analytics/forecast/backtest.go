package forecast

import (
	"slices"
	"time"
)

// Backtest is a time-ordered split of daily forecast cutoffs: the model is
// trained on the cutoffs whose horizon ended by Split, so that no answer it
// learns from lies in the test period, and scored on the cutoffs from Split
// on. The cutoffs in between are in neither.
type Backtest struct {
	Cutoffs []time.Time // a day apart, oldest first
	Split   time.Time
	Horizon time.Duration
}

// PlanBacktest lays cutoffs a day apart over the history [start, end]: from
// a week after start (the features read up to 30 days back, and a week is
// the least that says anything) to a horizon before end (the last whose
// answer is known). trainShare (0 to 1) of the days after the first
// horizon is training time. ok is false when the history is too short: it
// needs a week, then two horizons.
func PlanBacktest(start, end time.Time, horizon time.Duration, trainShare float64) (b Backtest, ok bool) {
	first, last := start.Add(7*day), end.Add(-horizon)
	for c := last; !c.Before(first); c = c.Add(-day) {
		b.Cutoffs = append(b.Cutoffs, c)
	}
	slices.Reverse(b.Cutoffs)
	b.Horizon = horizon
	if len(b.Cutoffs) == 0 || b.Cutoffs[len(b.Cutoffs)-1].Sub(b.Cutoffs[0]) < horizon {
		return b, false
	}
	firstTest := b.Cutoffs[0].Add(horizon)
	room := b.Cutoffs[len(b.Cutoffs)-1].Sub(firstTest)
	b.Split = firstTest.Add(time.Duration(float64(room/day)*trainShare) * day)
	return b, true
}

// Train reports whether an example at cutoff at is a training example: its
// horizon ended by the split.
func (b Backtest) Train(at time.Time) bool { return !at.Add(b.Horizon).After(b.Split) }

// Test reports whether an example at cutoff at is a test example.
func (b Backtest) Test(at time.Time) bool { return !at.Before(b.Split) }
