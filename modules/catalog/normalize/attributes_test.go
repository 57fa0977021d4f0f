package normalize

import (
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

func opt(name, value string) []catalog.Option { return []catalog.Option{{Name: name, Value: value}} }

func TestAttributesDeckWidth(t *testing.T) {
	tests := []struct {
		name         string
		options      []catalog.Option
		variantTitle string
		listingTitle string
		want         int
	}{
		{"size option", opt("Size", "8.25"), "8.25", "Baker Brand Logo Deck", 825},
		{"inch mark", opt("Size", `8.25"`), "", "", 825},
		{"typographic inch mark", opt("Size", "8.25”"), "", "", 825},
		{"double prime", opt("Size", "8.5″"), "", "", 850},
		{"two apostrophes", opt("Size", "8.5''"), "", "", 850},
		{"in", opt("Width", "8.25in"), "", "", 825},
		{"inch word", opt("Width", "8.25 inch"), "", "", 825},
		{"inch dash", opt("Width", "8.25-inch"), "", "", 825},
		{"decimal comma", opt("Größe", `8,25"`), "", "", 825},
		{"thousandths round half up", opt("Size", "8.125"), "", "", 813},
		{"thousandths round down", opt("Size", "8.375"), "", "", 838},
		{"one decimal", opt("Size", "8.0"), "", "", 800},
		{"whole number in size option", opt("Size", "8"), "", "", 800},
		{"whole number with unit", opt("Color", `8"`), "", "", 800},
		{"whole number elsewhere is not a width", opt("Pack", "8"), "", "", 0},
		{"width by length", opt("Size", "8.5 x 32.1"), "", "", 850},
		{"variant title", nil, "8.38 / Black", "", 838},
		{"variant title with color first", nil, "Black - 8.5", "", 850},
		{"listing title", nil, "Default Title", "Real Ishod Wair Deck 8.38 x 32", 838},
		{"listing title with wheelbase", nil, "", "Baker Figgy Deck 8.25 WB 14.25", 825},
		{"option wins over title", opt("Size", "8.5"), "", "Deck 8.25", 850},
		{"out of range", opt("Size", "31.85"), "", "", 0},
		{"length not width", nil, "", "Cruiser 36.0 Longboard", 0},
		{"model number is not a width", nil, "", "Plan B Team 2 Deck", 0},
		{"version numbers", nil, "", "Deck V1.2.3", 0},
		{"attached letters", nil, "", "Element Deck XL8.5", 0},
		{"pool deck", opt("Size", "10.0"), "", "", 1000},
		{"micro", opt("Size", "6.75"), "", "", 675},
		{"nothing", opt("Color", "Red"), "Red", "Blank Deck", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []catalog.Category{catalog.CategoryDecks, catalog.CategoryCompletes} {
				got := Attributes(c, tt.options, tt.variantTitle, tt.listingTitle)
				if got.DeckWidthHundredths != tt.want {
					t.Fatalf("%s: DeckWidthHundredths = %d, want %d", c, got.DeckWidthHundredths, tt.want)
				}
			}
		})
	}
}

func TestAttributesWheels(t *testing.T) {
	tests := []struct {
		name         string
		options      []catalog.Option
		variantTitle string
		listingTitle string
		mm           int
		duro         string
	}{
		{"mm and a", nil, "", "Spitfire Formula Four Classic 54mm 99a", 54, "99A"},
		{"spaced with slash", opt("Size", "54 mm / 99A"), "", "", 54, "99A"},
		{"b scale", nil, "", "Bones STF 52mm 83B", 52, "83B"},
		{"101a", nil, "", "Spitfire F4 Conical Full 56mm 101a", 56, "101A"},
		{"d scale", nil, "", "Formula Four 52mm 101D", 52, "101D"},
		{"du is a scale", nil, "", "Spitfire Formula Four 99DU 53mm", 53, "99A"},
		{"duro word", nil, "", "OJ Hot Juice 60mm 78 duro", 60, "78A"},
		{"duro before", nil, "", "Ricta Clouds 55mm Duro 92", 55, "92A"},
		{"separate options", []catalog.Option{{Name: "Size", Value: "54"}, {Name: "Durometer", Value: "99"}}, "", "", 54, "99A"},
		{"variant title", nil, "53mm / 99a", "Spitfire Classic", 53, "99A"},
		{"half millimetre rounds up", opt("Size", "52.5mm"), "", "", 53, ""},
		{"option wins over title", opt("Diameter", "56mm"), "", "Bones 54mm", 56, ""},
		{"version is not attached", nil, "", "Bones STF V5 Sidecut 54mm 103A", 54, "103A"},
		{"F4 is not a size", nil, "", "F4 Tablets", 0, ""},
		{"bare number in title is nothing", nil, "", "Spitfire Classic 54 99", 0, ""},
		{"too big", nil, "", "Wheel 150mm", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Attributes(catalog.CategoryWheels, tt.options, tt.variantTitle, tt.listingTitle)
			if got.WheelDiameterMM != tt.mm || got.WheelDurometer != tt.duro {
				t.Fatalf("got %d mm %q, want %d mm %q", got.WheelDiameterMM, got.WheelDurometer, tt.mm, tt.duro)
			}
		})
	}
}

