package seed

// brand is a canonical skate brand and the other spellings shops use for it.
// Canonical names are the ones catalog/normalize folds spellings into, so
// that generated listings read like normalized ones.
type brand struct {
	name  string // canonical, as catalog.Listing.Brand
	short string // the shorter spelling shops that abbreviate use; "" when none
	alt   string // another spelling some listings use; "" when none
	code  string // three-letter code in shop SKUs
	// gtinPrefix is the GS1 company prefix the brand's barcodes start with:
	// 6 digits make UPC-12 codes (North American makers), 7 make EAN-13.
	// The prefixes are invented; "" means the brand's products carry none.
	gtinPrefix string
}

var brandTable = []brand{
	{"Baker", "", "Baker Skateboards", "BKR", "849203"},
	{"Girl", "", "Girl Skateboards", "GRL", "849211"},
	{"Element", "", "Element Skateboards", "ELE", "881972"},
	{"Santa Cruz", "", "Santa Cruz Skateboards", "SCZ", "846104"},
	{"Real", "", "Real Skateboards", "REA", "846117"},
	{"Anti Hero", "Antihero", "Anti-Hero", "AHR", "846125"},
	{"Chocolate", "", "Chocolate Skateboards", "CHO", "849227"},
	{"Primitive", "", "Primitive Skateboarding", "PRM", "859744"},
	{"Zero", "", "Zero Skateboards", "ZER", "810033"},
	{"Powell Peralta", "Powell", "Powell-Peralta", "PWL", "840781"},
	{"Independent", "Indy", "Independent Truck Co.", "IND", "846138"},
	{"Thunder", "", "Thunder Trucks", "THU", "846149"},
	{"Venture", "", "Venture Trucks", "VEN", "846152"},
	{"Ace", "", "Ace Trucks", "ACE", "856310"},
	{"Spitfire", "", "Spitfire Wheels", "SPF", "846163"},
	{"Bones", "", "", "BON", "840782"},
	{"OJ", "", "OJ Wheels", "OJW", "846171"},
	{"Ricta", "", "Ricta Wheels", "RIC", "846186"},
	{"Bronson", "", "Bronson Speed Co.", "BRS", "810094"},
	{"Vans", "", "", "VAN", "194905"},
	{"Nike SB", "", "Nike Skateboarding", "NSB", "196968"},
	{"Adidas", "adidas", "adidas Skateboarding", "ADI", "4066748"},
	{"New Balance Numeric", "NB Numeric", "New Balance", "NBN", "196432"},
	{"Emerica", "", "", "EME", "889073"},
	{"Mob", "MOB", "Mob Grip", "MOB", "846194"},
	{"Jessup", "", "Jessup Grip", "JES", "812390"},
	{"Diamond", "", "Diamond Supply Co.", "DMD", "888247"},
	{"Shake Junt", "", "", "SHJ", ""},
	{"Thrasher", "", "Thrasher Magazine", "THR", ""},
	{"Polar", "", "Polar Skate Co.", "POL", "7350112"},
	{"HUF", "", "HUF Worldwide", "HUF", "840127"},
}
