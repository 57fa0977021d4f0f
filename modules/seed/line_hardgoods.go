package seed

import "github.com/skatestock/skatestock/modules/catalog"

// sizeKind is which attribute a line's sizes fill.
type sizeKind uint8

const (
	oneSize      sizeKind = iota // bearings, griptape: one variant
	deckSize                     // Attributes.DeckWidthHundredths
	truckSize                    // Attributes.TruckSize
	wheelSize                    // Attributes.WheelDiameterMM and WheelDurometer
	shoeSize                     // Attributes.ShoeSizeUS
	apparelSize                  // Attributes.ApparelSize
	lengthSize                   // bolt length, riser height: no attribute
	hardnessSize                 // bushing hardness: no attribute
)

// productLine is a family of products one maker sells under one name. A
// product is one line plus one pick from each of its model parts; the line's
// sizes are its variants.
type productLine struct {
	brand    string // brandTable name
	category catalog.Category
	name     string // long form of the line name; "" when the model names the product alone
	short    string // abbreviation some shops use: "F4 Classic"; "" when none
	noun     string // overrides categoryNouns: "Hoodie"
	duro     string // wheel hardness, "99A"
	models   [][]string
	colorway bool // the last model part is a colourway, placed per title style
	kind     sizeKind
	sizes    []string // canonical size tokens the line is made in
	usd      [2]int   // MSRP range in whole US dollars
	weight   int      // how often the line is picked within its category
	staple   bool     // carried by most shops (bearings, bolts, grip)
}

// Sizes as makers name them. Deck widths are written the way shops do:
// 8.125 and 8.38 are both common spellings.
var (
	deckWidths     = []string{"7.75", "7.8", "8.0", "8.06", "8.125", "8.25", "8.38", "8.5"}
	completeWidths = []string{"7.75", "8.0", "8.25"}
	indySizes      = []string{"129", "139", "144", "149", "159", "169"}
	thunderSizes   = []string{"145", "147", "148", "149", "151"}
	ventureSizes   = []string{"5.2 Hi", "5.2 Low", "5.6 Hi", "5.6 Low", "5.8 Hi"}
	aceSizes       = []string{"33", "44", "55"}
	f4Sizes        = []string{"52", "53", "54", "55", "56", "58"}
	smallWheels    = []string{"52", "53", "54", "55", "56"}
	stfSizes       = []string{"51", "52", "53", "54", "55", "56"}
	spfSizes       = []string{"56", "58", "60"}
)

var (
	deckColors  = []string{"Black", "White", "Red", "Blue", "Green", "Orange", "Pink", "Purple", "Yellow", "Teal", "Natural", "Silver Foil"}
	truckColors = []string{"Silver", "Black", "Flat Black", "Raw", "Gold", "Blue"}
	wheelColors = []string{"White", "Natural", "Black", "Neon Yellow"}
)

