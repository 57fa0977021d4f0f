package schema

import "github.com/skatestock/skatestock/modules/catalog"

// PriceUpdate is a change of price, compare-at price or availability of one
// variant, or its first sighting: the record of the price-updates topic,
// keyed by listing. Previous is nil on a first sighting; Current.ObservedAt is
// when the change was seen.
type PriceUpdate struct {
	Shop      string      `json:"shop" avro:"shop"`
	ListingID string      `json:"listing_id" avro:"listing_id"`
	VariantID string      `json:"variant_id" avro:"variant_id"`
	Current   PriceState  `json:"current" avro:"current"`
	Previous  *PriceState `json:"previous" avro:"previous"`
	SourceRun string      `json:"source_run" avro:"source_run"` // the scrape run of Current
}

// NewPriceUpdate describes the move of cur's variant from prev to cur; prev
// is nil on the variant's first sighting. It does not check that the two
// observations differ or belong to one variant: deciding what is a change
// point (catalog.PriceObservation.SameState) is the caller's business.
func NewPriceUpdate(prev *catalog.PriceObservation, cur catalog.PriceObservation) PriceUpdate {
	u := PriceUpdate{
		Shop:      cur.Variant.ShopSlug,
		ListingID: cur.Variant.ListingExternalID,
		VariantID: cur.Variant.VariantExternalID,
		Current:   NewPriceState(cur),
		SourceRun: cur.SourceRun,
	}
	if prev != nil {
		p := NewPriceState(*prev)
		u.Previous = &p
	}
	return u
}

// Variant names the variant u is about.
func (u PriceUpdate) Variant() catalog.VariantKey {
	return catalog.VariantKey{ShopSlug: u.Shop, ListingExternalID: u.ListingID, VariantExternalID: u.VariantID}
}

// Observation is the current observation u carries.
func (u PriceUpdate) Observation() catalog.PriceObservation {
	return u.Current.Observation(u.Variant(), u.SourceRun)
}

// PreviousObservation is the observation before the change, and false on a
// first sighting. Its source run is unknown and left empty.
func (u PriceUpdate) PreviousObservation() (catalog.PriceObservation, bool) {
	if u.Previous == nil {
		return catalog.PriceObservation{}, false
	}
	return u.Previous.Observation(u.Variant(), ""), true
}
