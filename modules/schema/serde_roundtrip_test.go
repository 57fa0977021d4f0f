package schema_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

func TestRoundTripProductEvent(t *testing.T) {
	serde, _ := registeredSerde(t)
	nanos := sampleEvent()
	nanos.ObservedAt = time.Date(2025, 3, 14, 15, 9, 26, 535897999, time.FixedZone("CET", 3600))
	wantNanos := nanos
	wantNanos.ObservedAt = time.Date(2025, 3, 14, 14, 9, 26, 535897000, time.UTC)

	noCompare := sampleEvent()
	noCompare.CompareAtMinor = nil

	emptyOptions := sampleEvent()
	emptyOptions.Options = map[string]string{}

	nilOptions := sampleEvent()
	nilOptions.Options = nil

	unicode := sampleEvent()
	unicode.Title = "Évasion Deck — 木目 🛹 \u0000-free"
	unicode.Options = map[string]string{"Größe": "8.5″", "色": "黒"}
	unicode.Brand = "Pally's \"Pro\" <Model> & Co"

	jpy := sampleEvent()
	jpy.Shop, jpy.Currency, jpy.PriceMinor, jpy.CompareAtMinor = "skateshop-tokyo", "JPY", 12800, ptr(int64(15800))

	maxInt := sampleEvent()
	maxInt.PriceMinor, maxInt.CompareAtMinor = math.MaxInt64, ptr(int64(math.MaxInt64))

	zeroCompare := sampleEvent()
	zeroCompare.CompareAtMinor = ptr(int64(0)) // published 0 is not "none"

	minimal := catalog.ProductEvent{
		Shop: "s", ListingID: "l", VariantID: "v", ObservedAt: time.Unix(0, 0).UTC(),
		Title: "t", Category: "other", URL: "https://s.example/p", Currency: "USD", Availability: "out_of_stock",
	}

	withOptions := func(ev catalog.ProductEvent, opts map[string]string) catalog.ProductEvent {
		ev.Options = opts
		return ev
	}

	tests := []struct {
		name string
		in   catalog.ProductEvent
		want catalog.ProductEvent
	}{
		{"full", sampleEvent(), sampleEvent()},
		{"observed_at keeps microseconds, in UTC", nanos, wantNanos},
		{"null compare-at", noCompare, noCompare},
		{"zero compare-at stays non-null", zeroCompare, zeroCompare},
		{"empty options", emptyOptions, emptyOptions},
		{"nil options decode as empty", nilOptions, emptyOptions},
		{"unicode", unicode, unicode},
		{"JPY amounts", jpy, jpy},
		{"max int64", maxInt, maxInt},
		// Nil options and tags decode as empty: Avro has no null for them.
		{"minimal at the epoch", minimal, func() catalog.ProductEvent {
			e := withOptions(minimal, map[string]string{})
			e.Tags = []string{}
			return e
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := serde.Encode(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var got catalog.ProductEvent
			if err := serde.Decode(b, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("round trip\n got %+v\nwant %+v", got, tt.want)
			}
			if got.ObservedAt.Location() != time.UTC {
				t.Errorf("observed_at location = %v, want UTC", got.ObservedAt.Location())
			}
		})
	}
}

func TestRoundTripNormalizedProduct(t *testing.T) {
	serde, _ := registeredSerde(t)
	at := time.Date(2025, 6, 1, 9, 30, 0, 123456000, time.UTC)
	observed := schema.FromListing(sampleListing(), []catalog.PriceObservation{
		observation("w-54-white", at, 7480, catalog.InStock),
	})
	bare := schema.NormalizedProduct{
		Shop: "s", ListingID: "l", Title: "t", Category: "other", URL: "https://s.example/p",
		Tags: []string{}, Variants: []schema.NormalizedVariant{},
	}
	nilSlices := bare
	nilSlices.Tags, nilSlices.Variants = nil, nil

	tests := []struct {
		name     string
		in, want schema.NormalizedProduct
	}{
		{"one observed variant, one not", observed, observed},
		{"no variants, no tags", bare, bare},
		{"nil slices decode as empty", nilSlices, bare},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := serde.Encode(&tt.in) // pointers encode too
			if err != nil {
				t.Fatal(err)
			}
			var got schema.NormalizedProduct
			if err := serde.Decode(b, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("round trip\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestRoundTripPriceUpdate(t *testing.T) {
	serde, _ := registeredSerde(t)
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	before := observation("w-54-red", t0, 7480, catalog.OutOfStock)
	before.CompareAt = catalog.Money{Amount: 8800, Currency: "JPY"}
	after := observation("w-54-red", t0.Add(time.Hour), 6980, catalog.InStock)
	after.CompareAt = catalog.Money{Amount: 8800, Currency: "JPY"}
	huge := after
	huge.Price.Amount, huge.CompareAt.Amount = math.MaxInt64-1, math.MaxInt64

	tests := []struct {
		name string
		in   schema.PriceUpdate
	}{
		{"first sighting", schema.NewPriceUpdate(nil, before)},
		{"price drop and back in stock", schema.NewPriceUpdate(&before, after)},
		{"max int64", schema.NewPriceUpdate(&after, huge)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := serde.Encode(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var got schema.PriceUpdate
			if err := serde.Decode(b, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.in) {
				t.Errorf("round trip\n got %+v\nwant %+v", got, tt.in)
			}
		})
	}
}

// TestDecodeReusedValue: decoding into a value that held another record must
// not keep any of it (hamba merges into existing maps).
func TestDecodeReusedValue(t *testing.T) {
	serde, _ := registeredSerde(t)
	first := sampleEvent()
	second := sampleEvent()
	second.Options = map[string]string{"Size": "8.5"}
	second.CompareAtMinor = nil
	var got catalog.ProductEvent
	for _, ev := range []catalog.ProductEvent{first, second} {
		b, err := serde.Encode(ev)
		if err != nil {
			t.Fatal(err)
		}
		if err := serde.Decode(b, &got); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got, second) {
		t.Errorf("reused value\n got %+v\nwant %+v", got, second)
	}
}
