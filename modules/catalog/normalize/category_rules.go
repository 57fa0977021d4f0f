package normalize

import "github.com/skatestock/skatestock/modules/catalog"

// categoryRule gives a category to any text that contains one of its phrases
// as whole words (phrases are matched on keyWords, so "T-Shirt" is "t shirt").
type categoryRule struct {
	category catalog.Category
	phrases  [][]string
}

// categoryTable is ordered: the first rule with a phrase in the text wins. The
// order settles the traps of skate product names:
//   - apparel first, because merch is named after the parts ("Independent
//     Trucks Tee", "Spitfire Wheels Hoodie");
//   - hardware before the parts it belongs to ("Deck Bolts", "Bearing
//     Spacers", "Riser Pads" are hardware, not decks, bearings or pads);
//   - accessories before parts for care products and tools ("Wheel Wax",
//     "Bearing Cleaner", "Skate Tool", "Shoe Goo");
//   - "complete" before the parts a complete lists ("Complete w/ Indy Trucks");
//   - shoes before parts ("Vans x Spitfire Wheels Half Cab Shoe");
//   - bearings before wheels ("Bones Wheels Reds Bearings");
//   - "cruiser" and "longboard" late, because there are cruiser wheels and
//     cruiser decks, and a bare "skateboard" last, as a deck.
var categoryTable = []struct {
	category catalog.Category
	phrases  []string
}{
	{catalog.CategoryApparel, []string{
		"tee", "tees", "t shirt", "t shirts", "tshirt", "tshirts", "shirt", "shirts", "longsleeve",
		"long sleeve", "hoodie", "hoodies", "hoody", "hooded", "crewneck", "crew neck", "sweatshirt",
		"sweatshirts", "sweater", "pullover", "zip up", "jacket", "jackets", "windbreaker", "anorak",
		"coat", "parka", "vest", "fleece", "pant", "pants", "trousers", "jeans", "chinos", "joggers",
		"sweatpants", "shorts", "hat", "hats", "cap", "caps", "snapback", "beanie", "beanies",
		"bucket hat", "sock", "socks", "apparel", "clothing", "jersey", "polo", "tank top", "boxers",
		"underwear", "glove", "gloves", "belt", "flannel", "overshirt",
	}},
	{catalog.CategoryHardware, []string{
		"hardware", "bolt", "bolts", "nuts and bolts", "riser", "risers", "riser pad", "riser pads",
		"shock pad", "shock pads", "spacer", "spacers", "speed ring", "speed rings", "bushing",
		"bushings", "kingpin", "kingpins", "pivot cup", "pivot cups", "axle nut", "axle nuts",
		"baseplate", "baseplates", "hanger", "hangers", "washers",
	}},
	{catalog.CategoryAccessories, []string{
		"wax", "tool", "tools", "skate tool", "shoe goo", "goo", "sticker", "stickers", "backpack",
		"bag", "bags", "tote", "wallet", "keychain", "key chain", "lanyard", "helmet", "helmets",
		"pad", "pads", "pad set", "wrist guard", "wrist guards", "ramp", "rail", "grind rail",
		"bottle", "poster", "book", "dvd", "magazine", "patch", "pin", "skate key", "cleaner",
		"cleaning", "lube", "lubricant", "speed cream", "laces", "insoles", "mug", "lighter", "towel",
		"sunglasses", "watch", "accessories", "accessory", "rack", "wall mount",
	}},
	{catalog.CategoryCompletes, []string{"complete", "completes", "complete skateboard", "complete skateboards"}},
	{catalog.CategoryShoes, []string{
		"shoe", "shoes", "sneaker", "sneakers", "footwear", "boot", "boots", "slip on", "slip ons",
		"sandal", "sandals", "slides",
	}},
	{catalog.CategoryGriptape, []string{"griptape", "grip tape", "grip", "grips", "grip sheet"}},
	{catalog.CategoryBearings, []string{"bearing", "bearings"}},
	{catalog.CategoryWheels, []string{"wheel", "wheels"}},
	{catalog.CategoryTrucks, []string{"truck", "trucks"}},
	{catalog.CategoryDecks, []string{"deck", "decks", "skateboard deck", "skateboard decks"}},
	{catalog.CategoryCompletes, []string{"cruiser", "cruisers", "longboard", "longboards", "surfskate", "surf skate", "mini cruiser"}},
	{catalog.CategoryDecks, []string{"skateboard", "skateboards", "board", "boards"}},
}

// categoryRules is categoryTable with its phrases split into words once.
var categoryRules = newCategoryRules()

func newCategoryRules() []categoryRule {
	rules := make([]categoryRule, 0, len(categoryTable))
	for _, row := range categoryTable {
		r := categoryRule{category: row.category}
		for _, p := range row.phrases {
			r.phrases = append(r.phrases, keyWords(p))
		}
		rules = append(rules, r)
	}
	return rules
}

// matches reports whether words contains one of r's phrases.
func (r categoryRule) matches(words []string) bool {
	for _, p := range r.phrases {
		if containsPhrase(words, p) {
			return true
		}
	}
	return false
}

func containsPhrase(words, phrase []string) bool {
	if len(phrase) == 0 {
		return false
	}
outer:
	for i := 0; i+len(phrase) <= len(words); i++ {
		for j, w := range phrase {
			if words[i+j] != w {
				continue outer
			}
		}
		return true
	}
	return false
}
