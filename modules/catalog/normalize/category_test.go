package normalize

import (
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

func TestCategory(t *testing.T) {
	tests := []struct {
		name        string
		productType string
		tags        []string
		title       string
		want        catalog.Category
	}{
		{"shopify deck type", "Skateboard Decks", nil, "Baker Brand Logo", catalog.CategoryDecks},
		{"deck title", "", nil, "Baker Brand Logo Deck 8.25", catalog.CategoryDecks},
		{"complete", "", nil, "Element Section Complete Skateboard 8.0", catalog.CategoryCompletes},
		{"complete with parts", "", nil, "Custom Complete w/ Independent Trucks & Spitfire Wheels", catalog.CategoryCompletes},
		{"trucks", "Trucks", nil, "Independent Stage 11", catalog.CategoryTrucks},
		{"wheels", "", nil, "Spitfire Formula Four Classic Wheels 54mm", catalog.CategoryWheels},
		{"bearings", "", nil, "Bones Reds Bearings", catalog.CategoryBearings},
		{"bearings by wheel brand", "", nil, "Bones Wheels Swiss Bearings", catalog.CategoryBearings},
		{"hardware", "Hardware", nil, "Diamond Supply 7/8\"", catalog.CategoryHardware},
		{"bolts", "", nil, "Independent Phillips Bolts 1\"", catalog.CategoryHardware},
		{"grip", "", nil, "Mob Grip Tape Sheet", catalog.CategoryGriptape},
		{"griptape one word", "", nil, "Jessup Griptape 9x33", catalog.CategoryGriptape},
		{"shoe", "Skate Shoes", nil, "Vans Half Cab", catalog.CategoryShoes},
		{"sneaker", "", nil, "Nike SB Dunk Low Sneaker", catalog.CategoryShoes},
		{"tee", "", nil, "Thrasher Flame Tee", catalog.CategoryApparel},
		{"t-shirt", "", nil, "Thrasher Flame T-Shirt", catalog.CategoryApparel},
		{"hoodie", "", nil, "Spitfire Bighead Hoodie", catalog.CategoryApparel},
		{"hat", "", nil, "Polar Lil Hat", catalog.CategoryApparel},
		{"wax", "", nil, "Ricta Speed Wax", catalog.CategoryAccessories},
		{"tool", "", nil, "Silver Skate Tool", catalog.CategoryAccessories},
		// Traps.
		{"deck bolts are hardware", "", nil, "Shake Junt Deck Bolts 1\"", catalog.CategoryHardware},
		{"wheel wax is an accessory", "", nil, "Spitfire Wheel Wax", catalog.CategoryAccessories},
		{"trucks tee is apparel", "", nil, "Independent Trucks Tee", catalog.CategoryApparel},
		{"wheels hoodie is apparel", "", nil, "Spitfire Wheels Hoodie", catalog.CategoryApparel},
		{"bearing spacers are hardware", "", nil, "Bones Bearing Spacers", catalog.CategoryHardware},
		{"riser pads are hardware", "", nil, "Independent Riser Pads 1/8", catalog.CategoryHardware},
		{"knee pads are accessories", "", nil, "Triple Eight Knee Pads", catalog.CategoryAccessories},
		{"bearing cleaner is an accessory", "", nil, "Bones Bearing Cleaning Unit", catalog.CategoryAccessories},
		{"shoe goo is an accessory", "", nil, "Shoe Goo Clear", catalog.CategoryAccessories},
		{"cruiser wheels are wheels", "", nil, "OJ Hot Juice Cruiser Wheels 60mm", catalog.CategoryWheels},
		{"cruiser is a complete", "", nil, "Landyachtz Dinghy Cruiser", catalog.CategoryCompletes},
		{"cruiser deck is a deck", "", nil, "Santa Cruz Cruiser Deck 9.5", catalog.CategoryDecks},
		{"shoe collab", "", nil, "Vans x Spitfire Wheels Half Cab Shoe", catalog.CategoryShoes},
		{"socks are apparel", "", nil, "Stance Socks", catalog.CategoryApparel},
		// Source order: product type beats tags beats title.
		{"type beats title", "Apparel", nil, "Independent Trucks", catalog.CategoryApparel},
		{"tags beat title", "", []string{"sale", "Wheels"}, "Spitfire Conical Full", catalog.CategoryWheels},
		{"type beats tags", "Decks", []string{"wheels"}, "x", catalog.CategoryDecks},
		{"rule order across tags", "", []string{"Independent Trucks", "Tees"}, "", catalog.CategoryApparel},
		{"prefixed tag", "", []string{"type:decks", "brand_baker"}, "Figgy Pro", catalog.CategoryDecks},
		{"woo categories joined", "Skateboards / Decks", nil, "x", catalog.CategoryDecks},
		{"plain skateboards is decks", "Skateboards", nil, "x", catalog.CategoryDecks},
		{"unmatched type falls through", "Sale", []string{"new"}, "Bronson G3 Bearings", catalog.CategoryBearings},
		{"html entities in a woo category", "Skate &amp; Griptap&#101;", nil, "", catalog.CategoryGriptape},
		{"schema.org breadcrumb", "Skateboarding > Wheels", nil, "", catalog.CategoryWheels},
		{"nothing", "", nil, "Gift Card", catalog.CategoryOther},
		{"empty", "", nil, "", catalog.CategoryOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Category(tt.productType, tt.tags, tt.title)
			if got != tt.want {
				t.Fatalf("Category(%q, %q, %q) = %q, want %q", tt.productType, tt.tags, tt.title, got, tt.want)
			}
			if err := got.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
