package catalog

import (
	"math"
	"time"
)

// The analytics read models: discount patterns detected in variants'
// price histories and stock-out forecasts of variants in stock. The
// analytics module derives them, stores keep them and the API serves them;
// their types live here so that those three speak them without importing
// each other.

// PatternKind names a discount pattern.
type PatternKind string

// The discount patterns; modules/analytics/patterns says what each is.
const (
	PatternFlashSale  PatternKind = "flash_sale"  // a short, deep dip, then back up
	PatternClearance  PatternKind = "clearance"   // markdowns in a row, ending far below where they began
	PatternPriceError PatternKind = "price_error" // a one-off price too low to be a sale
	PatternWeekly     PatternKind = "weekly"      // a discount recurring on the same weekdays
	PatternFakeSale   PatternKind = "fake_sale"   // a discount claimed by a compare-at that the prices do not bear out
	PatternSeasonal   PatternKind = "seasonal"    // a sale of weeks recurring at the same time of year
)

// PatternKinds lists every kind in the order the API documents them.
func PatternKinds() []PatternKind {
	return []PatternKind{PatternFlashSale, PatternClearance, PatternPriceError, PatternWeekly, PatternFakeSale, PatternSeasonal}
}

// Validate reports whether k is one of PatternKinds.
func (k PatternKind) Validate() error {
	for _, known := range PatternKinds() {
		if k == known {
			return nil
		}
	}
	return invalid("type", "%q is not one of flash_sale, clearance, price_error, weekly, fake_sale, seasonal", string(k))
}

// DiscountPattern is one pattern found in one variant's price history.
type DiscountPattern struct {
	Variant VariantKey
	Kind    PatternKind
	// From and To are the first and last observation the pattern covers.
	From, To time.Time
	// Reference is the price the pattern is measured against (the price
	// before a dip, the usual price before a clearance or a fake sale);
	// Price is the lowest price within it. Both are in one currency.
	Reference, Price Money
	// DiscountBP is Price below Reference in basis points; for a fake sale,
	// the discount the compare-at claims.
	DiscountBP int
	// Weekdays are the days a weekly pattern recurs on; nil for the others.
	Weekdays []time.Weekday
	// Evidence says in words why the pattern was named.
	Evidence   string
	DetectedAt time.Time // when the detection that stored it ran
}

// Validate checks p before a store writes it, naming the first wrong field.
func (p DiscountPattern) Validate() error {
	if err := p.Kind.Validate(); err != nil {
		return err
	}
	switch {
	case p.Variant.ShopSlug == "" || p.Variant.ListingExternalID == "" || p.Variant.VariantExternalID == "":
		return invalid("variant", "%q is not a full variant key", p.Variant.String())
	case p.From.IsZero():
		return invalid("from", "pattern of %s has no start", p.Variant)
	case p.To.Before(p.From):
		return invalid("to", "%s is before from %s", p.To.UTC().Format(time.RFC3339), p.From.UTC().Format(time.RFC3339))
	case p.Reference.Currency == "" || p.Reference.Currency != p.Price.Currency:
		return invalid("price", "reference %s and price %s are not in one currency", p.Reference, p.Price)
	case p.Reference.Amount < 0 || p.Price.Amount < 0:
		return invalid("price", "reference %s or price %s is negative", p.Reference, p.Price)
	case p.DiscountBP < 0 || p.DiscountBP > 10000:
		return invalid("discount_bp", "%d is outside 0..10000", p.DiscountBP)
	case len(p.Evidence) > 1000:
		return invalid("evidence", "%d bytes, at most 1000 allowed", len(p.Evidence))
	}
	for _, d := range p.Weekdays {
		if d < time.Sunday || d > time.Saturday {
			return invalid("weekdays", "%d is not a weekday", d)
		}
	}
	return nil
}

// PatternQuery selects stored patterns, most recent first (by their last
// observation). Filters of different kinds combine with AND, the values of
// one filter with OR.
type PatternQuery struct {
	Kinds      []PatternKind
	Brands     []string // canonical brand names
	Categories []Category
	Shops      []string // shop slugs
	// From and To keep the patterns that overlap [From, To]; a zero bound
	// is open.
	From, To time.Time
	Limit    int // page size, 1 or more; callers cap it
	// After is the cursor of the previous page (PatternPage.Next), "" for
	// the first; a malformed one is an ErrInvalid error.
	After string
}

