package normalize

// brandEntry is one canonical brand and the spellings shops use for it. The
// canonical name is an alias of itself. Aliases are matched by compactKey, so
// case, spacing, punctuation and accents never need their own entry; only
// spellings that differ in letters do ("Indy", "OJ's", "FA").
type brandEntry struct {
	name    string
	aliases []string
}

// brandTable lists the skate brands SkateStock knows by name. Brands not listed
// still come through Brand, cleaned and title-cased.
//
// "Nike" and "New Balance" stay separate from "Nike SB" and "New Balance
// Numeric": shops do sell the main lines, and folding them would invent a fact.
var brandTable = []brandEntry{
	// Trucks.
	{"Independent", []string{"Indy", "Independent Truck Co", "Independent Truck Company"}},
	{"Thunder", []string{"Thunder Trucks"}},
	{"Venture", []string{"Venture Trucks"}},
	{"Ace", []string{"Ace Trucks MFG", "Ace MFG", "Ace Trucks Manufacturing"}},
	{"Krux", nil},
	{"Tensor", nil},
	{"Royal", nil},
	{"Theeve", nil},
	{"Silver", nil},
	{"Paris", []string{"Paris Truck Co"}},
	{"Slappy", nil},
	// Wheels.
	{"Spitfire", []string{"Spitfire Wheels", "Spitfire Formula Four"}},
	{"Bones", []string{"Bones Swiss", "Bones Reds", "Bones Wheels", "Bones Bearings", "Bones Wheels Inc"}},
	{"OJ", []string{"OJs", "OJ Wheels"}},
	{"Ricta", nil},
	{"Powell Peralta", []string{"Powell", "Powell Skateboards"}},
	{"Slime Balls", []string{"Slimeballs", "Slime Ball"}},
	{"Haze", nil},
	{"Wayward", nil},
	{"Satori", []string{"Satori Movement"}},
	{"Orbs", nil},
	// Bearings, hardware, grip.
	{"Bronson", []string{"Bronson Speed Co", "Bronson Speed"}},
	{"Andale", []string{"Andale Bearings"}},
	{"Zealous", nil},
	{"Shake Junt", nil},
	{"Mob", []string{"Mob Grip", "MOB Griptape"}},
	{"Jessup", []string{"Jessup Griptape", "Jessup Ultragrip"}},
	{"Grizzly", []string{"Grizzly Griptape"}},
	{"Diamond", []string{"Diamond Supply Co", "Diamond Supply"}},
	// Decks and completes.
	{"Baker", []string{"Baker Skateboards", "Baker Boys"}},
	{"Girl", []string{"Girl Skateboard Co", "Girl Skateboard Company"}},
	{"Chocolate", nil},
	{"Element", nil},
	{"Santa Cruz", []string{"NHS Santa Cruz"}},
	{"Real", nil},
	{"Anti Hero", []string{"Antihero"}},
	{"Primitive", nil},
	{"Zero", nil},
	{"Krooked", nil},
	{"Enjoi", nil},
	{"Toy Machine", nil},
	{"Welcome", nil},
	{"Polar", []string{"Polar Skate Co", "Polar Skate Company"}},
	{"Fucking Awesome", []string{"FA", "F*cking Awesome", "F***ing Awesome", "Fkn Awesome"}},
	{"Hockey", nil},
	{"Alien Workshop", []string{"Alien"}},
	{"Almost", nil},
	{"Blind", nil},
	{"Birdhouse", nil},
	{"Flip", nil},
	{"Plan B", nil},
	{"Deathwish", []string{"Death Wish"}},
	{"Darkstar", nil},
	{"Habitat", nil},
	{"Foundation", []string{"Foundation Skateboards"}},
	{"Palace", []string{"Palace Skateboards"}},
	{"Quasi", nil},
	{"Magenta", nil},
	{"Sour", []string{"Sour Solution"}},
	{"April", nil},
	{"Madness", nil},
	{"WKND", []string{"Weekend"}},
	{"Frog", nil},
	{"There", nil},
	{"Passport", []string{"Pass Port", "Pass~Port"}},
	{"Heroin", nil},
	{"DGK", nil},
	{"Globe", nil},
	{"Creature", nil},
	{"Jart", nil},
	{"Sk8mafia", []string{"Sk8 Mafia"}},
	{"Hopps", nil},
	{"Limosine", nil},
	{"Uma", []string{"Uma Landsleds"}},
	{"Carpet Company", nil},
	{"Evisen", nil},
	{"Meow", nil},
	{"Disorder", nil},
	{"Cliché", nil},
	{"Arbor", nil},
	{"Sector 9", nil},
	{"Landyachtz", nil},
	{"Carver", nil},
	{"Dusters", nil},
	{"Hydroponic", nil},
	{"Madrid", nil},
	// Shoes.
	{"Nike SB", []string{"Nike Skateboarding"}},
	{"Nike", nil},
	{"Adidas", []string{"adidas Skateboarding", "adidas Originals"}},
	{"Vans", []string{"Vans Skate", "Vans Off The Wall"}},
	{"Emerica", nil},
	{"Etnies", nil},
	{"éS", []string{"eS Footwear"}},
	{"DC", []string{"DC Shoes", "DC Shoe Co", "DC Shoe Co USA"}},
	{"Lakai", []string{"Lakai Limited Footwear"}},
	{"New Balance Numeric", []string{"NB Numeric", "Numeric"}},
	{"New Balance", nil},
	{"Converse", []string{"Converse CONS", "CONS"}},
	{"Last Resort AB", []string{"Last Resort"}},
	{"Osiris", nil},
	{"Fallen", nil},
	{"Supra", nil},
	{"Circa", nil},
	// Apparel.
	{"Thrasher", []string{"Thrasher Magazine", "Thrasher Mag"}},
	{"HUF", []string{"HUF Worldwide"}},
	{"Dickies", nil},
	{"Carhartt WIP", []string{"Carhartt", "Carhartt Work In Progress"}},
	{"Stüssy", nil},
	{"Butter Goods", nil},
	{"Dime", []string{"Dime MTL"}},
	{"Alltimers", nil},
	{"Quartersnacks", nil},
	{"Bronze 56K", []string{"Bronze"}},
	{"GX1000", nil},
	{"Theories", []string{"Theories of Atlantis"}},
	{"RIPNDIP", []string{"Rip N Dip"}},
	{"Brixton", nil},
	{"Skate Mental", nil},
}

