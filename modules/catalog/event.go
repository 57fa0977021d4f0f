package catalog

import (
	"slices"
	"strings"
	"time"
)

// ProductEvent is one variant observation together with what its listing
// and variant say: the record of the product-events topic and the line the
// dry run prints. This struct is the one place its fields are listed; the
// json and avro names are the field names of the product-events Avro
// schema, in schema order, and the schema must follow any change here.
//
// Money is in minor units of Currency (5495 is 54.95 USD). Sizes are zero or
// "" when unknown or not applicable, as in Attributes.
type ProductEvent struct {
	Shop       string    `json:"shop" avro:"shop"`               // shop slug; the topic's key
	ListingID  string    `json:"listing_id" avro:"listing_id"`   // the shop's product id
	VariantID  string    `json:"variant_id" avro:"variant_id"`   // the shop's variant id, unique within the listing
	ObservedAt time.Time `json:"observed_at" avro:"observed_at"` // UTC; RFC 3339 with nanoseconds in JSON

	Title    string   `json:"title" avro:"title"`
	Brand    string   `json:"brand" avro:"brand"`       // canonical brand, "" when unknown
	Category string   `json:"category" avro:"category"` // a Category
	URL      string   `json:"url" avro:"url"`
	ImageURL string   `json:"image_url" avro:"image_url"` // "" when none
	Handle   string   `json:"handle" avro:"handle"`       // "" when the shop has none
	Tags     []string `json:"tags" avro:"tags"`           // as published, [] when none

	SKU          string            `json:"sku" avro:"sku"`
	GTIN         string            `json:"gtin" avro:"gtin"` // valid GTIN-8/12/13/14 or ""
	VariantTitle string            `json:"variant_title" avro:"variant_title"`
	Options      map[string]string `json:"options" avro:"options"` // option name -> value, {} when none

	DeckWidthHundredths int    `json:"deck_width_hundredths" avro:"deck_width_hundredths"`
	WheelDiameterMM     int    `json:"wheel_diameter_mm" avro:"wheel_diameter_mm"`
	WheelDurometer      string `json:"wheel_durometer" avro:"wheel_durometer"`
	TruckSize           string `json:"truck_size" avro:"truck_size"`
	ShoeSizeUS          string `json:"shoe_size_us" avro:"shoe_size_us"`
	ApparelSize         string `json:"apparel_size" avro:"apparel_size"`

	Currency       string `json:"currency" avro:"currency"` // ISO 4217
	PriceMinor     int64  `json:"price_minor" avro:"price_minor"`
	CompareAtMinor *int64 `json:"compare_at_minor" avro:"compare_at_minor"` // null when the shop published none
	Availability   string `json:"availability" avro:"availability"`         // a Availability
	SourceRun      string `json:"source_run" avro:"source_run"`             // the scrape run id
}

// NewProductEvent describes observation o of variant v of listing l. It does
// not check that they belong together; ListingIndex.Event does.
func NewProductEvent(l Listing, v Variant, o PriceObservation) ProductEvent {
	opts := make(map[string]string, len(v.Options))
	for _, opt := range v.Options {
		opts[opt.Name] = opt.Value
	}
	a := v.Attributes
	ev := ProductEvent{
		Shop: o.Variant.ShopSlug, ListingID: o.Variant.ListingExternalID, VariantID: o.Variant.VariantExternalID,
		// Microseconds, as Kafka (timestamp-micros) and the stores keep it,
		// so an event compares equal on every path.
		ObservedAt: o.ObservedAt.UTC().Truncate(time.Microsecond),
		Title:      l.Title, Brand: l.Brand, Category: string(l.Category), URL: l.URL, ImageURL: l.ImageURL,
		Handle: l.Handle, Tags: append([]string{}, l.Tags...),
		SKU: v.SKU, GTIN: v.GTIN, VariantTitle: v.Title, Options: opts,
		DeckWidthHundredths: a.DeckWidthHundredths, WheelDiameterMM: a.WheelDiameterMM,
		WheelDurometer: a.WheelDurometer, TruckSize: a.TruckSize, ShoeSizeUS: a.ShoeSizeUS, ApparelSize: a.ApparelSize,
		Currency: o.Price.Currency, PriceMinor: o.Price.Amount,
		Availability: string(o.Availability), SourceRun: o.SourceRun,
	}
	if !o.CompareAt.IsZero() {
		amount := o.CompareAt.Amount
		ev.CompareAtMinor = &amount
	}
	return ev
}

// Observation is the price observation e carries.
func (e ProductEvent) Observation() PriceObservation {
	o := PriceObservation{
		Variant:      VariantKey{ShopSlug: e.Shop, ListingExternalID: e.ListingID, VariantExternalID: e.VariantID},
		ObservedAt:   e.ObservedAt.UTC(),
		Price:        Money{Amount: e.PriceMinor, Currency: e.Currency},
		Availability: Availability(e.Availability),
		SourceRun:    e.SourceRun,
	}
	if e.CompareAtMinor != nil {
		o.CompareAt = Money{Amount: *e.CompareAtMinor, Currency: e.Currency}
	}
	return o
}

// Listing is the listing e describes, with the one variant it observed.
// Options come back sorted by name: the event carries them as a map.
func (e ProductEvent) Listing() Listing {
	opts := make([]Option, 0, len(e.Options))
	for name, value := range e.Options {
		opts = append(opts, Option{Name: name, Value: value})
	}
	slices.SortFunc(opts, func(a, b Option) int { return strings.Compare(a.Name, b.Name) })
	return Listing{
		ShopSlug: e.Shop, ExternalID: e.ListingID, Title: e.Title, Brand: e.Brand,
		Category: Category(e.Category), URL: e.URL, ImageURL: e.ImageURL,
		Handle: e.Handle, Tags: slices.Clone(e.Tags),
		Variants: []Variant{{
			ExternalID: e.VariantID, SKU: e.SKU, GTIN: e.GTIN, Title: e.VariantTitle, Options: opts,
			Attributes: Attributes{
				DeckWidthHundredths: e.DeckWidthHundredths, WheelDiameterMM: e.WheelDiameterMM,
				WheelDurometer: e.WheelDurometer, TruckSize: e.TruckSize,
				ShoeSizeUS: e.ShoeSizeUS, ApparelSize: e.ApparelSize,
			},
		}},
	}
}