// Validate checks q before a store runs it.
func (q PatternQuery) Validate() error {
	if len(q.Kinds) > MaxQueryValues {
		return invalid("type", "%d values, at most %d allowed", len(q.Kinds), MaxQueryValues)
	}
	for _, k := range q.Kinds {
		if err := k.Validate(); err != nil {
			return err
		}
	}
	if err := validFacetFilters(q.Brands, q.Categories, q.Shops); err != nil {
		return err
	}
	switch {
	case !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From):
		return invalid("from", "%s is after to %s", q.From.UTC().Format(time.RFC3339), q.To.UTC().Format(time.RFC3339))
	case q.Limit < 1:
		return invalid("limit", "%d is below 1", q.Limit)
	}
	return nil
}

// ListedVariant is a variant with its listing as the analytics lists show
// it: enough to name it and link to its product.
type ListedVariant struct {
	ProductID    int64 // the store's id of the listing
	ShopName     string
	Title        string // the listing's title
	Brand        string
	Category     Category
	URL          string
	VariantTitle string
	Attributes   Attributes
}

// PatternItem is a stored pattern with its variant's listing.
type PatternItem struct {
	DiscountPattern
	ListedVariant
}

// PatternPage is one page of patterns; Next is "" on the last one.
type PatternPage struct {
	Items []PatternItem
	Next  string
}

// StockoutForecast is the probability that a variant in stock at AsOf is
// seen out of stock within Horizon after it.
type StockoutForecast struct {
	Variant     VariantKey
	Probability float64
	AsOf        time.Time
	Horizon     time.Duration
	// ModelTrainedAt names the model that scored it (ForecastModel.TrainedAt).
	ModelTrainedAt time.Time
}

// Validate checks f before a store writes it.
func (f StockoutForecast) Validate() error {
	switch {
	case f.Variant.ShopSlug == "" || f.Variant.ListingExternalID == "" || f.Variant.VariantExternalID == "":
		return invalid("variant", "%q is not a full variant key", f.Variant.String())
	case math.IsNaN(f.Probability) || f.Probability < 0 || f.Probability > 1:
		return invalid("probability", "%v is outside [0, 1]", f.Probability)
	case f.AsOf.IsZero() || f.ModelTrainedAt.IsZero():
		return invalid("as_of", "forecast of %s has no time or no model", f.Variant)
	case f.Horizon < time.Hour:
		return invalid("horizon", "%s is shorter than an hour", f.Horizon)
	}
	return nil
}

// StockoutQuery selects stored forecasts, most likely stock-out first.
type StockoutQuery struct {
	// MinProbability keeps forecasts at least this likely, 0 to 1.
	MinProbability float64
	Brands         []string
	Categories     []Category
	Shops          []string
	Limit          int
	After          string // as PatternQuery.After
}

// Validate checks q before a store runs it.
func (q StockoutQuery) Validate() error {
	if math.IsNaN(q.MinProbability) || q.MinProbability < 0 || q.MinProbability > 1 {
		return invalid("min_probability", "%v is outside [0, 1]", q.MinProbability)
	}
	if err := validFacetFilters(q.Brands, q.Categories, q.Shops); err != nil {
		return err
	}
	if q.Limit < 1 {
		return invalid("limit", "%d is below 1", q.Limit)
	}
	return nil
}

// StockoutItem is a stored forecast with its variant's listing and its
// current price.
type StockoutItem struct {
	StockoutForecast
	ListedVariant
	Price Money // the variant's current price; zero when unknown
}

// StockoutPage is one page of forecasts; Next is "" on the last one.
type StockoutPage struct {
	Items []StockoutItem
	Next  string
}

// ForecastModel is a trained stock-out model as stored: what scoring a
// variant needs, kept opaque (the analytics module encodes and reads
// Params), and what it was trained on.
type ForecastModel struct {
	TrainedAt time.Time // when it was trained; it names the model
	Horizon   time.Duration
	// DataEnd is the time of the latest observation it was trained on.
	DataEnd time.Time
	// Examples and Positives count its training examples and those that
	// went out of stock.
	Examples, Positives int
	Params              []byte // JSON
}
