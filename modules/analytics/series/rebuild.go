package series

import (
	"fmt"
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Config bounds the rebuilt series.
type Config struct {
	// MinStep is the shortest interval between rebuilt observations:
	// scrapes more often than this read as if taken every MinStep, so that
	// a minute-by-minute scrape does not turn a day into 1,440
	// observations (nor a two-hour dip into a "long" sale).
	MinStep time.Duration
	// DefaultStep is the interval assumed for a listing whose history
	// shows none: no variant of it has changed state.
	DefaultStep time.Duration
	// MaxPerSpan bounds the observations one change point stands for;
	// past it they are spread wider.
	MaxPerSpan int
}

// DefaultConfig suits the detectors as tuned: their thresholds count
// observations of scrapes made hours apart.
func DefaultConfig() Config {
	return Config{MinStep: time.Hour, DefaultStep: 24 * time.Hour, MaxPerSpan: 1000}
}

// Validate reports the first bound out of range.
func (c Config) Validate() error {
	switch {
	case c.MinStep < time.Second:
		return fmt.Errorf("%w series.min_step: %s, want at least 1s", catalog.ErrInvalid, c.MinStep)
	case c.DefaultStep < c.MinStep:
		return fmt.Errorf("%w series.default_step: %s, want at least min_step %s", catalog.ErrInvalid, c.DefaultStep, c.MinStep)
	case c.MaxPerSpan < 2:
		return fmt.Errorf("%w series.max_per_span: %d, want at least 2", catalog.ErrInvalid, c.MaxPerSpan)
	}
	return nil
}

// Step is the scrape interval that histories (of one listing, or of one
// shop's listings) show: the median gap between one change point's last
// sighting and the next one's first, at least MinStep. ok is false when
// no history has two change points: nothing shows the interval, and the
// caller falls back on a wider group's, or on DefaultStep.
func (c Config) Step(histories [][]catalog.PriceSpan) (step time.Duration, ok bool) {
	var gaps []time.Duration
	for _, spans := range histories {
		for i := 1; i < len(spans); i++ {
			if g := spans[i].ValidFrom.Sub(spans[i-1].LastSeen); g > 0 {
				gaps = append(gaps, g)
			}
		}
	}
	if len(gaps) == 0 {
		return c.DefaultStep, false
	}
	slices.Sort(gaps)
	return max(gaps[(len(gaps)-1)/2], c.MinStep), true
}

// Observations returns the observations key's spans stand for, in time
// order: one at each span's first sighting, then one every interval while
// before its last sighting, then one at the last sighting. A span's
// interval is the larger of the gaps to the spans either side (an outage
// beside it widens it, never a burst of scrapes), listingStep when it has
// neither (Step's answer for its listing or shop), at least MinStep and wide enough to keep MaxPerSpan. spans must
// be in time order and not overlap, as stores return them.
func (c Config) Observations(key catalog.VariantKey, spans []catalog.PriceSpan, listingStep time.Duration) []catalog.PriceObservation {
	out := make([]catalog.PriceObservation, 0, len(spans)*2)
	for i, sp := range spans {
		step := time.Duration(0)
		if i > 0 {
			step = sp.ValidFrom.Sub(spans[i-1].LastSeen)
		}
		if i+1 < len(spans) {
			step = max(step, spans[i+1].ValidFrom.Sub(sp.LastSeen))
		}
		if step <= 0 {
			step = listingStep
		}
		step = max(step, c.MinStep)
		length := sp.LastSeen.Sub(sp.ValidFrom)
		if n := time.Duration(c.MaxPerSpan - 1); length/step >= n {
			step = (length + n - 1) / n // rounded up: at most n before the last sighting
		}
		o := catalog.PriceObservation{Variant: key, Price: sp.Price, CompareAt: sp.CompareAt, Availability: sp.Availability}
		for t := sp.ValidFrom; t.Before(sp.LastSeen); t = t.Add(step) {
			o.ObservedAt = t
			out = append(out, o)
		}
		o.ObservedAt = sp.LastSeen
		out = append(out, o)
	}
	return out
}
