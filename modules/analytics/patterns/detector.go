package patterns

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Detector finds discount patterns with one configuration. It holds no state
// between calls and is safe for concurrent use.
type Detector struct {
	cfg Config
}

// NewDetector returns a detector; cfg must validate.
func NewDetector(cfg Config) (*Detector, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("new pattern detector: %w", err)
	}
	return &Detector{cfg: cfg}, nil
}

// Detect returns the patterns in one variant's series, ordered by where they
// start, then by kind. The series should be in time order, as stores return
// it; when it is not, a sorted copy is read and First and Last index that
// order. Observations of other variants are not told apart: pass one
// variant's. Runs in different currencies are read separately (a seasonal
// pattern may recur across them); fewer than three observations hold no
// pattern.
func (d *Detector) Detect(series []catalog.PriceObservation) []Pattern {
	_, rs := runs(series)
	var out []Pattern
	for i := range rs {
		r := &rs[i]
		if len(r.price) < 3 {
			continue
		}
		dips := d.dips(r)
		skip := make([]bool, len(r.price))
		for _, p := range dips {
			if p.Kind == KindPriceError {
				skip[p.First-r.offset] = true
			}
		}
		out = append(out, dips...)
		out = append(out, d.clearances(r, skip)...)
		out = append(out, d.weekly(r)...)
		out = append(out, d.fakeSales(r)...)
	}
	// Seasons span years, and may span currency runs.
	out = append(out, d.seasonal(rs)...)
	slices.SortStableFunc(out, func(a, b Pattern) int {
		return cmp.Or(cmp.Compare(a.First, b.First), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}
