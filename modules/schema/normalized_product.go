package schema

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// NormalizedProduct is a normalized listing with every variant and its
// current price and stock: the record of the compacted normalized-products
// topic, keyed by listing, so the latest record per key is the listing's
// state. It is a wire view of catalog.Product: the listing and each
// variant's current state; the domain stays in catalog.
type NormalizedProduct struct {
	Shop      string              `json:"shop" avro:"shop"`
	ListingID string              `json:"listing_id" avro:"listing_id"`
	Handle    string              `json:"handle" avro:"handle"`
	Title     string              `json:"title" avro:"title"`
	Brand     string              `json:"brand" avro:"brand"`
	Category  string              `json:"category" avro:"category"` // a catalog.Category
	URL       string              `json:"url" avro:"url"`
	ImageURL  string              `json:"image_url" avro:"image_url"`
	Tags      []string            `json:"tags" avro:"tags"`
	Variants  []NormalizedVariant `json:"variants" avro:"variants"`
	UpdatedAt time.Time           `json:"updated_at" avro:"updated_at"` // latest Current.ObservedAt; zero when none
}

// NormalizedVariant is one variant of a NormalizedProduct.
type NormalizedVariant struct {
	VariantID           string          `json:"variant_id" avro:"variant_id"`
	SKU                 string          `json:"sku" avro:"sku"`
	GTIN                string          `json:"gtin" avro:"gtin"`
	Title               string          `json:"title" avro:"title"`
	Options             []VariantOption `json:"options" avro:"options"` // in the shop's order
	DeckWidthHundredths int             `json:"deck_width_hundredths" avro:"deck_width_hundredths"`
	WheelDiameterMM     int             `json:"wheel_diameter_mm" avro:"wheel_diameter_mm"`
	WheelDurometer      string          `json:"wheel_durometer" avro:"wheel_durometer"`
	TruckSize           string          `json:"truck_size" avro:"truck_size"`
	ShoeSizeUS          string          `json:"shoe_size_us" avro:"shoe_size_us"`
	ApparelSize         string          `json:"apparel_size" avro:"apparel_size"`
	Current             *PriceState     `json:"current" avro:"current"` // nil until observed
}

// VariantOption is one raw option of a variant ("Size" = "8.25").
type VariantOption struct {
	Name  string `json:"name" avro:"name"`
	Value string `json:"value" avro:"value"`
}

// FromProduct describes p: its listing fields and its variants in p's
// order, each with its current state, nil for a variant never observed.
// A current state's ObservedAt is the variant's LastSeen, the latest
// observation of the state in force, and UpdatedAt the latest of those, so
// the same state always gives the same record. ID, the aggregates and the
// offers of p are not part of the record.
func FromProduct(p catalog.Product) NormalizedProduct {
	np := NormalizedProduct{
		Shop: p.ShopSlug, ListingID: p.ExternalID, Handle: p.Handle, Title: p.Title, Brand: p.Brand,
		Category: string(p.Category), URL: p.URL, ImageURL: p.ImageURL,
		Tags:     append([]string{}, p.Tags...),
		Variants: make([]NormalizedVariant, 0, len(p.Variants)),
	}
	for _, st := range p.Variants {
		v := st.Variant
		opts := make([]VariantOption, 0, len(v.Options))
		for _, o := range v.Options {
			opts = append(opts, VariantOption(o))
		}
		a := v.Attributes
		nv := NormalizedVariant{
			VariantID: v.ExternalID, SKU: v.SKU, GTIN: v.GTIN, Title: v.Title, Options: opts,
			DeckWidthHundredths: a.DeckWidthHundredths, WheelDiameterMM: a.WheelDiameterMM,
			WheelDurometer: a.WheelDurometer, TruckSize: a.TruckSize, ShoeSizeUS: a.ShoeSizeUS, ApparelSize: a.ApparelSize,
		}
		if st.Observed {
			cur := PriceState{
				ObservedAt: st.LastSeen.UTC(), Currency: st.Price.Currency, PriceMinor: st.Price.Amount,
				Availability: string(st.Availability), DiscountBP: st.DiscountBP,
			}
			if !st.CompareAt.IsZero() {
				amount := st.CompareAt.Amount
				cur.CompareAtMinor = &amount
			}
			nv.Current = &cur
			if cur.ObservedAt.After(np.UpdatedAt) {
				np.UpdatedAt = cur.ObservedAt
			}
		}
		np.Variants = append(np.Variants, nv)
	}
	return np
}

