package match

import (
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Config tunes the matcher. The zero value is not usable; start from
// DefaultConfig.
type Config struct {
	// Threshold is the title score at or above which a pair without a shared
	// barcode is accepted, in (0, 1].
	Threshold float64
	// ReviewFloor is the title score at or above which a pair below
	// Threshold is kept for review; it is at most Threshold. Zero keeps none.
	ReviewFloor float64
	// LearnSupport is how many barcode-tied pairs must show the same
	// spelling difference before the matcher trusts it for other pairs of
	// the brand and category, at least 1.
	LearnSupport int
}

// DefaultConfig is the configuration the evaluation was tuned with (see
// docs/analytics.md): accept at 0.9, review from 0.75, learn from two pairs.
func DefaultConfig() Config {
	return Config{Threshold: 0.9, ReviewFloor: 0.75, LearnSupport: 2}
}

// Validate reports the first setting out of range; the error wraps
// catalog.ErrInvalid.
func (c Config) Validate() error {
	switch {
	case !(c.Threshold > 0 && c.Threshold <= 1):
		return fmt.Errorf("%w match.threshold: %v is outside (0, 1]", catalog.ErrInvalid, c.Threshold)
	case !(c.ReviewFloor >= 0 && c.ReviewFloor <= c.Threshold):
		return fmt.Errorf("%w match.review_floor: %v is outside [0, threshold %v]", catalog.ErrInvalid, c.ReviewFloor, c.Threshold)
	case c.LearnSupport < 1:
		return fmt.Errorf("%w match.learn_support: %d is below 1", catalog.ErrInvalid, c.LearnSupport)
	}
	return nil
}
