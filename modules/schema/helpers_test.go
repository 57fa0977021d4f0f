package schema_test

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

// registryServer starts an embedded registry on a memory store behind an
// httptest server and returns it with a franz-go client pointed at it.
func registryServer(t testing.TB, store schema.RegistryStore) (*schema.Registry, *httptest.Server, *sr.Client) {
	t.Helper()
	reg, err := schema.NewRegistry(t.Context(), store, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(reg)
	t.Cleanup(srv.Close)
	cl, err := schema.NewClient(schema.ClientConfig{URLs: []string{srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	return reg, srv, cl
}

// registeredSerde registers the embedded schemas on a fresh embedded
// registry and returns the Serde with the registry's client.
func registeredSerde(t testing.TB) (*schema.Serde, *sr.Client) {
	t.Helper()
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	serde, err := schema.Register(t.Context(), cl, schema.DefaultTopics())
	if err != nil {
		t.Fatal(err)
	}
	return serde, cl
}

func ptr[T any](v T) *T { return &v }

// sampleEvent is a full product event as scrape produces it.
func sampleEvent() catalog.ProductEvent {
	return catalog.ProductEvent{
		Shop: "rollbrett", ListingID: "8011", VariantID: "8011-825",
		ObservedAt: time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC),
		Title:      "Baker Brand Logo Deck", Brand: "Baker", Category: string(catalog.CategoryDecks),
		URL: "https://rollbrett.example/products/baker-brand-logo", ImageURL: "https://cdn.example/baker.jpg",
		Handle: "baker-brand-logo", Tags: []string{"decks", "Baker"},
		SKU: "BAK-825", GTIN: "4006381333931", VariantTitle: "8.25 / Black",
		Options:             map[string]string{"Size": "8.25", "Color": "Black"},
		DeckWidthHundredths: 825, Currency: "EUR", PriceMinor: 5495, CompareAtMinor: ptr(int64(6495)),
		Availability: string(catalog.InStock), SourceRun: "run-20250314",
	}
}

// sampleListing is a two-variant wheel listing.
func sampleListing() catalog.Listing {
	return catalog.Listing{
		ShopSlug: "skateshop-tokyo", ExternalID: "w-54", Handle: "spitfire-f4-54", Title: "Spitfire F4 99D Conical 54mm",
		Brand: "Spitfire", Category: catalog.CategoryWheels, URL: "https://tokyo.example/products/spitfire-f4-54",
		Tags: []string{"wheels", "スピットファイア"},
		Variants: []catalog.Variant{
			{ExternalID: "w-54-white", SKU: "SF-54-W", Title: "54mm / White",
				Options:    []catalog.Option{{Name: "Size", Value: "54mm"}, {Name: "Color", Value: "White"}},
				Attributes: catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99D"}},
			{ExternalID: "w-54-red", Title: "54mm / Red",
				Options:    []catalog.Option{{Name: "Size", Value: "54mm"}, {Name: "Color", Value: "Red"}},
				Attributes: catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99D"}},
		},
	}
}

// observation of variant of sampleListing, in JPY.
func observation(variant string, at time.Time, price int64, avail catalog.Availability) catalog.PriceObservation {
	return catalog.PriceObservation{
		Variant:      catalog.VariantKey{ShopSlug: "skateshop-tokyo", ListingExternalID: "w-54", VariantExternalID: variant},
		ObservedAt:   at,
		Price:        catalog.Money{Amount: price, Currency: "JPY"},
		Availability: avail,
		SourceRun:    "run-1",
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
