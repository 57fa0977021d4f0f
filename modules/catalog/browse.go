package catalog

import "time"

// The read side of the catalog: what a skater browses and what the API
// serves. Stores answer these queries; the API parses requests into them.
// They live here, in the shared domain, so that the store and the API speak
// the same types without importing each other.

// ProductSortField is a sort order the catalog offers. Only these exist: a
// request naming another field is refused, never turned into SQL.
type ProductSortField string

// The sort fields. Ties are broken by product id, so that pages never
// repeat or skip a product.
const (
	SortPrice    ProductSortField = "price"    // cheapest variant's price (products never priced last)
	SortDiscount ProductSortField = "discount" // largest real discount off compare-at
	SortUpdated  ProductSortField = "updated"  // latest price change
	SortTitle    ProductSortField = "title"    // title, case-insensitive
)

// ProductSortFields lists the sort fields in the order the API documents them.
func ProductSortFields() []ProductSortField {
	return []ProductSortField{SortPrice, SortDiscount, SortUpdated, SortTitle}
}

// ProductSort is a sort field and its direction.
type ProductSort struct {
	Field ProductSortField
	Desc  bool
}

// SizeQuery selects products that have a variant of one of the sizes set
// (the zero fields are ignored); a zero SizeQuery selects every product.
// The API reads one `size` parameter into every attribute it can mean:
// "8.25" is a deck width, "9" a deck width or a shoe size, "54mm" a wheel
// diameter; a category filter narrows it down.
type SizeQuery struct {
	DeckWidthHundredths int
	WheelDiameterMM     int
	ShoeSizeUS          string
}

// IsZero reports whether q selects every product.
func (q SizeQuery) IsZero() bool { return q == SizeQuery{} }

// ProductQuery selects, orders and pages products (listings). Filters of
// different kinds combine with AND; the values of one repeatable filter
// (brands, categories, shops) with OR.
type ProductQuery struct {
	Brands     []string   // canonical brand names, matched exactly
	Categories []Category // categories
	Shops      []string   // shop slugs
	// Text matches titles and brands whatever their case, accents and word
	// order: every word of Text must occur in the listing's folded title or
	// brand.
	Text string
	// PriceMin and PriceMax bound the cheapest variant's price, in minor
	// units of each listing's own currency; nil means unbounded. A product
	// never priced matches no price bound.
	PriceMin, PriceMax *int64
	// DiscountMinBP keeps products whose largest real discount (compare-at
	// strictly above price) is at least this many basis points; 0 keeps all.
	DiscountMinBP int
	// InStock keeps products with a purchasable variant; with Size set, a
	// purchasable variant of that size.
	InStock bool
	Size    SizeQuery
	Sort    ProductSort
	// Limit is the page size, 1 or more; callers cap it.
	Limit int
	// After is the cursor of the previous page (ProductPage.Next), "" for
	// the first page. A cursor is only valid with the query that produced
	// it; a malformed one or one of another sort is an ErrInvalid error.
	After string
}

// ProductPage is one page of products.
type ProductPage struct {
	Items []ProductSummary
	Next  string // cursor of the next page, "" on the last one
}

// ProductSummary is a listing as lists show it: its identity and its
// current price aggregates.
type ProductSummary struct {
	ID         int64 // the store's id of the listing, stable for its life
	ShopSlug   string
	ShopName   string
	ExternalID string
	Handle     string
	Title      string
	Brand      string
	Category   Category
	URL        string
	ImageURL   string
	// Price is the cheapest purchasable variant's price, else the cheapest
	// variant's; the zero Money when the listing was never observed.
	Price Money
	// DiscountBP is the largest real discount among its variants.
	DiscountBP int
	// DealPrice and DealCompareAt are the price and compare-at of the
	// variant with that largest discount; zero values when none is on sale.
	DealPrice, DealCompareAt Money
	InStock                  bool
	PriceUpdatedAt           time.Time // latest price change of a variant; zero when never observed
	UpdatedAt                time.Time // listing last written
}

// VariantState is a variant with its current price and stock.
type VariantState struct {
	Variant
	// Observed is false for a variant never observed; the fields below are
	// then zero.
	Observed     bool
	Price        Money
	CompareAt    Money // zero value when none published
	Availability Availability
	DiscountBP   int
	PriceSince   time.Time // when the current state was first seen
	LastSeen     time.Time // latest observation
}

// Offer is one shop's offer of a product.
type Offer struct {
	ProductID  int64 // the listing's id
	ShopSlug   string
	ShopName   string
	Title      string
	URL        string
	Price      Money
	DiscountBP int
	InStock    bool
	// Match says why this offer is the same product: "self" for the
	// product's own listing; the evidence of a cross-shop match otherwise.
	Match string
	Score float64 // match score in [0, 1]; 1 for "self"
}

// Product is a listing with its variants' current state and the offers of
// the same product across shops.
type Product struct {
	ProductSummary
	Tags     []string
	Variants []VariantState // ordered by external id
	// Offers lists the shops selling the same product, cheapest first,
	// the product's own listing included.
	Offers []Offer
}

// PriceSpan is a span of time during which a variant's price, compare-at
// and availability stayed the same: a change point of its history.
type PriceSpan struct {
	ValidFrom    time.Time
	LastSeen     time.Time
	Price        Money
	CompareAt    Money
	Availability Availability
}

