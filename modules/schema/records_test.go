package schema_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

func TestFromListing(t *testing.T) {
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	white1 := observation("w-54-white", t0, 7480, catalog.InStock)
	white2 := observation("w-54-white", t0.Add(2*time.Hour), 6980, catalog.InStock)
	white2.CompareAt = catalog.Money{Amount: 8800, Currency: "JPY"}
	otherListing := observation("w-54-red", t0.Add(5*time.Hour), 1, catalog.InStock)
	otherListing.Variant.ListingExternalID = "another"

	p := schema.FromListing(sampleListing(), []catalog.PriceObservation{white2, white1, otherListing})

	if !p.UpdatedAt.Equal(white2.ObservedAt) {
		t.Errorf("UpdatedAt = %v, want the latest observation used %v", p.UpdatedAt, white2.ObservedAt)
	}
	want := schema.PriceState{
		ObservedAt: white2.ObservedAt, Currency: "JPY", PriceMinor: 6980, CompareAtMinor: ptr(int64(8800)),
		Availability: "in_stock", DiscountBP: 2068,
	}
	if got := p.Variants[0].Current; got == nil || !reflect.DeepEqual(*got, want) {
		t.Errorf("white variant current = %+v, want %+v", got, want)
	}
	if p.Variants[1].Current != nil {
		t.Errorf("red variant was not observed for this listing, current = %+v", p.Variants[1].Current)
	}
	if got := p.Variants[0].Options; !reflect.DeepEqual(got, []schema.VariantOption{{"Size", "54mm"}, {"Color", "White"}}) {
		t.Errorf("options = %v, want the shop's order", got)
	}
	if !reflect.DeepEqual(p.Listing(), sampleListing()) {
		t.Errorf("Listing() = %+v\nwant %+v", p.Listing(), sampleListing())
	}
	obs := p.Observations()
	white2.SourceRun = "" // the record does not carry it
	if len(obs) != 1 || !reflect.DeepEqual(obs[0], white2) {
		t.Errorf("Observations() = %+v, want [%+v]", obs, white2)
	}
	if none := schema.FromListing(sampleListing(), nil); !none.UpdatedAt.IsZero() {
		t.Errorf("UpdatedAt without observations = %v, want zero", none.UpdatedAt)
	}
}

// FromProduct publishes every variant of the stored state, the ones never
// observed included, each at the latest observation of its state.
func TestFromProduct(t *testing.T) {
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))
	l := sampleListing()
	jpy := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "JPY"} }
	p := catalog.Product{
		ProductSummary: catalog.ProductSummary{
			ID: 42, ShopSlug: l.ShopSlug, ShopName: "Skateshop Tokyo", ExternalID: l.ExternalID, Handle: l.Handle,
			Title: l.Title, Brand: l.Brand, Category: l.Category, URL: l.URL, ImageURL: l.ImageURL,
			Price: jpy(6980),
		},
		Tags: l.Tags,
		Variants: []catalog.VariantState{
			{Variant: l.Variants[0], Observed: true, Price: jpy(6980), CompareAt: jpy(8800), Availability: catalog.InStock,
				DiscountBP: 2068, PriceSince: t0, LastSeen: t0.Add(3 * time.Hour)},
			{Variant: l.Variants[1]},
		},
	}

	np := schema.FromProduct(p)

	want := schema.PriceState{
		ObservedAt: t0.Add(3 * time.Hour).UTC(), Currency: "JPY", PriceMinor: 6980, CompareAtMinor: ptr(int64(8800)),
		Availability: "in_stock", DiscountBP: 2068,
	}
	if got := np.Variants[0].Current; got == nil || !reflect.DeepEqual(*got, want) {
		t.Errorf("white variant current = %+v, want %+v", got, want)
	}
	if np.Variants[1].Current != nil {
		t.Errorf("red variant was never observed, current = %+v", np.Variants[1].Current)
	}
	if !np.UpdatedAt.Equal(want.ObservedAt) || np.UpdatedAt.Location() != time.UTC {
		t.Errorf("UpdatedAt = %v, want the latest LastSeen in UTC %v", np.UpdatedAt, want.ObservedAt)
	}
	if !reflect.DeepEqual(np.Listing(), l) {
		t.Errorf("Listing() = %+v\nwant %+v", np.Listing(), l)
	}
	np.Tags[0] = "changed"
	if l.Tags[0] == "changed" {
		t.Error("the record shares its tags with the product")
	}

	// FromListing with each variant's latest observation is the same record.
	white := observation("w-54-white", t0.Add(3*time.Hour), 6980, catalog.InStock)
	white.CompareAt = jpy(8800)
	np = schema.FromProduct(p)
	if got := schema.FromListing(l, []catalog.PriceObservation{white}); !reflect.DeepEqual(got, np) {
		t.Errorf("FromListing = %+v\nFromProduct = %+v", got, np)
	}

	p.Variants[0] = catalog.VariantState{Variant: l.Variants[0]}
	if none := schema.FromProduct(p); !none.UpdatedAt.IsZero() || none.Variants[0].Current != nil {
		t.Errorf("never observed: UpdatedAt %v, current %+v; want zero and nil", none.UpdatedAt, none.Variants[0].Current)
	}
}

