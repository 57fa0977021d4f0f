package patterns

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Kind names a discount pattern.
type Kind string

// The patterns the detectors find.
const (
	// KindFlashSale: a short, deep dip (at least FlashMinBP below the
	// observations on both sides, for at most FlashMaxObservations and
	// FlashMaxDuration), then back up.
	KindFlashSale Kind = "flash_sale"
	// KindClearance: at least ClearanceMinDrops markdowns in a row with no
	// rise between, ending at least ClearanceMinBP below where they began.
	KindClearance Kind = "clearance"
	// KindPriceError: a single observation far below both neighbours that is
	// deeper than any sale or looks like a slipped decimal point or a
	// placeholder price.
	KindPriceError Kind = "price_error"
	// KindWeekly: a moderate discount that recurs on the same weekdays week
	// after week.
	KindWeekly Kind = "weekly"
	// KindFakeSale: a sale claimed by a compare-at price that gives a
	// discount the recent prices do not: the compare-at was raised above
	// anything charged lately, or the "sale" price is no lower than the
	// median of the window before it.
	KindFakeSale Kind = "fake_sale"
	// KindSeasonal: a sustained markdown (at least SeasonalMinBP off the
	// usual price, held SeasonalMinDuration to SeasonalMaxDuration, then
	// lifted) that starts within SeasonalTolerance of the same day of the
	// year in at least SeasonalMinYears different years. Each such markdown
	// is one pattern.
	KindSeasonal Kind = "seasonal"
)

// Kinds lists every kind in a stable order.
func Kinds() []Kind {
	return []Kind{KindFlashSale, KindClearance, KindPriceError, KindWeekly, KindFakeSale, KindSeasonal}
}

// Pattern is one pattern found in a variant's history.
type Pattern struct {
	Kind    Kind
	Variant catalog.VariantKey
	// From and To are the first and last observation the pattern covers;
	// First and Last their indexes in the series in time order.
	From, To    time.Time
	First, Last int
	// Reference is the price the pattern is measured against (the price
	// before a dip or a clearance, the window's median for a fake sale);
	// Price is the lowest price within it.
	Reference, Price catalog.Money
	// DiscountBP is Price below Reference in basis points; for a fake sale
	// the discount the compare-at claims.
	DiscountBP int
	// Weekdays are the days a weekly pattern recurs on, in Config.Location.
	Weekdays []time.Weekday
	// Evidence says in words why the pattern was named.
	Evidence string
}
