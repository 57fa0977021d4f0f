package seed

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// EventKind names a kind of planted event.
type EventKind string

// The events the generator plants. Every listing-level event is reported
// once per variant of the listing.
const (
	// EventSale is an ordinary sale: 10-25% off the regular price for days
	// to weeks, on every variant of a listing.
	EventSale EventKind = "sale"
	// EventFlash is a flash sale: at least 30% off for one to three
	// observations, below even the weekly-deal price, then back to regular.
	// About one in four is a doorbuster, 70-79% off: as deep as a careless
	// detector takes for a price error.
	EventFlash EventKind = "flash_sale"
	// EventClearance is a run of at least 7 observations whose prices never
	// rise and end lower than they start, 20-30% off at first and 40-70% at
	// the end. The last markdown stays in force after the run; the variants
	// then sell out (stock_out events, never restocked).
	EventClearance EventKind = "clearance"
	// EventPriceError is one observation at least 80% below both the
	// regular and the weekly-deal price: a slipped decimal point or a
	// placeholder price.
	EventPriceError EventKind = "price_error"
	// EventStockOut is a run of out_of_stock observations of one variant;
	// the observation after it (when inside the window) is a restock.
	EventStockOut EventKind = "stock_out"
	// EventPriceChange is a permanent change of the regular price, up (most
	// often) or down; From and To are the first observation at the new price.
	EventPriceChange EventKind = "price_change"
	// EventFakeSale is a "sale" that is no deal, on a listing of a shop
	// that publishes MSRP or sloppy compare-at prices: for two to five days
	// the shop either raises the compare-at 50-70% above the regular price
	// (or the MSRP, if higher) and then cuts the price 3-6% (up to 11% once
	// rounded to the shop's price endings) under it, so that the claimed
	// discount is more than three times the real one, or raises the price
	// 15-30% and then "discounts" it 10-15% to a price at or above the old
	// regular price, with the raised price as compare-at.
	// The sale part lasts three to eight days and ends inside the window.
	// From is the first raised observation, To the last of the sale; Price
	// is the sale price.
	EventFakeSale EventKind = "fake_sale"
	// EventSeasonal is one year's sale of a seasonal listing: 15-30% off
	// for 16 to 30 days, starting near the same day of the year (up to a
	// week earlier or later than the first year's) in every year of the
	// window, at least two. Planted only in histories of 400 days or more,
	// on about 8% of listings; about 4% more hold a decoy, a sale of the
	// same length in one year only (labelled sale) and a clearance starting
	// within a week of its date a year later.
	EventSeasonal EventKind = "seasonal"
)

// Truth is everything the generator planted, for scoring detectors and
// matchers. It is complete: a price differs from the variant's regular price
// (as set by price changes) only inside a sale, flash sale, clearance (or
// after one, at its last markdown), price error or weekly deal, and a
// variant is out of stock only inside a stock_out. Generator.ObserveSlot
// gives the same labels observation by observation.
type Truth struct {
	Window Window
	Shops  []ShopProfile // in Shops order
	// Groups are the products sold by two or more shops. Listings in no
	// group are the only listing of their product.
	Groups []ProductGroup
	// Events are ordered by FromSlot, then listing, variant and kind.
	Events []Event
	// Quirks are the listings of sloppy shops that publish a misleading
	// compare-at. Shops with CompareAtMSRP also publish compare-at at or
	// below the price, wherever their price is at or above MSRP.
	Quirks []Quirk
	// Titles lists, in listing order, the listings whose title differs
	// from the maker's name for the product, and how.
	Titles []TitleLabel
	// LookAlikes are pairs of listings at two shops that are different
	// products with names one word apart (another colourway, graphic, line
	// or durometer), ordered by listing indexes: the pairs a matcher must
	// not match.
	LookAlikes []LookAlike
}

// TitleLabel is how one listing's title differs from the maker's name.
type TitleLabel struct {
	Listing ListingRef
	Traits  []TitleTrait
}

// LookAlikeReason says what tells two look-alike products apart.
type LookAlikeReason string