func TestNewPriceUpdate(t *testing.T) {
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))
	before := observation("w-54-red", t0, 7480, catalog.OutOfStock)
	after := observation("w-54-red", t0.Add(time.Hour), 6980, catalog.InStock)
	after.SourceRun = "run-2"

	first := schema.NewPriceUpdate(nil, before)
	if first.Previous != nil {
		t.Errorf("first sighting has previous %+v", first.Previous)
	}
	if _, ok := first.PreviousObservation(); ok {
		t.Error("PreviousObservation of a first sighting reports one")
	}

	u := schema.NewPriceUpdate(&before, after)
	if u.Shop != "skateshop-tokyo" || u.ListingID != "w-54" || u.VariantID != "w-54-red" || u.SourceRun != "run-2" {
		t.Errorf("keys = %+v", u)
	}
	if u.Current.ObservedAt.Location() != time.UTC {
		t.Errorf("current observed_at not in UTC: %v", u.Current.ObservedAt)
	}
	after.ObservedAt = after.ObservedAt.UTC()
	if got := u.Observation(); !reflect.DeepEqual(got, after) {
		t.Errorf("Observation() = %+v, want %+v", got, after)
	}
	prev, ok := u.PreviousObservation()
	before.ObservedAt, before.SourceRun = before.ObservedAt.UTC(), ""
	if !ok || !reflect.DeepEqual(prev, before) {
		t.Errorf("PreviousObservation() = %+v, %v; want %+v", prev, ok, before)
	}
}

func TestTopicsValidate(t *testing.T) {
	if err := schema.DefaultTopics().Validate(); err != nil {
		t.Errorf("default topics: %v", err)
	}
	for _, topics := range []schema.Topics{
		{ProductEvents: "", NormalizedProducts: "n", PriceUpdates: "p"},
		{ProductEvents: " e", NormalizedProducts: "n", PriceUpdates: "p"},
		{ProductEvents: "e", NormalizedProducts: "e", PriceUpdates: "p"},
	} {
		if err := topics.Validate(); err == nil {
			t.Errorf("%+v: Validate succeeded", topics)
		}
	}
	if got := schema.ValueSubject("product-events"); got != "product-events-value" {
		t.Errorf("ValueSubject = %q", got)
	}
}

func TestClientConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		cfg schema.ClientConfig
		ok  bool
	}{
		{schema.ClientConfig{URLs: []string{"http://localhost:8081"}}, true},
		{schema.ClientConfig{URLs: []string{"https://psrc.example", "https://psrc2.example"}, Username: "key", Password: "secret"}, true},
		{schema.ClientConfig{}, false},
		{schema.ClientConfig{URLs: []string{"localhost:8081"}}, false},
		{schema.ClientConfig{URLs: []string{"http://x"}, Password: "secret"}, false},
		{schema.ClientConfig{URLs: []string{"http://x"}, Timeout: -time.Second}, false},
	} {
		if err := tt.cfg.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v: Validate = %v, want ok %v", tt.cfg, err, tt.ok)
		}
		if _, err := schema.NewClient(tt.cfg); (err == nil) != tt.ok {
			t.Errorf("%+v: NewClient = %v, want ok %v", tt.cfg, err, tt.ok)
		}
	}
}