// FromListing describes listing l with, for each variant, the latest of obs
// that names it as its current state; observations of other variants or
// listings are ignored, and a variant nobody observed has a nil Current.
// It is FromProduct for callers that hold observations rather than the
// stored state: the record is only the listing's state when obs holds
// every variant's latest observation.
func FromListing(l catalog.Listing, obs []catalog.PriceObservation) NormalizedProduct {
	latest := make(map[string]catalog.PriceObservation, len(l.Variants))
	for _, o := range obs {
		k := o.Variant
		if k.ShopSlug != l.ShopSlug || k.ListingExternalID != l.ExternalID {
			continue
		}
		if prev, ok := latest[k.VariantExternalID]; !ok || o.ObservedAt.After(prev.ObservedAt) {
			latest[k.VariantExternalID] = o
		}
	}
	p := catalog.Product{
		ProductSummary: catalog.ProductSummary{
			ShopSlug: l.ShopSlug, ExternalID: l.ExternalID, Handle: l.Handle, Title: l.Title, Brand: l.Brand,
			Category: l.Category, URL: l.URL, ImageURL: l.ImageURL,
		},
		Tags:     l.Tags,
		Variants: make([]catalog.VariantState, 0, len(l.Variants)),
	}
	for _, v := range l.Variants {
		st := catalog.VariantState{Variant: v}
		if o, ok := latest[v.ExternalID]; ok {
			st.Observed, st.Price, st.CompareAt, st.Availability = true, o.Price, o.CompareAt, o.Availability
			st.DiscountBP = o.DiscountBasisPoints()
			st.PriceSince, st.LastSeen = o.ObservedAt, o.ObservedAt
		}
		p.Variants = append(p.Variants, st)
	}
	return FromProduct(p)
}

// Listing is the catalog listing p describes.
func (p NormalizedProduct) Listing() catalog.Listing {
	l := catalog.Listing{
		ShopSlug: p.Shop, ExternalID: p.ListingID, Handle: p.Handle, Title: p.Title, Brand: p.Brand,
		Category: catalog.Category(p.Category), URL: p.URL, ImageURL: p.ImageURL,
		Tags:     append([]string{}, p.Tags...),
		Variants: make([]catalog.Variant, 0, len(p.Variants)),
	}
	for _, v := range p.Variants {
		opts := make([]catalog.Option, 0, len(v.Options))
		for _, o := range v.Options {
			opts = append(opts, catalog.Option(o))
		}
		l.Variants = append(l.Variants, catalog.Variant{
			ExternalID: v.VariantID, SKU: v.SKU, GTIN: v.GTIN, Title: v.Title, Options: opts,
			Attributes: catalog.Attributes{
				DeckWidthHundredths: v.DeckWidthHundredths, WheelDiameterMM: v.WheelDiameterMM,
				WheelDurometer: v.WheelDurometer, TruckSize: v.TruckSize,
				ShoeSizeUS: v.ShoeSizeUS, ApparelSize: v.ApparelSize,
			},
		})
	}
	return l
}

// Observations are the current observations of p's observed variants, in
// variant order. The record does not carry source runs; they are empty.
func (p NormalizedProduct) Observations() []catalog.PriceObservation {
	out := make([]catalog.PriceObservation, 0, len(p.Variants))
	for _, v := range p.Variants {
		if v.Current == nil {
			continue
		}
		k := catalog.VariantKey{ShopSlug: p.Shop, ListingExternalID: p.ListingID, VariantExternalID: v.VariantID}
		out = append(out, v.Current.Observation(k, ""))
	}
	return out
}
