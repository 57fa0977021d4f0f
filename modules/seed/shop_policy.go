package seed

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// CompareAtPolicy is how a shop publishes compare-at prices. Detectors must
// not read every compare-at as a sale: only on_sale and sloppy shops use it
// to mean one, and sloppy shops also publish compare-at equal to or below
// the price on some listings.
type CompareAtPolicy string

// The compare-at policies shops follow.
const (
	// CompareAtOnSale publishes the regular price as compare-at during
	// sales, flash sales, clearances and weekly deals, and nothing otherwise.
	CompareAtOnSale CompareAtPolicy = "on_sale"
	// CompareAtMSRP always publishes the maker's suggested price, which can
	// sit above the price (a permanent markdown), equal to it, or below it
	// after a price increase.
	CompareAtMSRP CompareAtPolicy = "msrp"
	// CompareAtNone never publishes one; sales show only as price drops.
	CompareAtNone CompareAtPolicy = "none"
	// CompareAtSloppy is on_sale, except that some listings permanently
	// publish a compare-at equal to or below the regular price (see Quirk).
	CompareAtSloppy CompareAtPolicy = "sloppy"
)

// GTINPolicy is which barcodes a shop publishes on its variants.
type GTINPolicy string

// The GTIN policies shops follow.
const (
	// GTINManufacturer publishes the maker's GTIN wherever the product has one.
	GTINManufacturer GTINPolicy = "manufacturer"
	// GTINPartial publishes the maker's GTIN on about half of its listings.
	GTINPartial GTINPolicy = "partial"
	// GTINInternal publishes the shop's own in-store EAN-13 codes (prefix 2):
	// valid check digits, but they match nothing at any other shop.
	GTINInternal GTINPolicy = "internal"
	// GTINNone publishes no barcodes.
	GTINNone GTINPolicy = "none"
)

// WeeklyDeal is a recurring discount a shop runs on some weekdays (in UTC)
// for some categories, such as 15% off decks every weekend. It applies to a
// listing only while no planted event is running on it.
type WeeklyDeal struct {
	Weekdays    []time.Weekday
	Categories  []catalog.Category
	BasisPoints int // discount off the regular price: 1500 is 15% off
}

// ShopProfile is the planted behaviour of one shop.
type ShopProfile struct {
	Slug      string
	CompareAt CompareAtPolicy
	GTINs     GTINPolicy
	// GTINDigits is 0 when GTINs are published as issued (UPC-12 or
	// EAN-13), or 13 or 14 when the shop left-pads them with zeros to that
	// length: the same trade item then appears under two spellings.
	GTINDigits int
	Weekly     *WeeklyDeal // nil when the shop runs none
}

// priceEnding is how a shop rounds its prices: 64.95, 64.99 or 65.00.
type priceEnding uint8

const (
	end95 priceEnding = iota
	end99
	end00
)

// usdRate converts US cents into minor units of currency, scaled by 10,000:
// 13600 means one US cent is 1.36 Canadian cents. European and British rates
// sit above the exchange rate because shelf prices there include VAT.
func usdRate(currency string) int64 {
	switch currency {
	case "CAD":
		return 13600
	case "EUR":
		return 9900
	case "GBP":
		return 8600
	case "AUD":
		return 15500
	case "JPY":
		return 16000 // yen have no minor unit: one cent is 1.6 yen
	case "SEK":
		return 108000
	default:
		return 10000
	}
}