var deckLines = []productLine{
	{brand: "Baker", models: [][]string{{"Brand Logo", "Brand Logo Veneer", "Stacked Logo", "Ribbon Logo", "Bandit Team"}, deckColors}, usd: [2]int{65, 75}, weight: 4},
	{brand: "Girl", models: [][]string{{"OG Logo", "93 Til", "Big Girl", "Sketchy Tiger", "Pop Secret"}, deckColors}, usd: [2]int{65, 70}, weight: 3},
	{brand: "Element", models: [][]string{{"Section", "Seal", "Quadrant", "Tree Logo", "Peace Sign"}, deckColors}, usd: [2]int{60, 70}, weight: 3},
	{brand: "Santa Cruz", models: [][]string{{"Classic Dot", "Screaming Hand", "Other Dot", "Classic Strip", "Classic Wings"}, deckColors}, usd: [2]int{65, 75}, weight: 4},
	{brand: "Real", models: [][]string{{"Oval", "Classic Oval", "Team Slick", "Full Moon", "Team Edition"}, deckColors}, usd: [2]int{65, 75}, weight: 3},
	{brand: "Anti Hero", models: [][]string{{"Classic Eagle", "Blackhero", "Pigeon Hero", "Basic Eagle", "Grimple Stix"}, deckColors}, usd: [2]int{65, 75}, weight: 3},
	{brand: "Chocolate", models: [][]string{{"Chunk", "Classic Chunk", "Tuxedo", "Script Logo", "Lo-Fi"}, deckColors}, usd: [2]int{65, 70}, weight: 2},
	{brand: "Primitive", models: [][]string{{"Dirty P", "Core Logo", "Pennant Arch", "Team Wordmark"}, deckColors}, usd: [2]int{65, 80}, weight: 2},
	{brand: "Zero", models: [][]string{{"Single Skull", "American Zero", "Army", "Skull Blood", "Bold Logo"}, deckColors}, usd: [2]int{60, 70}, weight: 2},
	{brand: "Powell Peralta", models: [][]string{{"Ripper", "Skull and Sword", "Vato Rat", "Ripper Flight", "Bones Brigade Team"}, deckColors}, usd: [2]int{70, 95}, weight: 2},
	// Seasonal graphics: the long tail that makes up most of a deck wall.
	{brand: "Baker", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{65, 75}, weight: 5},
	{brand: "Girl", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{65, 70}, weight: 4},
	{brand: "Element", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{60, 70}, weight: 4},
	{brand: "Santa Cruz", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{65, 75}, weight: 5},
	{brand: "Real", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{65, 75}, weight: 4},
	{brand: "Anti Hero", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{65, 75}, weight: 4},
	{brand: "Chocolate", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{65, 70}, weight: 3},
	{brand: "Primitive", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{65, 80}, weight: 3},
	{brand: "Zero", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{60, 70}, weight: 3},
	{brand: "Powell Peralta", models: [][]string{graphicAdjectives, graphicNouns, deckColors}, usd: [2]int{70, 90}, weight: 2},
}

var completeLines = []productLine{
	{brand: "Element", models: [][]string{{"Section", "Seal"}, {"Black", "White", "Blue"}}, usd: [2]int{110, 130}, weight: 3},
	{brand: "Santa Cruz", models: [][]string{{"Classic Dot", "Screaming Hand"}, {"Black", "Red", "Yellow"}}, usd: [2]int{120, 140}, weight: 3},
	{brand: "Baker", models: [][]string{{"Brand Logo"}, {"Black", "White", "Red"}}, usd: [2]int{130, 150}, weight: 2},
	{brand: "Real", models: [][]string{{"Oval", "Classic Oval"}, {"Blue", "Green", "Black"}}, usd: [2]int{125, 140}, weight: 2},
	{brand: "Powell Peralta", models: [][]string{{"Ripper", "Skull and Sword"}, {"Black", "Purple", "Natural"}}, usd: [2]int{150, 180}, weight: 2},
	{brand: "Zero", models: [][]string{{"Single Skull"}, {"Black", "White"}}, usd: [2]int{115, 130}, weight: 1},
	{brand: "Primitive", models: [][]string{{"Dirty P"}, {"Black", "Teal"}}, usd: [2]int{120, 140}, weight: 1},
}