func TestAttributesTrucks(t *testing.T) {
	tests := []struct {
		name         string
		options      []catalog.Option
		variantTitle string
		listingTitle string
		want         string
	}{
		{"indy option", opt("Size", "149"), "149", "Independent Stage 11 Trucks", "149"},
		{"stage is not the size", nil, "", "Independent Stage 11 Hollow Silver 149 Trucks", "149"},
		{"stage first", opt("Size", "Stage 11 149mm"), "", "", "149"},
		{"mm suffix", opt("Size", "144mm"), "", "", "144"},
		{"venture hi", opt("Size", "5.2 Hi"), "", "", "5.2 Hi"},
		{"venture high", opt("Size", "5.6 High"), "", "", "5.6 Hi"},
		{"venture low", nil, "", "Venture 5.8 Low Trucks", "5.8 Low"},
		{"venture lo", opt("Size", "5.0 lo"), "", "", "5.0 Low"},
		{"thunder", nil, "", "Thunder Team Hollow 148 Trucks", "148"},
		{"three digits beat inches", opt("Size", `149 (8.5")`), "", "", "149"},
		{"krux width", opt("Size", "8.25"), "", "", "8.25"},
		{"krux width with inch mark", opt("Size", `8.0"`), "", "", "8.0"},
		{"ace two digits", opt("Size", "44"), "", "Ace AF1 Trucks", "44"},
		{"ace zero zero", opt("Size", "00"), "", "", "00"},
		{"ace in title is not read", nil, "", "Ace AF1 44 Trucks", ""},
		{"title decimal is not read", nil, "", "Krux 8.0 DLK", ""},
		{"set of two", opt("Pack", "Set of 2"), "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Attributes(catalog.CategoryTrucks, tt.options, tt.variantTitle, tt.listingTitle)
			if got.TruckSize != tt.want {
				t.Fatalf("TruckSize = %q, want %q", got.TruckSize, tt.want)
			}
		})
	}
}

func TestAttributesShoes(t *testing.T) {
	tests := []struct{ value, want string }{
		{"US 9.5", "9.5"},
		{"9.5", "9.5"},
		{"9", "9"},
		{"9.0", "9"},
		{"09", "9"},
		{"Men's 9.5 / Women's 11", "9.5"},
		{"Women's 11 / Men's 9.5", "9.5"},
		{"M9.5", "9.5"},
		{"M 9.5 W 11", "9.5"},
		{"9.5 M / 11 W", "9.5"},
		{"US M 10", "10"},
		{"US Mens 10.5", "10.5"},
		{"9½", "9.5"},
		{"9 1/2", "9.5"},
		{"10.5 US", "10.5"},
		{"UK 8.5 / US 9.5 / EU 43", "9.5"},
		{"EU 43 (US 9.5)", "9.5"},
		{"8.5 UK, 9.5 US", "9.5"},
		{"Size 11", "11"},
		{"EU 43", ""},
		{"43", ""},
		{"UK 8", ""},
		{"W 8", ""},
		{"Women's 7.5", ""},
		{"5Y", ""},
		{"10.5C", ""},
		{"Youth 5", ""},
		{"27 cm", ""},
		{"9.25", ""},
		{"Black", ""},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got := Attributes(catalog.CategoryShoes, opt("Size", tt.value), "", "Vans Half Cab 9.5")
			if got.ShoeSizeUS != tt.want {
				t.Fatalf("ShoeSizeUS(%q) = %q, want %q", tt.value, got.ShoeSizeUS, tt.want)
			}
		})
	}
	if got := Attributes(catalog.CategoryShoes, nil, "Black / US 10", ""); got.ShoeSizeUS != "10" {
		t.Fatalf("from variant title: %q", got.ShoeSizeUS)
	}
}

func TestAttributesApparel(t *testing.T) {
	tests := []struct{ value, want string }{
		{"S", "S"}, {"M", "M"}, {"L", "L"}, {"XL", "XL"}, {"XXL", "XXL"}, {"2XL", "XXL"},
		{"3XL", "XXXL"}, {"xs", "XS"}, {"Small", "S"}, {"Medium", "M"}, {"Large", "L"},
		{"X-Large", "XL"}, {"XX-Large", "XXL"}, {"Extra Large", "XL"}, {"OS", "OS"},
		{"One Size", "OS"}, {"O/S", "OS"}, {"One Size Fits All", "OS"}, {"OSFA", "OS"},
		{"S/M", "S/M"}, {"L/XL", "L/XL"}, {"Men's M", "M"}, {"Size L", "L"},
		{"Medium Blue", ""}, {"Black", ""}, {"32", ""}, {"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got := Attributes(catalog.CategoryApparel, opt("Size", tt.value), "", "Large Logo Tee")
			if got.ApparelSize != tt.want {
				t.Fatalf("ApparelSize(%q) = %q, want %q", tt.value, got.ApparelSize, tt.want)
			}
		})
	}
	if got := Attributes(catalog.CategoryApparel, nil, "Black / XL", "Large Logo Tee"); got.ApparelSize != "XL" {
		t.Fatalf("from variant title: %q", got.ApparelSize)
	}
	if got := Attributes(catalog.CategoryApparel, nil, "Default Title", "Large Logo Tee"); got.ApparelSize != "" {
		t.Fatalf("listing title must not give a size: %q", got.ApparelSize)
	}
}

func TestAttributesByCategory(t *testing.T) {
	// The same text means different things by category, and nothing for some.
	o := opt("Size", "8.25")
	if a := Attributes(catalog.CategoryHardware, o, "8.25", "8.25 54mm 99a"); !a.IsZero() {
		t.Fatalf("hardware got attributes %+v", a)
	}
	if a := Attributes(catalog.CategoryOther, o, "", "54mm 99a"); !a.IsZero() {
		t.Fatalf("other got attributes %+v", a)
	}
	if a := Attributes(catalog.CategoryTrucks, o, "", ""); a.TruckSize != "8.25" || a.DeckWidthHundredths != 0 {
		t.Fatalf("trucks got %+v", a)
	}
}
