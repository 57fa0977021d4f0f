package schema

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// PriceState is what one observation saw for a variant: price, compare-at and
// availability at a moment. It is the com.skatestock.v1.PriceState record,
// shared by NormalizedProduct (a variant's current state) and PriceUpdate
// (current and previous state). Amounts are minor units of Currency.
type PriceState struct {
	ObservedAt     time.Time `json:"observed_at" avro:"observed_at"` // UTC; the wire keeps microseconds
	Currency       string    `json:"currency" avro:"currency"`       // ISO 4217
	PriceMinor     int64     `json:"price_minor" avro:"price_minor"`
	CompareAtMinor *int64    `json:"compare_at_minor" avro:"compare_at_minor"` // nil when the shop published none
	Availability   string    `json:"availability" avro:"availability"`         // a catalog.Availability
	DiscountBP     int       `json:"discount_bp" avro:"discount_bp"`           // off compare-at, 0 when not on sale
}

// NewPriceState describes o. The compare-at amount is kept only when o has
// one; its currency is o's price currency, which catalog validation demands.
func NewPriceState(o catalog.PriceObservation) PriceState {
	s := PriceState{
		ObservedAt:   o.ObservedAt.UTC(),
		Currency:     o.Price.Currency,
		PriceMinor:   o.Price.Amount,
		Availability: string(o.Availability),
		DiscountBP:   o.DiscountBasisPoints(),
	}
	if !o.CompareAt.IsZero() {
		amount := o.CompareAt.Amount
		s.CompareAtMinor = &amount
	}
	return s
}

// Observation is the price observation of variant k that s describes, as
// produced by scrape run sourceRun.
func (s PriceState) Observation(k catalog.VariantKey, sourceRun string) catalog.PriceObservation {
	o := catalog.PriceObservation{
		Variant:      k,
		ObservedAt:   s.ObservedAt.UTC(),
		Price:        catalog.Money{Amount: s.PriceMinor, Currency: s.Currency},
		Availability: catalog.Availability(s.Availability),
		SourceRun:    sourceRun,
	}
	if s.CompareAtMinor != nil {
		o.CompareAt = catalog.Money{Amount: *s.CompareAtMinor, Currency: s.Currency}
	}
	return o
}
