package scrape_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// eventListings are two listings: a deck with sizes and a GTIN, and a
// wheel with options and an image.
func eventListings() []catalog.Listing {
	return []catalog.Listing{
		{
			ShopSlug: "labor", ExternalID: "8123456789012", Handle: "baker-brand-logo-deck", Title: "Baker Brand Logo Deck",
			Brand: "Baker", Category: catalog.CategoryDecks, URL: "https://laborskateshop.com/products/baker-brand-logo-deck",
			Variants: []catalog.Variant{
				{ExternalID: "44012345678902", SKU: "BAK-BL-825", GTIN: "4006381333931", Title: "8.25",
					Options: []catalog.Option{{Name: "Size", Value: "8.25"}}, Attributes: catalog.Attributes{DeckWidthHundredths: 825}},
				{ExternalID: "44012345678903", SKU: "BAK-BL-8125", Title: "8.125",
					Options: []catalog.Option{{Name: "Size", Value: "8.125"}}, Attributes: catalog.Attributes{DeckWidthHundredths: 813}},
			},
		},
		{
			ShopSlug: "labor", ExternalID: "8123456789013", Handle: "spitfire-f4-classic", Title: "Spitfire Formula Four Classic Wheels",
			Brand: "Spitfire", Category: catalog.CategoryWheels, URL: "https://laborskateshop.com/products/spitfire-f4-classic",
			ImageURL: "https://cdn.shopify.com/s/files/1/0001/spitfire.jpg?v=1&w=800",
			Variants: []catalog.Variant{{ExternalID: "44012345679002", SKU: "SPF-F4-54-99", Title: "54mm / 99a",
				Options:    []catalog.Option{{Name: "Size", Value: "54mm"}, {Name: "Durometer", Value: "99a"}},
				Attributes: catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99A"}}},
		},
	}
}

func eventObservations() []catalog.PriceObservation {
	at := time.Date(2026, 11, 1, 7, 0, 0, 123456789, time.FixedZone("EST", -5*3600))
	key := func(l, v string) catalog.VariantKey {
		return catalog.VariantKey{ShopSlug: "labor", ListingExternalID: l, VariantExternalID: v}
	}
	return []catalog.PriceObservation{
		{Variant: key("8123456789012", "44012345678902"), ObservedAt: at, Price: catalog.Money{Amount: 6495, Currency: "USD"},
			CompareAt: catalog.Money{Amount: 7495, Currency: "USD"}, Availability: catalog.InStock, SourceRun: "20261101T120000000Z-3f9a1c"},
		{Variant: key("8123456789012", "44012345678903"), ObservedAt: at, Price: catalog.Money{Amount: 6495, Currency: "USD"},
			Availability: catalog.OutOfStock, SourceRun: "20261101T120000000Z-3f9a1c"},
		{Variant: key("8123456789013", "44012345679002"), ObservedAt: at, Price: catalog.Money{Amount: 3800, Currency: "USD"},
			Availability: catalog.BackOrder, SourceRun: "20261101T120000000Z-3f9a1c"},
	}
}

func TestWriteJSONLGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := scrape.WriteJSONL(&buf, eventObservations(), scrape.IndexListings(eventListings())); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "jsonl", "events.golden.jsonl")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("WriteJSONL output differs from %s (run with -update if the change is intended)\ngot:\n%s", golden, buf.String())
	}
}

// TestProductEventFields pins the field names and their order: the
// product-events Avro schema is written against them.
func TestProductEventFields(t *testing.T) {
	var buf bytes.Buffer
	if err := scrape.WriteJSONL(&buf, eventObservations()[:1], scrape.IndexListings(eventListings())); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&buf)
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	want := strings.Fields(`shop listing_id variant_id observed_at title brand category url image_url handle tags sku gtin
		variant_title options deck_width_hundredths wheel_diameter_mm wheel_durometer truck_size shoe_size_us
		apparel_size currency price_minor compare_at_minor availability source_run`)
	if !slices.Equal(keys, want) {
		t.Fatalf("fields\n%v, want\n%v", keys, want)
	}
}

func TestWriteJSONLMissingListing(t *testing.T) {
	var buf bytes.Buffer
	err := scrape.WriteJSONL(&buf, eventObservations(), scrape.IndexListings(eventListings()[:1]))
	if !errors.Is(err, catalog.ErrNotFound) || buf.Len() != 0 {
		t.Fatalf("err %v, %d bytes written: want ErrNotFound and nothing written", err, buf.Len())
	}
}

func TestJSONLSinkWritesWholeBatches(t *testing.T) {
	var buf lockedBuffer
	sink := scrape.JSONLSink(&buf)
	b := scrape.Batch{Listings: eventListings(), Observations: eventObservations()}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := sink.Publish(context.Background(), b); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines, want 24", len(lines))
	}
	for i, l := range lines {
		var ev catalog.ProductEvent
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if want := eventObservations()[i%3].Variant.VariantExternalID; ev.VariantID != want {
			t.Fatalf("line %d is variant %s, want %s: batches interleaved", i, ev.VariantID, want)
		}
	}
	events, err := b.Events()
	if err != nil || len(events) != 3 || events[0].CompareAtMinor == nil || *events[0].CompareAtMinor != 7495 || events[1].CompareAtMinor != nil {
		t.Fatalf("Events() = %+v, %v", events, err)
	}
}

// lockedBuffer is a bytes.Buffer that the race detector accepts from many
// goroutines; JSONLSink is what must keep lines whole.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
