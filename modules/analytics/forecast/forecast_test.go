package forecast_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/forecast"
	"github.com/skatestock/skatestock/modules/catalog"
)

var start = time.Date(2025, time.June, 2, 12, 0, 0, 0, time.UTC)

// history builds a daily series from prices (minor units, USD) and stock
// (true in stock), which must be as long.
func history(prices []int64, inStock []bool) []catalog.PriceObservation {
	out := make([]catalog.PriceObservation, len(prices))
	for i := range prices {
		out[i] = catalog.PriceObservation{
			Variant:    catalog.VariantKey{ShopSlug: "s", ListingExternalID: "l", VariantExternalID: "v"},
			ObservedAt: start.Add(time.Duration(i) * 24 * time.Hour),
			Price:      catalog.Money{Amount: prices[i], Currency: "USD"}, Availability: catalog.InStock,
		}
		if !inStock[i] {
			out[i].Availability = catalog.OutOfStock
		}
	}
	return out
}

func flat(n int, v int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func stock(n int, out ...int) []bool {
	s := make([]bool, n)
	for i := range s {
		s[i] = true
	}
	for _, i := range out {
		s[i] = false
	}
	return s
}

func feature(t *testing.T, f []float64, name string) float64 {
	t.Helper()
	for i, n := range forecast.FeatureNames() {
		if n == name {
			return f[i]
		}
	}
	t.Fatalf("no feature %q", name)
	return 0
}

func TestFeatures(t *testing.T) {
	day := func(i int) time.Time { return start.Add(time.Duration(i) * 24 * time.Hour) }
	prices := append(flat(10, 5000), 4000, 3500, 3000, 3000)
	h := forecast.History{Series: history(prices, stock(14, 3, 4)), Category: catalog.CategoryShoes}
	h.Siblings = [][]catalog.PriceObservation{history(flat(14, 5000), stock(14, 13)), history(flat(14, 5000), stock(14))}
	f, ok := forecast.Features(h, day(13))
	if !ok || len(f) != len(forecast.FeatureNames()) {
		t.Fatalf("Features = %v, %v", f, ok)
	}
	for name, want := range map[string]float64{
		"category_sells_by_size": 1, "category_hardgoods": 0, "out_of_stock_share_30d": 2.0 / 14,
		"stock_outs_30d": math.Log1p(1), "days_since_restock": 8.0 / 30, "siblings_out_of_stock": 0.5,
		"markdowns_14d": math.Log1p(3), "falling_run_drops": 3.0 / 5, "below_30d_high": 0.4, "on_sale": 0,
		"days_since_price_change": 1.0 / 30, "observations_30d": math.Log1p(14),
	} {
		if got := feature(t, f, name); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if _, ok := forecast.Features(h, day(-1)); ok {
		t.Error("features before the first observation")
	}
	if _, ok := forecast.Features(h, day(3)); ok {
		t.Error("features of a variant out of stock: the question is about variants in stock")
	}
	if g, _ := forecast.Features(h, day(5)); feature(t, g, "falling_run_drops") != 0 {
		t.Error("features read observations after the instant")
	}
	one := forecast.History{Series: history([]int64{5000}, stock(1))}
	if f, ok := forecast.Features(one, day(0)); !ok || feature(t, f, "days_since_restock") != 1 {
		t.Errorf("one observation: %v %v", f, ok)
	}
}

func TestExamples(t *testing.T) {
	day := func(i int) time.Time { return start.Add(time.Duration(i) * 24 * time.Hour) }
	s := history(flat(20, 5000), stock(20, 12, 13))
	h := forecast.History{Series: s}
	ex := forecast.Examples(h, []time.Time{day(2), day(5), day(12), day(14), day(15)}, 7*24*time.Hour, day(19))
	if len(ex) != 2 {
		t.Fatalf("examples = %+v, want days 2 and 5 (12 is out of stock, 14 and 15 end after the data)", ex)
	}
	if ex[0].OutOfStock || !ex[1].OutOfStock || ex[1].OutOfStockShare != 0 {
		t.Errorf("labels %+v: day 5 sees the stock-out on day 12 within 7 days, day 2 does not", ex)
	}
	if forecast.Baseline(0.5) != 0 || forecast.Baseline(0.51) != 1 {
		t.Error("baseline is out of stock above half the time")
	}
}

// TestTrainRecoversSignal trains on data where one feature decides the odds
// and checks the model ranks and calibrates by it.
func TestTrainRecoversSignal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var ex []forecast.Example
	for range 4000 {
		x := r.Float64()
		p := 0.02 + 0.5*x*x
		ex = append(ex, forecast.Example{Features: []float64{x, r.Float64()}, OutOfStock: r.Float64() < p})
	}
	m, err := forecast.Train(ex, forecast.DefaultTrainConfig())
	if err != nil {
		t.Fatal(err)
	}
	if w := m.Weights(); w[0] < 0.5 || math.Abs(w[1]) > 0.2 {
		t.Errorf("weights %v: the first feature should carry the signal, the second none", w)
	}
	var pred []float64
	var out []bool
	for _, e := range ex {
		pred = append(pred, m.Predict(e.Features))
		out = append(out, e.OutOfStock)
	}
	base := make([]float64, len(ex))
	for i := range base {
		base[i] = 0.19 // about the base rate
	}
	if auc := forecast.AUC(pred, out); auc < 0.7 {
		t.Errorf("AUC = %v", auc)
	}
	if forecast.Brier(pred, out) >= forecast.Brier(base, out) {
		t.Error("the model is no better than the base rate")
	}
	if _, err := forecast.Train(ex[:1], forecast.DefaultTrainConfig()); err == nil {
		t.Error("trained on one class")
	}
	if _, err := forecast.Train(nil, forecast.DefaultTrainConfig()); err == nil {
		t.Error("trained on nothing")
	}
}

func TestScores(t *testing.T) {
	if got := forecast.Brier([]float64{1, 0, 0.5}, []bool{true, true, false}); math.Abs(got-(0+1+0.25)/3) > 1e-12 {
		t.Errorf("Brier = %v", got)
	}
	if got := forecast.AUC([]float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}); got != 0.75 {
		t.Errorf("AUC = %v, want 0.75", got)
	}
	if got := forecast.AUC([]float64{1, 1, 1}, []bool{true, false, false}); got != 0.5 {
		t.Errorf("AUC of ties = %v, want 0.5", got)
	}
	if !math.IsNaN(forecast.AUC([]float64{1}, []bool{true})) || !math.IsNaN(forecast.Brier(nil, nil)) {
		t.Error("scores of nothing should be NaN")
	}
}
