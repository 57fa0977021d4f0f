package dedup_test

import (
	"bytes"
	"encoding/hex"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dedup"
)

func baseObservation() catalog.PriceObservation {
	return catalog.PriceObservation{
		Variant: catalog.VariantKey{
			ShopSlug:          "ramp-shop",
			ListingExternalID: "8123456",
			VariantExternalID: "4400123",
		},
		ObservedAt:   time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
		Price:        catalog.Money{Amount: 5495, Currency: "USD"},
		CompareAt:    catalog.Money{Amount: 6495, Currency: "USD"},
		Availability: catalog.InStock,
		SourceRun:    "run-1",
	}
}

func TestContentKeyChangesWithEveryField(t *testing.T) {
	base := dedup.ContentKey(baseObservation())
	if len(base) != dedup.KeySize {
		t.Fatalf("key is %d bytes, want %d", len(base), dedup.KeySize)
	}
	tests := []keyChange[catalog.PriceObservation]{
		{"shop", func(o *catalog.PriceObservation) { o.Variant.ShopSlug = "other-shop" }},
		{"listing", func(o *catalog.PriceObservation) { o.Variant.ListingExternalID = "8123457" }},
		{"variant", func(o *catalog.PriceObservation) { o.Variant.VariantExternalID = "4400124" }},
		{"price amount", func(o *catalog.PriceObservation) { o.Price.Amount = 4995 }},
		{"price currency", func(o *catalog.PriceObservation) { o.Price.Currency = "CAD" }},
		{"compare-at amount", func(o *catalog.PriceObservation) { o.CompareAt.Amount = 5995 }},
		{"compare-at currency", func(o *catalog.PriceObservation) { o.CompareAt.Currency = "CAD" }},
		{"compare-at removed", func(o *catalog.PriceObservation) { o.CompareAt = catalog.Money{} }},
		{"compare-at zero amount", func(o *catalog.PriceObservation) { o.CompareAt = catalog.Money{Currency: "USD"} }},
		{"availability", func(o *catalog.PriceObservation) { o.Availability = catalog.OutOfStock }},
		// Without length prefixes these would encode the same bytes.
		{"id boundary moved", func(o *catalog.PriceObservation) {
			o.Variant.ListingExternalID, o.Variant.VariantExternalID = "81234564", "400123"
		}},
		{"shop boundary moved", func(o *catalog.PriceObservation) {
			o.Variant.ShopSlug, o.Variant.ListingExternalID = "ramp-shop8", "123456"
		}},
	}
	assertKeysDiffer(t, baseObservation, dedup.ContentKey, tests)
}

func TestContentKeyIgnoresTimeAndRun(t *testing.T) {
	a := baseObservation()
	b := baseObservation()
	b.ObservedAt = a.ObservedAt.Add(36 * time.Hour).In(time.FixedZone("CET", 3600))
	b.SourceRun = "run-2"
	if !bytes.Equal(dedup.ContentKey(a), dedup.ContentKey(b)) {
		t.Error("the same state observed at another time by another run has another key")
	}
}

// TestContentKeyStable pins the key of one observation: the key must not
// change between releases, or a deployed Redis filter would forget
// everything it holds.
func TestContentKeyStable(t *testing.T) {
	const want = "4f99d6f0abf861dd99ca4504e1a62d5f" // sha256 of the documented encoding, first 16 bytes
	if got := hex.EncodeToString(dedup.ContentKey(baseObservation())); got != want {
		t.Errorf("ContentKey(base) = %s, want %s; if the encoding changed on purpose, bump contentKeyVersion", got, want)
	}
}

func BenchmarkContentKey(b *testing.B) {
	o := baseObservation()
	for b.Loop() {
		dedup.ContentKey(o)
	}
}
