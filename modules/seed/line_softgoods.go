package seed

import "github.com/skatestock/skatestock/modules/catalog"

var (
	shoeSizes    = []string{"6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "11.5", "12", "12.5", "13"}
	apparelSizes = []string{"S", "M", "L", "XL"}
	oneSizeFits  = []string{"OS"}
	boltLengths  = []string{`7/8"`, `1"`, `1 1/8"`}
	shoeColors   = []string{
		"Black/White", "Navy/White", "White/Gum", "Black/Black", "Grey/White", "Green/Gum", "Burgundy/White",
		"Tan/Gum", "Red/White", "Blue/Gum", "Olive/White", "Brown/Gum", "Cream/Black", "Pink/White", "Charcoal/Gum",
	}
	apparelColors = []string{"Black", "White", "Navy", "Heather Grey", "Forest Green", "Maroon", "Sand", "Royal Blue"}
)

// Graphic names are invented: decks and tees change graphics every season,
// and the long tail of a catalog is made of them.
var (
	graphicAdjectives = []string{
		"Acid", "Cosmic", "Midnight", "Rusty", "Neon", "Feral", "Haunted", "Golden", "Toxic", "Lunar", "Velvet",
		"Static", "Burnt", "Electric", "Frozen", "Savage", "Lucky", "Broken", "Silent", "Wild", "Crooked", "Faded",
		"Hollow", "Molten", "Paper", "Sunset", "Twisted", "Vicious", "Wicked", "Sleepy", "Royal", "Dusty",
		"Gnarly", "Psychic", "Crimson", "Mutant", "Plastic", "Smoky", "Cursed", "Radiant",
	}
	graphicNouns = []string{
		"Serpent", "Skull", "Eagle", "Tiger", "Wave", "Flame", "Ghost", "Raven", "Cobra", "Rose", "Wolf", "Comet",
		"Dagger", "Owl", "Spider", "Moth", "Crown", "Lotus", "Shark", "Bat", "Cactus", "Anchor", "Lightning",
		"Palm", "Jackal", "Reaper", "Hornet", "Mermaid", "Viper", "Pyramid", "Bandit", "Gargoyle",
		"Octopus", "Hydra", "Phoenix", "Coyote", "Scorpion", "Lantern", "Vulture", "Goblin",
	}
)

var bearingLines = []productLine{
	{brand: "Bones", name: "Reds", usd: [2]int{20, 25}, weight: 6, staple: true},
	{brand: "Bones", name: "Super Reds", usd: [2]int{30, 35}, weight: 3, staple: true},
	{brand: "Bones", name: "Swiss", usd: [2]int{55, 65}, weight: 2, staple: true},
	{brand: "Bones", name: "Swiss Ceramic", usd: [2]int{110, 130}, weight: 1},
	{brand: "Bronson", name: "G3", usd: [2]int{25, 30}, weight: 3, staple: true},
	{brand: "Bronson", name: "Raw", usd: [2]int{20, 24}, weight: 1},
	{brand: "Spitfire", name: "Cheapshots", usd: [2]int{15, 19}, weight: 2, staple: true},
	{brand: "Spitfire", name: "Burners", usd: [2]int{22, 26}, weight: 1},
}

var hardwareLines = []productLine{
	{brand: "Diamond", models: [][]string{{"Allen", "Phillips"}, {"Black", "Silver", "Blue"}}, usd: [2]int{5, 8}, weight: 3, staple: true},
	{brand: "Independent", name: "Genuine Parts", short: "GP", models: [][]string{{"Allen", "Phillips"}, {"Black", "Silver"}}, usd: [2]int{4, 7}, weight: 3, staple: true},
	{brand: "Shake Junt", name: "Bag-O-Bolts", models: [][]string{{"Allen", "Phillips"}, {"All Black", "Black/Yellow"}}, usd: [2]int{6, 9}, weight: 2},
}

var gripLines = []productLine{
	{brand: "Mob", name: "Sheet", models: [][]string{{"Black", "Clear", "Red"}}, usd: [2]int{9, 12}, weight: 4, staple: true},
	{brand: "Mob", name: "Graphic", models: [][]string{graphicNouns}, usd: [2]int{12, 15}, weight: 1},
	{brand: "Jessup", name: "Original", models: [][]string{{"Black", "White", "Blue", "Pink"}}, usd: [2]int{8, 10}, weight: 3, staple: true},
	{brand: "Jessup", name: "Ultragrip", models: [][]string{{"Black"}}, usd: [2]int{11, 13}, weight: 1},
}

var shoeLines = []productLine{
	{brand: "Vans", name: "Skate Old Skool", short: "Old Skool", usd: [2]int{70, 75}, weight: 5},
	{brand: "Vans", name: "Skate Half Cab", short: "Half Cab", usd: [2]int{80, 85}, weight: 3},
	{brand: "Vans", name: "Skate Sk8-Hi", short: "Sk8-Hi", usd: [2]int{75, 80}, weight: 2},
	{brand: "Vans", name: "Skate Era", short: "Era", usd: [2]int{65, 70}, weight: 2},
	{brand: "Nike SB", name: "Dunk Low Pro", short: "Dunk Low", usd: [2]int{115, 125}, weight: 4},
	{brand: "Nike SB", name: "Zoom Janoski OG+", short: "Janoski OG+", usd: [2]int{90, 95}, weight: 3},
	{brand: "Nike SB", name: "Force 58", usd: [2]int{70, 75}, weight: 2},
	{brand: "Adidas", name: "Busenitz", usd: [2]int{90, 95}, weight: 3},
	{brand: "Adidas", name: "Busenitz Vulc II", short: "Busenitz Vulc", usd: [2]int{70, 80}, weight: 2},
	{brand: "Adidas", name: "Tyshawn", usd: [2]int{95, 100}, weight: 1},
	{brand: "New Balance Numeric", name: "480", short: "NM480", usd: [2]int{80, 90}, weight: 3},
	{brand: "New Balance Numeric", name: "440", short: "NM440", usd: [2]int{80, 85}, weight: 2},
	{brand: "Emerica", name: "Wino G6", usd: [2]int{60, 70}, weight: 2},
	{brand: "Emerica", name: "Romero Laced", usd: [2]int{70, 80}, weight: 1},
}

var apparelLines = []productLine{
	{brand: "Thrasher", noun: "Hoodie", models: [][]string{{"Flame Logo", "Skate Mag", "Sketch Logo"}, apparelColors}, usd: [2]int{65, 75}, weight: 4},
	{brand: "Thrasher", noun: "Tee", models: [][]string{{"Flame Logo", "Skate Mag", "Sketch Logo"}, apparelColors}, usd: [2]int{28, 32}, weight: 5},
	{brand: "Thrasher", noun: "Beanie", models: [][]string{{"Flame Logo", "Skate Mag"}, apparelColors}, sizes: oneSizeFits, usd: [2]int{24, 28}, weight: 2},
	{brand: "Anti Hero", noun: "Hoodie", models: [][]string{{"Basic Eagle", "Blackhero"}, apparelColors}, usd: [2]int{70, 80}, weight: 2},
	{brand: "Anti Hero", noun: "Tee", models: [][]string{graphicAdjectives, graphicNouns, apparelColors}, usd: [2]int{30, 34}, weight: 3},
	{brand: "Baker", noun: "Tee", models: [][]string{graphicAdjectives, graphicNouns, apparelColors}, usd: [2]int{30, 34}, weight: 3},
	{brand: "Baker", noun: "Crewneck", models: [][]string{{"Brand Logo", "Stacked Logo"}, apparelColors}, usd: [2]int{55, 65}, weight: 1},
	{brand: "Independent", noun: "Hoodie", models: [][]string{{"Bar Cross", "Truck Co."}, apparelColors}, usd: [2]int{65, 75}, weight: 2},
	{brand: "Independent", noun: "Tee", models: [][]string{graphicAdjectives, graphicNouns, apparelColors}, usd: [2]int{28, 32}, weight: 2},
	{brand: "Spitfire", noun: "Tee", models: [][]string{{"Bighead", "Classic Swirl"}, apparelColors}, usd: [2]int{28, 32}, weight: 2},
	{brand: "Spitfire", noun: "Cap", models: [][]string{{"Bighead", "Classic Swirl"}, apparelColors}, sizes: oneSizeFits, usd: [2]int{30, 36}, weight: 1},
	{brand: "Santa Cruz", noun: "Hoodie", models: [][]string{{"Screaming Hand", "Classic Dot"}, apparelColors}, usd: [2]int{60, 70}, weight: 2},
	{brand: "Polar", noun: "Tee", models: [][]string{graphicAdjectives, graphicNouns, apparelColors}, usd: [2]int{40, 48}, weight: 2},
	{brand: "Polar", noun: "Hoodie", models: [][]string{{"Stroke Logo", "Default"}, apparelColors}, usd: [2]int{95, 115}, weight: 1},
	{brand: "HUF", noun: "Tee", models: [][]string{graphicAdjectives, graphicNouns, apparelColors}, usd: [2]int{34, 40}, weight: 2},
	{brand: "HUF", noun: "Long Sleeve Tee", models: [][]string{{"Essentials Box Logo", "Plantlife"}, apparelColors}, usd: [2]int{42, 48}, weight: 1},
}

var accessoryLines = []productLine{
	{brand: "Bones", name: "Speed Cream", noun: "Bearing Lube", usd: [2]int{8, 10}, weight: 2, staple: true},
	{brand: "Bones", name: "Hardcore", noun: "Bushings", kind: hardnessSize, sizes: []string{"Soft", "Medium", "Hard"}, usd: [2]int{18, 22}, weight: 2},
	{brand: "Independent", name: "Genuine Parts", short: "GP", noun: "Skate Tool", usd: [2]int{15, 18}, weight: 2},
	{brand: "Independent", name: "Genuine Parts", short: "GP", noun: "Riser Pads", kind: lengthSize, sizes: []string{`1/8"`, `1/4"`}, usd: [2]int{5, 7}, weight: 1},
	{brand: "Thrasher", noun: "Sticker", models: [][]string{{"Flame Logo", "Skate Goat", "Skate Mag"}}, usd: [2]int{2, 4}, weight: 1},
	{brand: "Shake Junt", name: "Triple OG", noun: "Skate Tool", usd: [2]int{16, 20}, weight: 1},
}

// lineGroup is a category with the defaults its lines share.
type lineGroup struct {
	category catalog.Category
	kind     sizeKind
	sizes    []string   // default sizes
	models   [][]string // default model parts
	colorway bool
	weight   int // share of products in the category, in percent
	lines    []productLine
}

var lineGroups = []lineGroup{
	{catalog.CategoryDecks, deckSize, deckWidths, nil, true, 27, deckLines},
	{catalog.CategoryCompletes, deckSize, completeWidths, nil, true, 5, completeLines},
	{catalog.CategoryTrucks, truckSize, nil, [][]string{truckColors}, true, 9, truckLines},
	{catalog.CategoryWheels, wheelSize, nil, [][]string{wheelGraphics, wheelColors}, true, 12, wheelLines},
	{catalog.CategoryBearings, oneSize, nil, nil, false, 4, bearingLines},
	{catalog.CategoryHardware, lengthSize, boltLengths, nil, true, 3, hardwareLines},
	{catalog.CategoryGriptape, oneSize, nil, nil, false, 4, gripLines},
	{catalog.CategoryShoes, shoeSize, shoeSizes, [][]string{shoeColors}, true, 13, shoeLines},
	{catalog.CategoryApparel, apparelSize, apparelSizes, nil, true, 17, apparelLines},
	{catalog.CategoryAccessories, oneSize, nil, nil, false, 6, accessoryLines},
}
