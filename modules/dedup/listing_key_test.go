package dedup_test

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dedup"
)

func baseListing() catalog.Listing {
	return catalog.Listing{
		ShopSlug: "ramp-shop", ExternalID: "8123456", Handle: "baker-logo", Title: "Baker Logo Deck",
		Brand: "Baker", Category: catalog.CategoryDecks, URL: "https://ramp.example/p/baker-logo",
		ImageURL: "https://ramp.example/i/1.jpg", Tags: []string{"decks", "sale"},
		Variants: []catalog.Variant{
			{ExternalID: "a", SKU: "BK-825", GTIN: "0123456789012", Title: "8.25 / Black",
				Options:    []catalog.Option{{Name: "Size", Value: "8.25"}, {Name: "Color", Value: "Black"}},
				Attributes: catalog.Attributes{DeckWidthHundredths: 825}},
			{ExternalID: "b", Title: "8.5", Attributes: catalog.Attributes{DeckWidthHundredths: 850}},
		},
	}
}

func TestListingKeyChangesWithEveryField(t *testing.T) {
	tests := []keyChange[catalog.Listing]{
		{"shop", func(l *catalog.Listing) { l.ShopSlug = "other-shop" }},
		{"external id", func(l *catalog.Listing) { l.ExternalID = "8123457" }},
		{"handle", func(l *catalog.Listing) { l.Handle = "baker" }},
		{"title", func(l *catalog.Listing) { l.Title = "Baker Logo Deck Red" }},
		{"brand", func(l *catalog.Listing) { l.Brand = "Deathwish" }},
		{"category", func(l *catalog.Listing) { l.Category = catalog.CategoryOther }},
		{"url", func(l *catalog.Listing) { l.URL += "?v=2" }},
		{"image", func(l *catalog.Listing) { l.ImageURL = "" }},
		{"tag added", func(l *catalog.Listing) { l.Tags = append(l.Tags, "new") }},
		{"tags split", func(l *catalog.Listing) { l.Tags = []string{"decks", "sa", "le"} }},
		{"variant added", func(l *catalog.Listing) { l.Variants = append(l.Variants, catalog.Variant{ExternalID: "c"}) }},
		{"variant id", func(l *catalog.Listing) { l.Variants[1].ExternalID = "b2" }},
		{"sku", func(l *catalog.Listing) { l.Variants[0].SKU = "BK-826" }},
		{"gtin", func(l *catalog.Listing) { l.Variants[0].GTIN = "" }},
		{"variant title", func(l *catalog.Listing) { l.Variants[0].Title = "8.25" }},
		{"option value", func(l *catalog.Listing) { l.Variants[0].Options[1].Value = "Red" }},
		{"wheel size", func(l *catalog.Listing) { l.Variants[1].Attributes.WheelDiameterMM = 54 }},
		{"apparel size", func(l *catalog.Listing) { l.Variants[1].Attributes.ApparelSize = "M" }},
		// Without length prefixes these would encode the same bytes.
		{"title boundary moved", func(l *catalog.Listing) { l.Title, l.Brand = "Baker Logo DeckB", "aker" }},
	}
	assertKeysDiffer(t, baseListing, dedup.ListingKey, tests)
}

// The order of variants and options is the shop's, not content: it leaves
// the key as it is. And no listing shares a key with an observation.
func TestListingKeyIgnoresOrder(t *testing.T) {
	a, b := baseListing(), baseListing()
	b.Variants[0], b.Variants[1] = b.Variants[1], b.Variants[0]
	b.Variants[1].Options = []catalog.Option{b.Variants[1].Options[1], b.Variants[1].Options[0]}
	if !bytes.Equal(dedup.ListingKey(a), dedup.ListingKey(b)) {
		t.Error("reordered variants or options change the key")
	}
	if len(dedup.ListingKey(a)) != dedup.KeySize {
		t.Errorf("key is %d bytes, want %d", len(dedup.ListingKey(a)), dedup.KeySize)
	}
}

// TestListingKeyStable pins the key of one listing, as TestContentKeyStable
// does for observations.
func TestListingKeyStable(t *testing.T) {
	const want = "8dabbc6b16c2a1cb29adfd0fbc6ea3d7" // sha256 of the documented encoding, first 16 bytes
	if got := hex.EncodeToString(dedup.ListingKey(baseListing())); got != want {
		t.Errorf("ListingKey(base) = %s, want %s; if the encoding changed on purpose, change listingKeyTag", got, want)
	}
}
