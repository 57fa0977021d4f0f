package seed

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// shopRow is one fictional shop. Shops are taken from the top of shopTable,
// so slugs are the same for every seed and the first five (the default) show
// every platform, four currencies and every compare-at and GTIN policy.
type shopRow struct {
	slug, name        string
	platform          catalog.Platform
	currency, country string
	size              int // relative catalog size: how likely it carries a product
	compareAt         CompareAtPolicy
	gtins             GTINPolicy
	gtinDigits        int
	ending            priceEnding
	title             int // index into titleStyles
	options           int // index into optionStyles
	weekly            int // index into weeklyDeals, 0 for none
	skus              bool
}

const (
	shopify = catalog.PlatformShopify
	woo     = catalog.PlatformWooCommerce
	jsonld  = catalog.PlatformJSONLD
)

var shopTable = []shopRow{
	{"ridgeline-skate-supply", "Ridgeline Skate Supply", shopify, "USD", "US", 10, CompareAtOnSale, GTINManufacturer, 0, end95, 0, 0, 0, true},
	{"maple-leaf-skate", "Maple Leaf Skate Co.", woo, "CAD", "CA", 6, CompareAtMSRP, GTINPartial, 13, end99, 1, 1, 1, true},
	{"kantenwerk", "Kantenwerk Skateshop", jsonld, "EUR", "DE", 7, CompareAtNone, GTINManufacturer, 13, end95, 2, 2, 0, true},
	{"brickyard-skates", "Brickyard Skates", shopify, "GBP", "GB", 5, CompareAtSloppy, GTINInternal, 0, end00, 3, 3, 0, false},
	{"curb-cut-skateshop", "Curb Cut Skateshop", woo, "USD", "US", 4, CompareAtMSRP, GTINNone, 0, end99, 4, 1, 2, false},
	{"coping-block", "Coping Block Skate Shop", shopify, "USD", "US", 8, CompareAtOnSale, GTINManufacturer, 14, end99, 5, 0, 0, true},
	{"le-spot-skateshop", "Le Spot Skateshop", jsonld, "EUR", "FR", 4, CompareAtNone, GTINPartial, 13, end00, 2, 2, 0, false},
	{"griptape-garage", "Griptape Garage", shopify, "USD", "US", 5, CompareAtSloppy, GTINManufacturer, 0, end95, 1, 3, 3, true},
	{"pacific-concrete", "Pacific Concrete Skate", woo, "USD", "US", 6, CompareAtOnSale, GTINNone, 0, end95, 0, 1, 0, true},
	{"northern-line-skate", "Northern Line Skate Store", jsonld, "GBP", "GB", 3, CompareAtNone, GTINManufacturer, 0, end99, 3, 2, 0, false},
	{"bondi-bowl-boards", "Bondi Bowl Boardstore", shopify, "AUD", "AU", 4, CompareAtOnSale, GTINPartial, 0, end95, 4, 0, 1, true},
	{"skatewinkel-noord", "Skatewinkel Noord", woo, "EUR", "NL", 3, CompareAtMSRP, GTINInternal, 0, end95, 5, 1, 0, false},
	{"harajuku-deck-lab", "Harajuku Deck Lab", shopify, "JPY", "JP", 3, CompareAtOnSale, GTINManufacturer, 13, end00, 0, 3, 0, true},
	{"desert-bowl-skates", "Desert Bowl Skates", shopify, "USD", "US", 5, CompareAtOnSale, GTINManufacturer, 0, end99, 2, 0, 2, true},
	{"rust-belt-skate", "Rust Belt Skate Co.", woo, "USD", "US", 4, CompareAtMSRP, GTINNone, 0, end99, 1, 1, 0, false},
	{"lakeside-skate-supply", "Lakeside Skate Supply", shopify, "CAD", "CA", 4, CompareAtOnSale, GTINPartial, 0, end99, 3, 0, 0, true},
	{"la-rampa-skate", "La Rampa Skate", jsonld, "EUR", "ES", 3, CompareAtNone, GTINManufacturer, 13, end95, 4, 2, 0, false},
	{"bayside-boardshop", "Bayside Boardshop", jsonld, "USD", "US", 4, CompareAtNone, GTINPartial, 0, end95, 5, 2, 3, true},
	{"halfpipe-haus", "Halfpipe Haus", shopify, "EUR", "DE", 5, CompareAtSloppy, GTINManufacturer, 13, end95, 2, 3, 0, true},
	{"granite-state-skate", "Granite State Skate", woo, "USD", "US", 3, CompareAtOnSale, GTINNone, 0, end95, 0, 1, 0, false},
	{"prairie-skate-co", "Prairie Skate Co.", woo, "CAD", "CA", 3, CompareAtMSRP, GTINPartial, 0, end99, 1, 1, 1, false},
	{"slussen-skate", "Slussen Skate", shopify, "SEK", "SE", 3, CompareAtOnSale, GTINManufacturer, 13, end00, 3, 0, 0, true},
	{"tidewater-skate", "Tidewater Skate Shop", shopify, "USD", "US", 5, CompareAtOnSale, GTINManufacturer, 0, end95, 4, 0, 0, true},
	{"ledge-and-rail", "Ledge & Rail", woo, "USD", "US", 4, CompareAtSloppy, GTINPartial, 0, end99, 5, 1, 2, true},
	{"mellow-concave", "Mellow Concave Skateshop", jsonld, "USD", "US", 3, CompareAtNone, GTINManufacturer, 14, end00, 0, 2, 0, false},
	{"eastside-ollie", "Eastside Ollie", shopify, "USD", "US", 4, CompareAtOnSale, GTINNone, 0, end95, 1, 0, 0, true},
	{"harbourfront-skate", "Harbourfront Skate", shopify, "GBP", "GB", 3, CompareAtMSRP, GTINManufacturer, 13, end00, 2, 3, 0, true},
	{"copper-canyon-skate", "Copper Canyon Skate", woo, "USD", "US", 3, CompareAtOnSale, GTINPartial, 0, end95, 3, 1, 3, false},
	{"wallride-supply", "Wallride Supply", shopify, "USD", "US", 4, CompareAtOnSale, GTINManufacturer, 0, end99, 4, 0, 0, true},
	{"stadtpark-skates", "Stadtpark Skates", jsonld, "EUR", "AT", 2, CompareAtNone, GTINManufacturer, 13, end95, 5, 2, 0, false},
	{"riverbank-boardshop", "Riverbank Boardshop", woo, "USD", "US", 3, CompareAtMSRP, GTINNone, 0, end99, 0, 1, 0, false},
	{"kingpin-collective", "Kingpin Collective", shopify, "USD", "US", 4, CompareAtSloppy, GTINInternal, 0, end95, 1, 3, 0, true},
	{"foothill-skate", "Foothill Skate", shopify, "CAD", "CA", 3, CompareAtOnSale, GTINManufacturer, 0, end99, 2, 0, 0, true},
	{"canal-street-skate", "Canal Street Skate", jsonld, "GBP", "GB", 2, CompareAtNone, GTINPartial, 0, end99, 3, 2, 0, false},
	{"sunbelt-skate-supply", "Sunbelt Skate Supply", woo, "USD", "US", 4, CompareAtOnSale, GTINManufacturer, 0, end95, 4, 1, 2, true},
	{"bluebird-skateshop", "Bluebird Skateshop", shopify, "USD", "US", 3, CompareAtMSRP, GTINPartial, 0, end95, 5, 0, 0, false},
	{"quarterpipe-quarters", "Quarterpipe Quarters", woo, "USD", "US", 2, CompareAtOnSale, GTINNone, 0, end00, 0, 1, 0, false},
	{"pier-seven-skate", "Pier Seven Skate", shopify, "AUD", "AU", 3, CompareAtOnSale, GTINManufacturer, 0, end95, 1, 3, 0, true},
	{"manual-pad", "Manual Pad Skateshop", jsonld, "USD", "US", 2, CompareAtNone, GTINManufacturer, 0, end99, 2, 2, 0, false},
	{"bordstein-berlin", "Bordstein Berlin", shopify, "EUR", "DE", 3, CompareAtOnSale, GTINManufacturer, 13, end95, 3, 3, 1, true},
	{"old-mill-skate", "Old Mill Skate", woo, "USD", "US", 2, CompareAtSloppy, GTINPartial, 0, end99, 4, 1, 0, false},
	{"grindline-goods", "Grindline Goods", shopify, "USD", "US", 3, CompareAtOnSale, GTINManufacturer, 14, end95, 5, 0, 0, true},
	{"west-end-skate", "West End Skate", shopify, "GBP", "GB", 2, CompareAtOnSale, GTINManufacturer, 0, end00, 0, 3, 0, true},
	{"pine-street-skate", "Pine Street Skate", woo, "CAD", "CA", 2, CompareAtMSRP, GTINNone, 0, end99, 1, 1, 0, false},
	{"hubba-hideout", "Hubba Hideout", jsonld, "USD", "US", 2, CompareAtNone, GTINPartial, 0, end95, 2, 2, 0, false},
	{"coastline-cruisers", "Coastline Cruisers", shopify, "USD", "US", 2, CompareAtOnSale, GTINManufacturer, 0, end99, 3, 0, 3, true},
	{"milano-skate-lab", "Milano Skate Lab", jsonld, "EUR", "IT", 2, CompareAtNone, GTINManufacturer, 13, end00, 4, 2, 0, false},
	{"boneyard-boardshop", "Boneyard Boardshop", woo, "USD", "US", 2, CompareAtOnSale, GTINManufacturer, 0, end95, 5, 1, 0, true},
	{"ditch-day-skate", "Ditch Day Skate", shopify, "USD", "US", 2, CompareAtSloppy, GTINNone, 0, end99, 0, 0, 0, false},
	{"high-desert-skate", "High Desert Skate", woo, "USD", "US", 2, CompareAtOnSale, GTINPartial, 0, end95, 1, 1, 0, true},
}

// weeklyDeals are the recurring discounts of shopRow.weekly; entry 0 is none.
// Every deal stays below 30% off so that it never looks like a flash sale.
var weeklyDeals = []WeeklyDeal{
	{},
	{Weekdays: []time.Weekday{time.Saturday, time.Sunday}, Categories: []catalog.Category{catalog.CategoryDecks}, BasisPoints: 1500},
	{Weekdays: []time.Weekday{time.Saturday, time.Sunday}, Categories: []catalog.Category{catalog.CategoryShoes, catalog.CategoryApparel}, BasisPoints: 2000},
	{Weekdays: []time.Weekday{time.Friday, time.Saturday, time.Sunday}, Categories: []catalog.Category{catalog.CategoryWheels, catalog.CategoryBearings}, BasisPoints: 1000},
}