// VariantHistory is one variant's change points over a time range, oldest
// first, beginning with the one in force at the range's start.
type VariantHistory struct {
	ExternalID string
	Title      string
	Attributes Attributes
	Spans      []PriceSpan
}

// FacetCount is how many products carry one value of a facet.
type FacetCount struct {
	Value    string // brand name, category, shop slug
	Products int64
	InStock  int64 // products with a purchasable variant
	OnSale   int64 // products with a real discount
}

// ScrapeStatus is how a scrape run ended.
type ScrapeStatus string

// Scrape statuses.
const (
	ScrapeOK         ScrapeStatus = "ok"         // read the whole catalog
	ScrapeIncomplete ScrapeStatus = "incomplete" // stopped early (page bound, failures in a row); what it read was published
	ScrapeFailed     ScrapeStatus = "failed"     // published nothing usable, or its sink failed
)

// ScrapeRun is the record of one scrape run of one shop.
type ScrapeRun struct {
	ID           string
	ShopSlug     string
	StartedAt    time.Time
	FinishedAt   time.Time
	Status       ScrapeStatus
	Pages        int
	Listings     int
	Observations int
	Errors       int    // pages that could not be read
	Message      string // why it failed or stopped early; "" when ok
}

// ShopStatus is a shop with its product count and freshness.
type ShopStatus struct {
	Shop
	Products int64
	// LastObservedAt is the latest observation of any of its variants;
	// zero when none.
	LastObservedAt time.Time
	// LastRun is its latest scrape run, nil when none is recorded;
	// LastSuccessAt the end of its latest run that did not fail.
	LastRun       *ScrapeRun
	LastSuccessAt time.Time
}

// Stats sums up the catalog since a moment (the start of the day for the
// API's "today").
type Stats struct {
	Since             time.Time
	Products          int64 // listings tracked
	Variants          int64
	ProductsObserved  int64 // listings with a variant observed since Since
	VariantsObserved  int64 // variants observed since Since
	PriceChanges      int64 // change points that started since Since
	Observations      int64 // observations reported by scrape runs started since Since
	ScrapeRuns        int64 // scrape runs started since Since
	FailedScrapeRuns  int64
	LatestObservation time.Time // zero when nothing was ever observed
}

// Bounds of a ProductQuery: generous for any page a person asks for, small
// enough that no query turns into thousands of bind parameters.
const (
	MaxQueryText   = 200 // characters of ProductQuery.Text
	MaxQueryValues = 100 // values of one repeatable filter
)

// Validate reports whether f is one of ProductSortFields.
func (f ProductSortField) Validate() error {
	for _, known := range ProductSortFields() {
		if f == known {
			return nil
		}
	}
	return invalid("sort", "%q is not one of price, discount, updated, title", string(f))
}

// Validate checks q before a store runs it, naming the first wrong field.
// It does not look at After: only the store can read a cursor.
func (q ProductQuery) Validate() error {
	if q.Limit < 1 {
		return invalid("limit", "%d is below 1", q.Limit)
	}
	if err := q.Sort.Field.Validate(); err != nil {
		return err
	}
	if err := validFacetFilters(q.Brands, q.Categories, q.Shops); err != nil {
		return err
	}
	if err := checkText("text", q.Text, MaxQueryText, false); err != nil {
		return err
	}
	switch {
	case q.PriceMin != nil && *q.PriceMin < 0:
		return invalid("price_min", "%d is negative", *q.PriceMin)
	case q.PriceMax != nil && *q.PriceMax < 0:
		return invalid("price_max", "%d is negative", *q.PriceMax)
	case q.PriceMin != nil && q.PriceMax != nil && *q.PriceMin > *q.PriceMax:
		return invalid("price_min", "%d is above price_max %d", *q.PriceMin, *q.PriceMax)
	case q.DiscountMinBP < 0 || q.DiscountMinBP > 10000:
		return invalid("discount_min", "%d basis points is outside 0-10000", q.DiscountMinBP)
	}
	return q.Size.validate()
}

func (q SizeQuery) validate() error {
	if q.DeckWidthHundredths < 0 || q.DeckWidthHundredths > 1500 {
		return invalid("size", "deck width of %d hundredths of an inch is outside 0-15\"", q.DeckWidthHundredths)
	}
	if q.WheelDiameterMM < 0 || q.WheelDiameterMM > 120 {
		return invalid("size", "wheel diameter of %d mm is outside 0-120 mm", q.WheelDiameterMM)
	}
	return checkText("size", q.ShoeSizeUS, 32, false)
}

// validFacetFilters checks the brand, category and shop filters that
// product and trend queries share: a bounded number of values, each well
// formed.
func validFacetFilters(brands []string, categories []Category, shops []string) error {
	for _, f := range []struct {
		name string
		n    int
	}{{"brand", len(brands)}, {"category", len(categories)}, {"shop", len(shops)}} {
		if f.n > MaxQueryValues {
			return invalid(f.name, "%d values, at most %d allowed", f.n, MaxQueryValues)
		}
	}
	for _, b := range brands {
		if err := checkText("brand", b, 100, true); err != nil {
			return err
		}
	}
	for _, c := range categories {
		if err := c.Validate(); err != nil {
			return err
		}
	}
	for _, s := range shops {
		if !ValidSlug(s) {
			return invalid("shop", "%q is not a shop slug", s)
		}
	}
	return nil
}
