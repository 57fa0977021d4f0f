package catalog_test

import (
	"reflect"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

// TestProductEventRoundTrip checks that an event carries everything ingest
// needs to rebuild the observation and its listing.
func TestProductEventRoundTrip(t *testing.T) {
	l := validListing()
	l.ImageURL = "https://ocean-ave.example/i.jpg"
	l.Tags = []string{"trucks", "indy"}
	l.Handle = "indy-stage-11-149"
	l.Variants[0].Options = []catalog.Option{{Name: "Size", Value: "149"}, {Name: "Color", Value: "Silver"}}
	tests := []struct {
		name string
		obs  catalog.PriceObservation
	}{
		{"with compare-at", validObservation()},
		{"without compare-at", func() catalog.PriceObservation { o := validObservation(); o.CompareAt = catalog.Money{}; return o }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := catalog.NewProductEvent(l, l.Variants[0], tt.obs)
			if got := ev.Observation(); !reflect.DeepEqual(got, tt.obs) {
				t.Fatalf("Observation() = %+v, want %+v", got, tt.obs)
			}
			want := l
			want.Variants = []catalog.Variant{l.Variants[0]}
			want.Variants[0].Options = []catalog.Option{{Name: "Color", Value: "Silver"}, {Name: "Size", Value: "149"}}
			if got := ev.Listing(); !reflect.DeepEqual(got, want) {
				t.Fatalf("Listing() = %+v, want %+v", got, want)
			}
			if err := ev.Listing().Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
