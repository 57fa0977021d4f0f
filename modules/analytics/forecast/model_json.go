package forecast

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/skatestock/skatestock/modules/catalog"
)

// modelJSON is a model as it is stored: what Predict reads, and the names
// of the features it was trained on.
type modelJSON struct {
	Features  []string  `json:"features"`
	Mean      []float64 `json:"mean"`
	Scale     []float64 `json:"scale"`
	Weights   []float64 `json:"weights"`
	Intercept float64   `json:"intercept"`
}

// MarshalJSON encodes the model so that UnmarshalJSON gives back one that
// predicts exactly the same: JSON numbers round-trip float64s.
func (m *Model) MarshalJSON() ([]byte, error) {
	return json.Marshal(modelJSON{Features: FeatureNames(), Mean: m.mean, Scale: m.scale, Weights: m.weights, Intercept: m.intercept})
}

// UnmarshalJSON reads a model MarshalJSON wrote. A model of other features
// (an older binary's) is refused with an error wrapping catalog.ErrInvalid:
// its weights would be read against the wrong features, so it must be
// trained again.
func (m *Model) UnmarshalJSON(b []byte) error {
	var j modelJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("decode forecast model: %w", err)
	}
	names := FeatureNames()
	if !slices.Equal(j.Features, names) {
		return fmt.Errorf("decode forecast model: %w: trained on features %v, this binary computes %v", catalog.ErrInvalid, j.Features, names)
	}
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	n := len(names)
	if len(j.Mean) != n || len(j.Scale) != n || len(j.Weights) != n ||
		!finite(j.Mean...) || !finite(j.Scale...) || !finite(j.Weights...) || !finite(j.Intercept) ||
		slices.ContainsFunc(j.Scale, func(s float64) bool { return s <= 0 }) {
		return fmt.Errorf("decode forecast model: %w: want %d finite means, positive scales and weights", catalog.ErrInvalid, n)
	}
	*m = Model{mean: j.Mean, scale: j.Scale, weights: j.Weights, intercept: j.Intercept}
	return nil
}
