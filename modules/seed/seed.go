// Package seed generates a realistic, deterministic skate-shop catalog and its
// price history: fictional shops on Shopify, WooCommerce and JSON-LD selling
// real brands' product lines in their own currencies, titled the way each
// shop titles things (with the abbreviations, brand spellings, typos and
// noise words people type), with sales, flash sales (some as deep as price
// errors look), clearances, price errors, fake sales, weekly deals and
// stock-outs planted in the history. Everything planted is labelled in Truth,
// with the look-alike products a matcher must keep apart, so that detectors
// and matchers can be scored against it.
//
// The same Config always gives byte-identical shops, listings, observations
// and truth: randomness comes from PCG sources seeded from Config.RandSeed,
// prices are integer minor units, and nothing depends on map order or on the
// machine. Shops and listings depend only on Shops, Products and RandSeed, so
// a simulator and a seeded database built with different End or Days agree
// on every identifier. It is used by `skatestock seed`, the demo, tests and benchmarks,
// the local shop simulator (through Observe, which prices any variant at any
// instant without replaying history) and analytics evaluation (through Truth).
package seed

import (
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Generator holds one generated catalog and the plan of its price history.
// It is built once by New and never changes afterwards, so every method is
// safe for concurrent use.
type Generator struct {
	cfg      Config
	clock    slotClock
	shops    []shopState
	lines    []line
	products []product
	listings []catalog.Listing
	plans    []listingPlan // one per listing
	variants []variantPlan // one per variant, listing by listing
	byShop   [][]int       // listing indexes of each shop, in listing order
	traits   []titleTraits // one per listing: how its title differs from the maker's name
}

// New generates the catalog and plans its history. It returns an error
// wrapping catalog.ErrInvalid when cfg is out of range.
func New(cfg Config) (*Generator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	g := &Generator{cfg: cfg, clock: newSlotClock(cfg.end(), cfg.Days, cfg.PerDay, cfg.Shops)}
	g.shops = newShops(cfg.Shops)
	g.lines = resolveLines()
	b := newBuilder(g)
	if err := b.build(); err != nil {
		return nil, fmt.Errorf("generate catalog: %w", err)
	}
	g.planHistory()
	return g, nil
}

// Config returns the configuration the generator was built with.
func (g *Generator) Config() Config { return g.cfg }

// Window returns the span of the generated history: its first and last
// observation (the last is End) and the observations of each variant in it.
func (g *Generator) Window() Window {
	return Window{
		From: g.clock.at(0, 0), To: g.clock.at(len(g.shops)-1, g.clock.slots-1),
		Slots: g.clock.slots, PerDay: g.clock.perDay,
	}
}

// Shops returns every shop, in the stable order of the built-in shop table.
// The slice is a fresh copy.
func (g *Generator) Shops() []catalog.Shop {
	out := make([]catalog.Shop, len(g.shops))
	for i := range g.shops {
		out[i] = g.shops[i].shop
	}
	return out
}

// NumListings is the number of listings, Config.Products.
func (g *Generator) NumListings() int { return len(g.listings) }

// Listings returns every listing with its variants, in generation order
// (indexes match Listing, Observe and the indexes in Truth). The result is a
// deep copy the caller may change.
func (g *Generator) Listings() []catalog.Listing {
	out := make([]catalog.Listing, len(g.listings))
	for i := range g.listings {
		out[i] = cloneListing(g.listings[i])
	}
	return out
}

// Listing returns a deep copy of listing i; it panics when i is out of
// range, as indexing does.
func (g *Generator) Listing(i int) catalog.Listing { return cloneListing(g.listings[i]) }

// ShopListings returns the indexes of the listings of shop i (in Shops
// order), ascending; the slice is a fresh copy.
func (g *Generator) ShopListings(i int) []int { return append([]int(nil), g.byShop[i]...) }

func cloneListing(l catalog.Listing) catalog.Listing {
	l.Tags = append([]string(nil), l.Tags...)
	vs := make([]catalog.Variant, len(l.Variants))
	for i, v := range l.Variants {
		v.Options = append([]catalog.Option(nil), v.Options...)
		vs[i] = v
	}
	l.Variants = vs
	return l
}
