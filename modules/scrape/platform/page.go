package platform

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Page is what one fetched document yields. Listings and Observations are in
// document order and every one of them validates; Problems lists what was
// skipped or dropped, and why. A listing may come without observations (its
// prices could not be read honestly) and, for WooCommerce variation
// documents, observations may come without their listing.
type Page struct {
	Listings     []catalog.Listing
	Observations []catalog.PriceObservation // at most one per variant; ObservedAt and SourceRun as passed in
	Problems     []Problem
}

// Problem is one item of a document that was skipped, or one value of an
// item that was dropped while the rest of the item came through.
type Problem struct {
	ItemID string // what it is about: "7001" (listing), "7001/41" (variant), "ld+json block 2"
	Kind   string // one of the Kind constants
	Err    error  // the reason; wraps catalog.ErrInvalid
}

// The kinds of Problem.
const (
	KindBadItem         = "bad_item"         // the item is not the expected JSON shape; skipped
	KindMissingField    = "missing_field"    // a required field is absent; the item or value is skipped
	KindBadPrice        = "bad_price"        // a price is not an exact amount; no observation (or no compare-at)
	KindBadCurrency     = "bad_currency"     // the currency is not ISO 4217 or its minor units do not fit
	KindBadAvailability = "bad_availability" // the stock status is unknown; no observation
	KindBadGTIN         = "bad_gtin"         // the GTIN fails its check digit; dropped, the variant kept
	KindPriceRange      = "price_range"      // only a price range is published; no per-variant observation
	KindBadBlock        = "bad_block"        // a JSON-LD block is not JSON; skipped
	KindDuplicate       = "duplicate"        // the same variant twice with different states; the first kept
	KindInvalid         = "invalid"          // the parsed value failed catalog validation; skipped
	KindUnsupported     = "unsupported"      // a product type that carries no price of its own
)

// Error formats p for logs: "bad_price 7001/41: invalid money: ...".
func (p Problem) Error() string {
	return p.Kind + " " + p.ItemID + ": " + p.Err.Error()
}

// Unwrap returns the reason, so errors.Is(p, catalog.ErrInvalid) holds.
func (p Problem) Unwrap() error { return p.Err }

// invalidf builds an error that wraps catalog.ErrInvalid.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", catalog.ErrInvalid, fmt.Sprintf(format, args...))
}

// asInvalid makes sure err wraps catalog.ErrInvalid.
func asInvalid(err error) error {
	if errors.Is(err, catalog.ErrInvalid) {
		return err
	}
	return fmt.Errorf("%w: %w", catalog.ErrInvalid, err)
}

// checkRun validates what every parser is given besides the body. A bad shop,
// time or run id is the caller's mistake, so it fails the whole document.
func checkRun(shop catalog.Shop, at time.Time, run string) error {
	if err := shop.Validate(); err != nil {
		return err
	}
	if at.IsZero() {
		return invalidf("observation time is zero")
	}
	if !utf8.ValidString(run) || utf8.RuneCountInString(run) > 100 || strings.ContainsRune(run, 0) {
		return invalidf("source run %q must be valid UTF-8 of at most 100 characters", run)
	}
	return nil
}

// pageBuilder collects a Page, validating everything that goes in and
// merging listings and observations that a document repeats.
type pageBuilder struct {
	page     Page
	shop     catalog.Shop
	at       time.Time
	run      string
	listings map[string]int             // listing external id -> index in page.Listings
	observed map[catalog.VariantKey]int // -> index in page.Observations
}

func newPageBuilder(shop catalog.Shop, at time.Time, run string) *pageBuilder {
	return &pageBuilder{
		shop: shop, at: at.UTC(), run: run,
		listings: make(map[string]int),
		observed: make(map[catalog.VariantKey]int),
	}
}

// problem records a Problem; err is wrapped so that it wraps ErrInvalid.
func (b *pageBuilder) problem(itemID, kind string, err error) {
	b.page.Problems = append(b.page.Problems, Problem{ItemID: itemID, Kind: kind, Err: asInvalid(err)})
}

// observation builds an observation of one variant at the page's time.
func (b *pageBuilder) observation(listingID, variantID string, price, compareAt catalog.Money, avail catalog.Availability) catalog.PriceObservation {
	return catalog.PriceObservation{
		Variant:      catalog.VariantKey{ShopSlug: b.shop.Slug, ListingExternalID: listingID, VariantExternalID: variantID},
		ObservedAt:   b.at,
		Price:        price,
		CompareAt:    compareAt,
		Availability: avail,
		SourceRun:    b.run,
	}
}

// addListing adds l and its observations, or a KindInvalid problem when l does
// not validate (its observations are dropped with it). A listing the page
// already holds gains the variants it lacked: duplicate markup of one product
// makes one listing.
func (b *pageBuilder) addListing(l catalog.Listing, obs []catalog.PriceObservation) {
	if err := l.Validate(); err != nil {
		b.problem(l.ExternalID, KindInvalid, fmt.Errorf("listing: %w", err))
		return
	}
	if i, ok := b.listings[l.ExternalID]; ok {
		have := &b.page.Listings[i]
		ids := make(map[string]bool, len(have.Variants))
		for _, v := range have.Variants {
			ids[v.ExternalID] = true
		}
		for _, v := range l.Variants {
			if !ids[v.ExternalID] {
				have.Variants = append(have.Variants, v)
				ids[v.ExternalID] = true
			}
		}
	} else {
		b.listings[l.ExternalID] = len(b.page.Listings)
		b.page.Listings = append(b.page.Listings, l)
	}
	for _, o := range obs {
		b.addObservation(o)
	}
}

// addObservation adds o unless it fails validation or repeats a variant
// already observed. A repeat with the same state is duplicate markup and is
// dropped silently; a repeat with another state is a KindDuplicate problem,
// because one page cannot say two prices for one variant at one moment.
func (b *pageBuilder) addObservation(o catalog.PriceObservation) {
	id := o.Variant.ListingExternalID + "/" + o.Variant.VariantExternalID
	if err := o.Validate(); err != nil {
		b.problem(id, KindInvalid, fmt.Errorf("observation: %w", err))
		return
	}
	if i, ok := b.observed[o.Variant]; ok {
		if !b.page.Observations[i].SameState(o) {
			b.problem(id, KindDuplicate, invalidf("published twice as %s %s and %s %s; kept the first",
				b.page.Observations[i].Price, b.page.Observations[i].Availability, o.Price, o.Availability))
		}
		return
	}
	b.observed[o.Variant] = len(b.page.Observations)
	b.page.Observations = append(b.page.Observations, o)
}