var truckLines = []productLine{
	{brand: "Independent", name: "Stage 11 Standard", short: "Stg 11 Std", sizes: indySizes, usd: [2]int{58, 64}, weight: 6},
	{brand: "Independent", name: "Stage 11 Hollow", short: "Stg 11 Hollow", sizes: indySizes, usd: [2]int{68, 75}, weight: 4},
	{brand: "Independent", name: "Stage 11 Forged Hollow", short: "Stg 11 Forged Hollow", sizes: indySizes, usd: [2]int{75, 85}, weight: 3},
	{brand: "Independent", name: "Stage 11 Polished", short: "Stg 11 Polished", sizes: indySizes, usd: [2]int{64, 70}, weight: 2},
	{brand: "Thunder", name: "Team Hollow Lights", short: "Hollow Lights", sizes: thunderSizes, usd: [2]int{60, 66}, weight: 3},
	{brand: "Thunder", name: "Team Hi", short: "Hi", sizes: thunderSizes, usd: [2]int{52, 58}, weight: 2},
	{brand: "Venture", name: "Team Edition", short: "Team", sizes: ventureSizes, usd: [2]int{50, 56}, weight: 2},
	{brand: "Venture", name: "V-Hollow", short: "V-Hollow", sizes: ventureSizes, usd: [2]int{60, 66}, weight: 1},
	{brand: "Ace", name: "AF1 Classic", short: "AF1", sizes: aceSizes, usd: [2]int{60, 70}, weight: 2},
	{brand: "Ace", name: "AF1 Hollow", short: "AF1 Hollow", sizes: aceSizes, usd: [2]int{68, 76}, weight: 1},
}

var wheelGraphics = []string{"Classic Swirl", "Bighead", "Flame Swirl", "Tablets", "Venom Script", "Multiball", "Arc", "Team Logo"}

var wheelLines = []productLine{
	{brand: "Spitfire", name: "Formula Four Classic", short: "F4 Classic", duro: "99A", sizes: f4Sizes, usd: [2]int{55, 62}, weight: 6},
	{brand: "Spitfire", name: "Formula Four Classic", short: "F4 Classic", duro: "101A", sizes: f4Sizes, usd: [2]int{56, 64}, weight: 3},
	{brand: "Spitfire", name: "Formula Four Conical Full", short: "F4 Conical Full", duro: "99A", sizes: f4Sizes, usd: [2]int{56, 64}, weight: 4},
	{brand: "Spitfire", name: "Formula Four Conical", short: "F4 Conical", duro: "101A", sizes: smallWheels, usd: [2]int{56, 64}, weight: 2},
	{brand: "Spitfire", name: "Formula Four Radial", short: "F4 Radial", duro: "99A", sizes: smallWheels, usd: [2]int{55, 62}, weight: 2},
	{brand: "Spitfire", name: "Classic", duro: "99A", sizes: smallWheels, usd: [2]int{34, 40}, weight: 2},
	{brand: "Bones", name: "STF V1 Standard", short: "STF V1", duro: "83B", sizes: stfSizes, usd: [2]int{45, 52}, weight: 3},
	{brand: "Bones", name: "STF V2 Locks", short: "STF V2", duro: "83B", sizes: stfSizes, usd: [2]int{45, 52}, weight: 1},
	{brand: "Bones", name: "STF V3 Slims", short: "STF V3", duro: "83B", sizes: stfSizes, usd: [2]int{45, 52}, weight: 1},
	{brand: "Bones", name: "STF V4 Wide", short: "STF V4", duro: "84B", sizes: stfSizes, usd: [2]int{46, 54}, weight: 1},
	{brand: "Bones", name: "STF V5 Sidecut", short: "STF V5", duro: "83B", sizes: stfSizes, usd: [2]int{45, 52}, weight: 3},
	{brand: "Bones", name: "STF V6 Wide-Cut", short: "STF V6", duro: "84B", sizes: stfSizes, usd: [2]int{46, 54}, weight: 2},
	{brand: "Bones", name: "SPF P5 Sidecut", short: "SPF P5", duro: "84B", sizes: spfSizes, usd: [2]int{52, 60}, weight: 2},
	{brand: "OJ", name: "Elite Hardline", short: "Elite HL", duro: "99A", sizes: smallWheels, usd: [2]int{40, 46}, weight: 2},
	{brand: "Ricta", name: "Clouds", duro: "92A", sizes: smallWheels, usd: [2]int{38, 44}, weight: 1},
	{brand: "Ricta", name: "Chrome Core", duro: "99A", sizes: smallWheels, usd: [2]int{40, 46}, weight: 1},
}
