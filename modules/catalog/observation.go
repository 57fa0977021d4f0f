package catalog

import "time"

// Availability is whether a variant can be bought, as the shop says.
type Availability string

// The availabilities shops publish. Platforms with only a boolean map to
// InStock and OutOfStock.
const (
	InStock    Availability = "in_stock"
	OutOfStock Availability = "out_of_stock"
	PreOrder   Availability = "preorder"
	BackOrder  Availability = "backorder"
)

// Availabilities lists every availability in a stable order.
func Availabilities() []Availability {
	return []Availability{InStock, OutOfStock, PreOrder, BackOrder}
}

// Validate reports whether a is a known availability.
func (a Availability) Validate() error {
	for _, known := range Availabilities() {
		if a == known {
			return nil
		}
	}
	return invalid("availability", "%q is not one of in_stock, out_of_stock, preorder, backorder", string(a))
}

// Purchasable reports whether an order can be placed now (pre- and back-orders
// can be, for later delivery).
func (a Availability) Purchasable() bool { return a != OutOfStock }

// VariantKey names a variant by the identifiers shops publish.
type VariantKey struct {
	ShopSlug          string
	ListingExternalID string
	VariantExternalID string
}

// String formats k as shop/listing/variant for logs and errors.
func (k VariantKey) String() string {
	return k.ShopSlug + "/" + k.ListingExternalID + "/" + k.VariantExternalID
}

// PriceObservation is what one scrape saw for one variant at one moment.
type PriceObservation struct {
	Variant      VariantKey
	ObservedAt   time.Time // when the page was read; stores keep it as UTC
	Price        Money     // what a customer pays now
	CompareAt    Money     // compare-at / MSRP as published; zero value when none
	Availability Availability
	SourceRun    string // id of the scrape run (or seed) that produced it
}

// InStock reports whether the variant could be bought at observation time.
func (o PriceObservation) InStock() bool { return o.Availability.Purchasable() }

// OnSale reports a real sale: a compare-at price strictly above the price.
func (o PriceObservation) OnSale() bool { return DiscountBasisPoints(o.Price, o.CompareAt) > 0 }

// DiscountBasisPoints is the discount off compare-at in basis points, 0 when
// not on sale.
func (o PriceObservation) DiscountBasisPoints() int {
	return DiscountBasisPoints(o.Price, o.CompareAt)
}

// SameState reports whether o and p saw the same price, compare-at and
// availability: the test for whether a new observation is a change point.
func (o PriceObservation) SameState(p PriceObservation) bool {
	return o.Price == p.Price && o.CompareAt == p.CompareAt && o.Availability == p.Availability
}

// Validate checks every field of o, naming the first wrong one.
func (o PriceObservation) Validate() error {
	k := o.Variant
	if !ValidSlug(k.ShopSlug) {
		return invalid("observation.shop", "%q is not a shop slug", k.ShopSlug)
	}
	if err := checkText("observation.listing_id", k.ListingExternalID, 255, true); err != nil {
		return err
	}
	if err := checkText("observation.variant_id", k.VariantExternalID, 255, true); err != nil {
		return err
	}
	if o.ObservedAt.IsZero() {
		return invalid("observation.observed_at", "is missing (variant %s)", k)
	}
	if err := o.Price.Validate(); err != nil {
		return invalid("observation.price", "%v (variant %s)", err, k)
	}
	if !o.CompareAt.IsZero() {
		if err := o.CompareAt.Validate(); err != nil {
			return invalid("observation.compare_at", "%v (variant %s)", err, k)
		}
		if o.CompareAt.Currency != o.Price.Currency {
			return invalid("observation.compare_at", "currency %s differs from price currency %s (variant %s)", o.CompareAt.Currency, o.Price.Currency, k)
		}
	}
	if err := o.Availability.Validate(); err != nil {
		return err
	}
	return checkText("observation.source_run", o.SourceRun, 100, false)
}