// titleStartOnly holds the alias keys that are ordinary words ("real", "girl",
// "zero") or appear in other products' titles, so BrandFromTitle takes them
// only at the start of a title, where shops put the brand.
var titleStartOnly = map[string]bool{
	"independent": true, "thunder": true, "venture": true, "ace": true, "royal": true, "silver": true,
	"paris": true, "haze": true, "orbs": true, "tensor": true, "zealous": true, "mob": true, "diamond": true,
	"girl": true, "chocolate": true, "element": true, "real": true, "primitive": true, "zero": true,
	"welcome": true, "polar": true, "fa": true, "hockey": true, "alien": true, "almost": true,
	"blind": true, "flip": true, "planb": true, "foundation": true, "palace": true, "quasi": true,
	"magenta": true, "sour": true, "april": true, "madness": true, "weekend": true, "frog": true,
	"there": true, "heroin": true, "globe": true, "creature": true, "uma": true, "meow": true,
	"disorder": true, "arbor": true, "carver": true, "dusters": true, "madrid": true, "nike": true,
	"es": true, "dc": true, "numeric": true, "cons": true, "converse": true, "fallen": true,
	"circa": true, "dime": true, "bronze": true, "theories": true, "powell": true, "baker": true,
	"lastresort": true, "newbalance": true,
}

// brandSuffixes are trailing words shops add to a brand name ("Spitfire
// Wheels", "Polar Skate Co."): Brand strips them one at a time until the rest
// is a known alias, and strips them from unknown brands too so that "Foo
// Skateboards" and "FOO" meet.
var brandSuffixes = map[string]bool{
	"skateboards": true, "skateboard": true, "skateboarding": true, "skate": true, "skates": true,
	"co": true, "company": true, "mfg": true, "manufacturing": true, "inc": true, "ltd": true,
	"llc": true, "gmbh": true, "truck": true, "trucks": true, "wheel": true, "wheels": true,
	"bearing": true, "bearings": true, "grip": true, "griptape": true, "tape": true, "footwear": true,
	"shoes": true, "shoe": true, "clothing": true, "apparel": true, "supply": true, "brand": true,
	"usa": true, "decks": true, "deck": true, "hardware": true, "bolts": true, "magazine": true,
	"worldwide": true, "official": true,
}

// brandPlaceholders are vendor values that name no brand at all.
var brandPlaceholders = map[string]bool{
	"": true, "na": true, "none": true, "unknown": true, "default": true, "vendor": true,
	"nobrand": true, "generic": true, "unbranded": true, "various": true, "misc": true,
	"tbd": true, "null": true, "defaultvendor": true,
}

// titleNoise are words a title may start with before the brand ("NEW Baker
// Deck", "Pre-Order: Vans Half Cab").
var titleNoise = map[string]bool{
	"new": true, "sale": true, "pre": true, "preorder": true, "order": true, "restock": true,
	"restocked": true, "exclusive": true, "limited": true, "the": true, "hot": true, "clearance": true,
}

// titleCollab are words after which brands name the parts of someone else's
// product ("Complete w/ Independent Trucks").
var titleCollab = map[string]bool{
	"w": true, "with": true, "for": true, "fits": true, "plus": true, "including": true,
	"incl": true, "using": true,
}
