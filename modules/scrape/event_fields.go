package scrape

import (
	"fmt"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// ProductEvent is one variant observation together with what its listing
// and variant say: the record of the product-events topic and the line the
// dry run prints. This struct is the one place its fields are listed; the
// JSON names are the field names of the product-events Avro schema, in
// schema order, and the schema must follow any change here.
//
// Money is in minor units of Currency (5495 is 54.95 USD). Sizes are zero or
// "" when unknown or not applicable, as in catalog.Attributes.
type ProductEvent struct {
	Shop       string    `json:"shop"`        // shop slug; the topic's key
	ListingID  string    `json:"listing_id"`  // the shop's product id
	VariantID  string    `json:"variant_id"`  // the shop's variant id, unique within the listing
	ObservedAt time.Time `json:"observed_at"` // UTC; RFC 3339 with nanoseconds in JSON

	Title    string `json:"title"`
	Brand    string `json:"brand"`    // canonical brand, "" when unknown
	Category string `json:"category"` // a catalog.Category
	URL      string `json:"url"`
	ImageURL string `json:"image_url"` // "" when none

	SKU          string            `json:"sku"`
	GTIN         string            `json:"gtin"` // valid GTIN-8/12/13/14 or ""
	VariantTitle string            `json:"variant_title"`
	Options      map[string]string `json:"options"` // option name -> value, {} when none

	DeckWidthHundredths int    `json:"deck_width_hundredths"`
	WheelDiameterMM     int    `json:"wheel_diameter_mm"`
	WheelDurometer      string `json:"wheel_durometer"`
	TruckSize           string `json:"truck_size"`
	ShoeSizeUS          string `json:"shoe_size_us"`
	ApparelSize         string `json:"apparel_size"`

	Currency       string `json:"currency"` // ISO 4217
	PriceMinor     int64  `json:"price_minor"`
	CompareAtMinor *int64 `json:"compare_at_minor"` // null when the shop published none
	Availability   string `json:"availability"`     // a catalog.Availability
	SourceRun      string `json:"source_run"`       // the scrape run id
}

// NewProductEvent describes observation o of variant v of listing l. It does
// not check that they belong together; ListingIndex.Event does.
func NewProductEvent(l catalog.Listing, v catalog.Variant, o catalog.PriceObservation) ProductEvent {
	opts := make(map[string]string, len(v.Options))
	for _, opt := range v.Options {
		opts[opt.Name] = opt.Value
	}
	a := v.Attributes
	ev := ProductEvent{
		Shop: o.Variant.ShopSlug, ListingID: o.Variant.ListingExternalID, VariantID: o.Variant.VariantExternalID,
		ObservedAt: o.ObservedAt.UTC(),
		Title:      l.Title, Brand: l.Brand, Category: string(l.Category), URL: l.URL, ImageURL: l.ImageURL,
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

// ListingIndex finds the listing and variant an observation is about. Build
// it with IndexListings; it is read-only and safe for concurrent use.
type ListingIndex struct {
	listings map[[2]string]*catalog.Listing // (shop, external id)
}

// IndexListings indexes listings by shop and external id; a later listing
// with the same key replaces an earlier one. The listings are not copied.
func IndexListings(listings []catalog.Listing) ListingIndex {
	x := ListingIndex{listings: make(map[[2]string]*catalog.Listing, len(listings))}
	for i := range listings {
		l := &listings[i]
		x.listings[[2]string{l.ShopSlug, l.ExternalID}] = l
	}
	return x
}

// Lookup returns the listing and variant k names.
func (x ListingIndex) Lookup(k catalog.VariantKey) (catalog.Listing, catalog.Variant, bool) {
	l, ok := x.listings[[2]string{k.ShopSlug, k.ListingExternalID}]
	if !ok {
		return catalog.Listing{}, catalog.Variant{}, false
	}
	for _, v := range l.Variants {
		if v.ExternalID == k.VariantExternalID {
			return *l, v, true
		}
	}
	return catalog.Listing{}, catalog.Variant{}, false
}

// Event describes o with its listing and variant, or fails wrapping
// catalog.ErrNotFound when the index does not hold them.
func (x ListingIndex) Event(o catalog.PriceObservation) (ProductEvent, error) {
	l, v, ok := x.Lookup(o.Variant)
	if !ok {
		return ProductEvent{}, fmt.Errorf("describe observation of %s: listing or variant %w", o.Variant, catalog.ErrNotFound)
	}
	return NewProductEvent(l, v, o), nil
}
