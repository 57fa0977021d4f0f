package seed

import "github.com/skatestock/skatestock/modules/catalog"

// titleOrder is where a shop puts the product noun and the colourway.
type titleOrder uint8

const (
	brandFirst  titleOrder = iota // "Baker Brand Logo Deck - Black"
	colorInside                   // "Baker Brand Logo Black Deck"
	nounFirst                     // "Deck Baker Brand Logo (Black)"
)

// titleStyle is how one shop phrases titles. Shops selling the same product
// phrase it differently, which is what cross-shop matching has to see through.
type titleStyle struct {
	order      titleOrder
	short      bool   // prefers abbreviations: "Indy", "F4 Classic"
	upperBrand bool   // "SPITFIRE"
	noun       int    // which of the category's nouns
	sep        string // between the title and the colourway, for brandFirst
	lowerDuro  bool   // "99a" rather than "99A"
}

var titleStyles = []titleStyle{
	{order: brandFirst, noun: 0, sep: " - "},
	{order: colorInside, short: true, noun: 1, lowerDuro: true},
	{order: nounFirst, noun: 0},
	{order: brandFirst, short: true, upperBrand: true, noun: 1, sep: " | "},
	{order: colorInside, upperBrand: true, noun: 2},
	{order: brandFirst, short: true, noun: 2, sep: " - ", lowerDuro: true},
}

// categoryNouns are the words shops use for a category in titles; lines with
// their own noun (apparel, accessories) override them.
var categoryNouns = map[catalog.Category][3]string{
	catalog.CategoryDecks:     {"Deck", "Skateboard Deck", "Skate Deck"},
	catalog.CategoryCompletes: {"Complete", "Complete Skateboard", "Complete"},
	catalog.CategoryTrucks:    {"Trucks", "Skateboard Trucks", "Truck"},
	catalog.CategoryWheels:    {"Wheels", "Skateboard Wheels", "Wheels"},
	catalog.CategoryBearings:  {"Bearings", "Skateboard Bearings", "Bearings"},
	catalog.CategoryHardware:  {"Hardware", "Mounting Hardware", "Bolts"},
	catalog.CategoryGriptape:  {"Griptape", "Grip Tape", "Grip"},
	catalog.CategoryShoes:     {"", "Shoes", "Skate Shoes"},
}

// optionStyle is how one shop names and spells variant options.
type optionStyle struct {
	sizeName     string // "Size"; JSON-LD shops use schema.org's "size"
	deckName     string // option name for deck widths
	deckSuffix   string // `"`, "" or " in"
	deckShort    bool   // 8.0 as 8 and 8.125 as 8.13
	wheelSuffix  string // "mm" or " mm"
	truckSuffix  string // "" or "mm"
	shoePrefix   string // "", "US " or "US Men's "
	longApparel  bool   // "Medium" rather than "M"
	duroOption   bool   // wheels carry a second option with the hardness
	defaultTitle bool   // one-size variants publish Shopify's Title=Default Title
}

var optionStyles = []optionStyle{
	{sizeName: "Size", deckName: "Size", deckSuffix: `"`, wheelSuffix: "mm", defaultTitle: true},
	{sizeName: "Size", deckName: "Deck Width", wheelSuffix: " mm", shoePrefix: "US ", longApparel: true, duroOption: true},
	{sizeName: "size", deckName: "size", deckSuffix: " in", deckShort: true, wheelSuffix: "mm", shoePrefix: "US Men's "},
	{sizeName: "Size", deckName: "Width", deckSuffix: `"`, deckShort: true, wheelSuffix: "mm", truckSuffix: "mm", duroOption: true, defaultTitle: true},
}
