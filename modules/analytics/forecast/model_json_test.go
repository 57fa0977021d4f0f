package forecast_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/forecast"
	"github.com/skatestock/skatestock/modules/catalog"
)

// TestModelJSONRoundTrip: a stored model predicts exactly what the trained
// one did.
func TestModelJSONRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	p := len(forecast.FeatureNames())
	var ex []forecast.Example
	for range 2000 {
		f := make([]float64, p)
		for i := range f {
			f[i] = r.Float64()
		}
		ex = append(ex, forecast.Example{Features: f, OutOfStock: r.Float64() < 0.05+0.4*f[2]})
	}
	m, err := forecast.Train(ex, forecast.DefaultTrainConfig())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back forecast.Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for _, e := range ex[:200] {
		if got, want := back.Predict(e.Features), m.Predict(e.Features); got != want {
			t.Fatalf("decoded model predicts %v, the trained one %v", got, want)
		}
	}
	for name, bad := range map[string]string{
		"other features": strings.Replace(string(b), `"category_sells_by_size"`, `"colour"`, 1),
		"short weights":  `{"features":` + mustJSON(t, forecast.FeatureNames()) + `,"mean":[],"scale":[],"weights":[],"intercept":0}`,
		"zero scale":     zeroScale(t, b),
	} {
		var m forecast.Model
		if err := json.Unmarshal([]byte(bad), &m); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	var m2 forecast.Model
	if err := json.Unmarshal([]byte(`{"features":`), &m2); err == nil {
		t.Error("truncated JSON decoded")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func zeroScale(t *testing.T, b []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["scale"].([]any)[0] = 0.0
	return mustJSON(t, m)
}

func TestPlanBacktest(t *testing.T) {
	day := 24 * time.Hour
	week := 7 * day
	if _, ok := forecast.PlanBacktest(start, start.Add(20*day), week, 0.6); ok {
		t.Error("20 days planned a backtest; it needs a week and two horizons")
	}
	b, ok := forecast.PlanBacktest(start, start.Add(60*day), week, 0.6)
	if !ok || len(b.Cutoffs) != 47 || !b.Cutoffs[0].Equal(start.Add(7*day)) || !b.Cutoffs[46].Equal(start.Add(53*day)) {
		t.Fatalf("60 days: %d cutoffs %v..%v", len(b.Cutoffs), b.Cutoffs[0], b.Cutoffs[len(b.Cutoffs)-1])
	}
	// The first test cutoff is a horizon after the first one; 60% of the
	// 39 days after it (23 days) are training time.
	if !b.Split.Equal(start.Add(37 * day)) {
		t.Errorf("split at day %v, want 37", b.Split.Sub(start)/day)
	}
	var train, test, neither int
	for _, c := range b.Cutoffs {
		switch {
		case b.Train(c) && b.Test(c):
			t.Fatalf("cutoff %v trains and tests", c)
		case b.Train(c):
			train++
			if c.Add(week).After(b.Split) {
				t.Errorf("training cutoff %v's answer lies after the split", c)
			}
		case b.Test(c):
			test++
		default:
			neither++
		}
	}
	if train != 24 || test != 17 || neither != 6 {
		t.Errorf("%d train, %d test, %d in between", train, test, neither)
	}
}
