package patterns

import (
	"fmt"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Config holds the detectors' thresholds. Discounts are in basis points
// (3000 is 30% off).
type Config struct {
	// FlashMinBP is how far below the observations on both sides a flash
	// sale's price sits, at least.
	FlashMinBP int
	// FlashMaxObservations and FlashMaxDuration bound a flash sale: a dip
	// longer than either is an ordinary sale.
	FlashMaxObservations int
	FlashMaxDuration     time.Duration
	// ErrorMinBP is the depth below the neighbours from which a one-off dip
	// is a price error whatever it looks like; shallower one-off dips are
	// errors only when they look like a slipped decimal point or a
	// placeholder price.
	ErrorMinBP int
	// ClearanceMinDrops is how many markdowns in a row, without a rise, make
	// a clearance; ClearanceMinBP is how far the last one sits below the
	// price before the first.
	ClearanceMinDrops int
	ClearanceMinBP    int
	// ClearanceMaxStep is the longest hold between two markdowns of one
	// clearance.
	ClearanceMaxStep time.Duration
	// WeeklyMinWeeks is how many weeks a weekday dip must recur in.
	WeeklyMinWeeks int
	// SeasonalMinBP is how far below the usual price a markdown sits to
	// count towards a season; SeasonalMinDuration and SeasonalMaxDuration
	// bound how long it is held (longer is a price cut, not a sale).
	SeasonalMinBP       int
	SeasonalMinDuration time.Duration
	SeasonalMaxDuration time.Duration
	// SeasonalTolerance is how far apart, by day of year, two markdowns may
	// start and still be one season; SeasonalMinYears is in how many
	// different years a season must be seen.
	SeasonalTolerance time.Duration
	SeasonalMinYears  int
	// Window is the N of "lowest price in N days" and of the median a sale
	// is judged against.
	Window time.Duration
	// RealDealMinBP is how far below the window's median a price must be to
	// be a real deal.
	RealDealMinBP int
	// Location is where weekdays are reckoned.
	Location *time.Location
}

// DefaultConfig holds the thresholds the evaluation in docs/analytics.md was
// tuned with.
func DefaultConfig() Config {
	return Config{
		FlashMinBP: 3000, FlashMaxObservations: 3, FlashMaxDuration: 72 * time.Hour,
		ErrorMinBP: 8800, ClearanceMinDrops: 3, ClearanceMinBP: 3000, ClearanceMaxStep: 10 * 24 * time.Hour,
		WeeklyMinWeeks: 3, SeasonalMinBP: 1000, SeasonalMinDuration: 14 * 24 * time.Hour,
		SeasonalMaxDuration: 60 * 24 * time.Hour, SeasonalTolerance: 14 * 24 * time.Hour, SeasonalMinYears: 2,
		Window: 30 * 24 * time.Hour, RealDealMinBP: 1000, Location: time.UTC,
	}
}

// Validate reports the first threshold out of range; the error wraps
// catalog.ErrInvalid.
func (c Config) Validate() error {
	bad := func(key string, v any, want string) error {
		return fmt.Errorf("%w patterns.%s: %v, want %s", catalog.ErrInvalid, key, v, want)
	}
	switch {
	case c.FlashMinBP <= 0 || c.FlashMinBP >= 10000:
		return bad("flash_min_bp", c.FlashMinBP, "1..9999")
	case c.FlashMaxObservations < 1:
		return bad("flash_max_observations", c.FlashMaxObservations, "at least 1")
	case c.FlashMaxDuration <= 0:
		return bad("flash_max_duration", c.FlashMaxDuration, "positive")
	case c.ErrorMinBP <= c.FlashMinBP || c.ErrorMinBP >= 10000:
		return bad("error_min_bp", c.ErrorMinBP, "above flash_min_bp and below 10000")
	case c.ClearanceMinDrops < 2:
		return bad("clearance_min_drops", c.ClearanceMinDrops, "at least 2")
	case c.ClearanceMinBP <= 0 || c.ClearanceMinBP >= 10000:
		return bad("clearance_min_bp", c.ClearanceMinBP, "1..9999")
	case c.ClearanceMaxStep <= 0:
		return bad("clearance_max_step", c.ClearanceMaxStep, "positive")
	case c.WeeklyMinWeeks < 2:
		return bad("weekly_min_weeks", c.WeeklyMinWeeks, "at least 2")
	case c.SeasonalMinBP <= 0 || c.SeasonalMinBP >= 10000:
		return bad("seasonal_min_bp", c.SeasonalMinBP, "1..9999")
	case c.SeasonalMinDuration < 24*time.Hour:
		return bad("seasonal_min_duration", c.SeasonalMinDuration, "at least a day")
	case c.SeasonalMaxDuration < c.SeasonalMinDuration || c.SeasonalMaxDuration > 180*24*time.Hour:
		return bad("seasonal_max_duration", c.SeasonalMaxDuration, "from seasonal_min_duration to 180 days")
	case c.SeasonalTolerance < 24*time.Hour || c.SeasonalTolerance > 60*24*time.Hour:
		// Wider than two months, every quarter would be "the same season".
		return bad("seasonal_tolerance", c.SeasonalTolerance, "1 to 60 days")
	case c.SeasonalMinYears < 2:
		return bad("seasonal_min_years", c.SeasonalMinYears, "at least 2")
	case c.Window < 24*time.Hour:
		return bad("window", c.Window, "at least a day")
	case c.RealDealMinBP <= 0 || c.RealDealMinBP >= 10000:
		return bad("real_deal_min_bp", c.RealDealMinBP, "1..9999")
	case c.Location == nil:
		return bad("location", "nil", "a time zone")
	}
	return nil
}