// The reasons two products look alike.
const (
	// LookAlikeColorway: the same model in another colourway.
	LookAlikeColorway LookAlikeReason = "colorway"
	// LookAlikeModel: one graphic or model word differs ("Acid Serpent",
	// "Acid Skull").
	LookAlikeModel LookAlikeReason = "model"
	// LookAlikeLine: one name holds the other and a word more
	// ("Spitfire Classic" and "Spitfire Formula Four Classic", "AF1" and
	// "AF1 Hollow", "Reds" and "Super Reds").
	LookAlikeLine LookAlikeReason = "line"
	// LookAlikeSizeStep: the same name one durometer step apart (99A and
	// 101A): no size of one equals a size of the other.
	LookAlikeSizeStep LookAlikeReason = "size_step"
)

// LookAlike is a pair of different products at two shops whose names differ
// by one word. A.Index < B.Index.
type LookAlike struct {
	A, B   ListingRef
	Reason LookAlikeReason
	// CommonSize reports whether the two list a size with equal
	// attributes, so that only their names can keep them apart.
	CommonSize bool
}

// Window is the span of the generated history.
type Window struct {
	From, To time.Time // first and last observation (To is Config.End)
	Slots    int       // observations of each variant: Days*PerDay + 1
	PerDay   int
}

// ListingRef names one listing both ways: by its index in
// Generator.Listings and by the identifiers its shop publishes.
type ListingRef struct {
	Index      int
	ShopSlug   string
	ExternalID string
}

// ProductGroup is one product sold by several shops.
type ProductGroup struct {
	Key      string // canonical product key, unique: "spitfire-formula-four-classic-99a-bighead-white-wheels"
	Title    string // the maker's name for it
	Brand    string
	Category catalog.Category
	Listings []ListingRef // at least two, in shop order
	// GTINListings is how many of the listings publish the maker's GTIN
	// (possibly zero-padded to 13 or 14 digits).
	GTINListings int
	// SharedGTIN reports whether at least two listings publish the maker's
	// GTIN for a size they both stock, so that barcodes alone link them.
	// When false the group can only be found by brand, title and sizes.
	SharedGTIN bool
	Sizes      []SizeGroup // sizes stocked by at least two of the listings
}

// SizeGroup is the variants of one size of a product across shops.
type SizeGroup struct {
	Size     string // the maker's size: "8.25", "149", "54", "9.5", "M"; "" for one size
	GTIN     string // the maker's GTIN as issued, "" when it has none
	Variants []catalog.VariantKey
}

// Event is one planted event on one variant.
type Event struct {
	Kind    EventKind
	Variant catalog.VariantKey
	// Listing and VariantIndex address the variant in Generator.Listings
	// and Generator.Observe.
	Listing, VariantIndex int
	// From and To are the first and last observation the event shapes
	// inside the window; FromSlot and ToSlot are their slot numbers.
	From, To         time.Time
	FromSlot, ToSlot int
	// Ongoing reports that the event still applies at the last observation
	// of the window, so its end is not seen (a sale still running, a
	// stock-out not restocked). Always false for clearances and price
	// changes, whose To is the end of the markdown run and the change.
	Ongoing bool
	// Regular is the regular price when the event began. Price is the
	// lowest price during it (sale, flash, error or last clearance price),
	// the new regular price of a price change, and zero for a stock-out.
	Regular, Price catalog.Money
}

// Restocked reports whether a stock-out ended inside the window: the
// observation after To shows the variant back in stock.
func (e Event) Restocked() bool { return e.Kind == EventStockOut && !e.Ongoing }

// QuirkKind is a misleading compare-at habit of a sloppy shop.
type QuirkKind string

// The compare-at quirks. Neither is a sale.
const (
	QuirkCompareAtEqual QuirkKind = "compare_at_equal" // compare-at equals the regular price
	QuirkCompareAtBelow QuirkKind = "compare_at_below" // compare-at sits 5-15% below the regular price
)

// Quirk is a listing with a compare-at quirk, in force outside its events.
type Quirk struct {
	Listing ListingRef
	Kind    QuirkKind
}

// Summary counts what a generator made and, from Run, what was written.
// Event counts are per variant, as in Truth.Events.
type Summary struct {
	Shops, Listings, Variants int
	// Observations is what Run wrote; from Generator.Summary, all of them.
	Observations int
	Groups       int // products sold by two or more shops
	Sales        int
	FlashSales   int
	Clearances   int
	PriceErrors  int
	StockOuts    int
	Restocks     int // stock-outs that end inside the window
	PriceChanges int
	FakeSales    int
	Seasonal     int // seasonal sales, one per year seen
}
