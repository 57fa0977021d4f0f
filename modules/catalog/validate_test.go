package catalog_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

func validShop() catalog.Shop {
	return catalog.Shop{
		Slug: "ocean-ave", Name: "Ocean Ave Skate", Platform: catalog.PlatformShopify,
		BaseURL: "https://ocean-ave.example", Currency: "USD", Country: "US",
	}
}

func validListing() catalog.Listing {
	return catalog.Listing{
		ShopSlug: "ocean-ave", ExternalID: "7001", Handle: "indy-stage-11-149",
		Title: "Independent Stage 11 Hollow Silver 149 Trucks", Brand: "Independent",
		Category: catalog.CategoryTrucks, URL: "https://ocean-ave.example/products/indy-stage-11-149",
		Tags: []string{"trucks", "independent"},
		Variants: []catalog.Variant{{
			ExternalID: "41", SKU: "IND-149-HS", GTIN: "4006381333931", Title: "149",
			Options:    []catalog.Option{{Name: "Size", Value: "149"}},
			Attributes: catalog.Attributes{TruckSize: "149"},
		}},
	}
}

func validObservation() catalog.PriceObservation {
	return catalog.PriceObservation{
		Variant:      catalog.VariantKey{ShopSlug: "ocean-ave", ListingExternalID: "7001", VariantExternalID: "41"},
		ObservedAt:   time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		Price:        catalog.Money{Amount: 5995, Currency: "USD"},
		CompareAt:    catalog.Money{Amount: 6995, Currency: "USD"},
		Availability: catalog.InStock,
		SourceRun:    "run-1",
	}
}

func TestShopValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*catalog.Shop)
		field  string // "" means valid
	}{
		{"valid", func(*catalog.Shop) {}, ""},
		{"upper-case slug", func(s *catalog.Shop) { s.Slug = "Ocean" }, "shop.slug"},
		{"slug with trailing dash", func(s *catalog.Shop) { s.Slug = "ocean-" }, "shop.slug"},
		{"empty name", func(s *catalog.Shop) { s.Name = "" }, "shop.name"},
		{"unknown platform", func(s *catalog.Shop) { s.Platform = "magento" }, "platform"},
		{"relative URL", func(s *catalog.Shop) { s.BaseURL = "/shop" }, "shop.base_url"},
		{"ftp URL", func(s *catalog.Shop) { s.BaseURL = "ftp://x.example" }, "shop.base_url"},
		{"unknown currency", func(s *catalog.Shop) { s.Currency = "BTC" }, "currency"},
		{"lower-case country", func(s *catalog.Shop) { s.Country = "us" }, "shop.country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validShop()
			tt.mutate(&s)
			checkValidation(t, s.Validate(), tt.field)
		})
	}
}

func TestListingValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*catalog.Listing)
		field  string
	}{
		{"valid", func(*catalog.Listing) {}, ""},
		{"valid without GTIN", func(l *catalog.Listing) { l.Variants[0].GTIN = "" }, ""},
		{"emoji and entities in title", func(l *catalog.Listing) { l.Title = "Spitfire F4 🔥 Classic 54mm &amp; 99a" }, ""},
		{"bad shop", func(l *catalog.Listing) { l.ShopSlug = "" }, "listing.shop"},
		{"blank external id", func(l *catalog.Listing) { l.ExternalID = "  " }, "listing.external_id"},
		{"empty title", func(l *catalog.Listing) { l.Title = "" }, "listing.title"},
		{"overlong title", func(l *catalog.Listing) { l.Title = strings.Repeat("x", 501) }, "listing.title"},
		{"invalid UTF-8", func(l *catalog.Listing) { l.Title = "bad \xff" }, "listing.title"},
		{"NUL in brand", func(l *catalog.Listing) { l.Brand = "Indy\x00" }, "listing.brand"},
		{"unknown category", func(l *catalog.Listing) { l.Category = "skis" }, "category"},
		{"empty category", func(l *catalog.Listing) { l.Category = "" }, "category"},
		{"relative URL", func(l *catalog.Listing) { l.URL = "/products/x" }, "listing.url"},
		{"javascript image", func(l *catalog.Listing) { l.ImageURL = "javascript:alert(1)" }, "listing.image_url"},
		{"empty tag", func(l *catalog.Listing) { l.Tags = []string{""} }, "listing.tags"},
		{"no variants", func(l *catalog.Listing) { l.Variants = nil }, "listing.variants"},
		{"duplicate variant", func(l *catalog.Listing) { l.Variants = append(l.Variants, l.Variants[0]) }, "variant.external_id"},
		{"bad GTIN check digit", func(l *catalog.Listing) { l.Variants[0].GTIN = "4006381333932" }, "variant.gtin"},
		{"GTIN with letters", func(l *catalog.Listing) { l.Variants[0].GTIN = "40063813339A1" }, "variant.gtin"},
		{"empty option name", func(l *catalog.Listing) { l.Variants[0].Options[0].Name = "" }, "variant.option"},
		{"absurd deck width", func(l *catalog.Listing) { l.Variants[0].Attributes.DeckWidthHundredths = 2000 }, "variant.deck_width"},
		{"negative wheel", func(l *catalog.Listing) { l.Variants[0].Attributes.WheelDiameterMM = -1 }, "variant.wheel_diameter"},
		{"overlong truck size", func(l *catalog.Listing) { l.Variants[0].Attributes.TruckSize = strings.Repeat("9", 33) }, "variant.truck_size"},
		{"NUL in shoe size", func(l *catalog.Listing) { l.Variants[0].Attributes.ShoeSizeUS = "9\x00" }, "variant.shoe_size_us"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := validListing()
			l.Variants = append([]catalog.Variant(nil), l.Variants...)
			tt.mutate(&l)
			checkValidation(t, l.Validate(), tt.field)
		})
	}
}

func TestObservationValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*catalog.PriceObservation)
		field  string
	}{
		{"valid", func(*catalog.PriceObservation) {}, ""},
		{"no compare-at", func(o *catalog.PriceObservation) { o.CompareAt = catalog.Money{} }, ""},
		{"free item", func(o *catalog.PriceObservation) { o.Price.Amount = 0 }, ""},
		{"bad shop", func(o *catalog.PriceObservation) { o.Variant.ShopSlug = "A B" }, "observation.shop"},
		{"no listing id", func(o *catalog.PriceObservation) { o.Variant.ListingExternalID = "" }, "observation.listing_id"},
		{"no variant id", func(o *catalog.PriceObservation) { o.Variant.VariantExternalID = "" }, "observation.variant_id"},
		{"no time", func(o *catalog.PriceObservation) { o.ObservedAt = time.Time{} }, "observation.observed_at"},
		{"negative price", func(o *catalog.PriceObservation) { o.Price.Amount = -500 }, "observation.price"},
		{"unknown currency", func(o *catalog.PriceObservation) { o.Price.Currency = "ZZZ" }, "observation.price"},
		{"compare-at other currency", func(o *catalog.PriceObservation) { o.CompareAt.Currency = "EUR" }, "observation.compare_at"},
		{"negative compare-at", func(o *catalog.PriceObservation) { o.CompareAt.Amount = -1 }, "observation.compare_at"},
		{"unknown availability", func(o *catalog.PriceObservation) { o.Availability = "maybe" }, "availability"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validObservation()
			tt.mutate(&o)
			checkValidation(t, o.Validate(), tt.field)
		})
	}
}

func TestObservationSale(t *testing.T) {
	o := validObservation()
	if !o.OnSale() || o.DiscountBasisPoints() != 1429 {
		t.Fatalf("59.95 vs 69.95: OnSale=%v bp=%d, want true 1429", o.OnSale(), o.DiscountBasisPoints())
	}
	o.CompareAt.Amount = 4995 // shops publish compare-at below price; that is no sale
	if o.OnSale() {
		t.Fatal("compare-at below price counted as a sale")
	}
	p := o
	if !o.SameState(p) {
		t.Fatal("identical observations not the same state")
	}
	p.Availability = catalog.OutOfStock
	if o.SameState(p) || p.InStock() {
		t.Fatal("availability change not seen")
	}
	if !(catalog.PriceObservation{Availability: catalog.BackOrder}).InStock() {
		t.Fatal("back-order should be purchasable")
	}
}

func TestValidGTIN(t *testing.T) {
	tests := map[string]bool{
		"4006381333931":  true,  // GTIN-13
		"036000291452":   true,  // UPC-A
		"96385074":       true,  // GTIN-8
		"00012345600012": true,  // GTIN-14
		"036000291453":   false, // wrong check digit
		"1234567":        false,
		"":               false,
		"03600029145a":   false,
		"0000000000000":  false, // shops' "no barcode"
	}
	for s, want := range tests {
		if got := catalog.ValidGTIN(s); got != want {
			t.Errorf("ValidGTIN(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParseCategory(t *testing.T) {
	for _, c := range catalog.Categories() {
		if got, err := catalog.ParseCategory(string(c)); err != nil || got != c {
			t.Errorf("ParseCategory(%q) = %q, %v", c, got, err)
		}
	}
	if _, err := catalog.ParseCategory("Decks"); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("ParseCategory(Decks) error = %v, want ErrInvalid (exact names only)", err)
	}
}

func checkValidation(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want an error naming %s, got nil", field)
	}
	if !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("error %v does not wrap ErrInvalid", err)
	}
	if !strings.Contains(err.Error(), field) {
		t.Fatalf("error %q does not name %s", err, field)
	}
}
