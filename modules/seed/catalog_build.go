package seed

import (
	"errors"
	"math/rand/v2"

	"github.com/skatestock/skatestock/modules/catalog"
)

// product is one thing a maker sells (a deck graphic in one stain, a shoe
// in one colourway); each shop carrying it has its own listing.
type product struct {
	line     int
	model    int      // product number within the line, see line.modelParts
	sizes    []string // sizes the maker makes it in, a subset of the line's
	gtins    []string // the maker's GTIN per size, "" when it has none
	msrpUSD  int64    // suggested retail price in US cents
	shops    uint64   // bit i set when shop i carries it
	listings []int    // its listings, in creation order
}

// errExhausted means every product line ran out of distinct products before
// Config.Products listings existed; a test keeps the tables big enough.
var errExhausted = errors.New("product lines exhausted")

// builder makes the catalog: products, and listings of them at shops. It
// draws from one PCG source in a fixed order, so the catalog depends only on
// the Config.
type builder struct {
	g          *Generator
	r          *rand.Rand
	used       []int // products taken from each line
	stride     []int // per line: walks product numbers in a scrambled order
	offset     []int
	groupOpen  []int   // per group: products some shop does not carry yet
	groupProds [][]int // per group: its products
	saturated  []bool  // per group: no new product and no free shop left
	brandItem  map[string]int
	shopN      []int   // listings made so far per shop
	wooNext    []int64 // next free WooCommerce post id per shop
	internal   []int   // next in-store barcode number per shop
	handles    []map[string]int
	parts      []string // scratch for model parts
	// noise draws the slips in one listing's title from a stream of the
	// listing's own (noiseSrc, reseeded per listing), so that they change
	// no draw of r: the catalog's products, shops, sizes and prices are the
	// same with or without them.
	noiseSrc *rand.PCG
	noise    *rand.Rand
}

// noiseStream keys the per-listing title-noise streams.
const noiseStream = 0x7171e0015e

func newBuilder(g *Generator) *builder {
	n, s := len(g.lines), len(g.shops)
	b := &builder{
		g:          g,
		r:          rand.New(rand.NewPCG(uint64(g.cfg.RandSeed), 0x5eedca7a1060)),
		used:       make([]int, n),
		stride:     make([]int, n),
		offset:     make([]int, n),
		groupOpen:  make([]int, len(lineGroups)),
		groupProds: make([][]int, len(lineGroups)),
		saturated:  make([]bool, len(lineGroups)),
		brandItem:  make(map[string]int),
		shopN:      make([]int, s),
		wooNext:    make([]int64, s),
		internal:   make([]int, s),
		handles:    make([]map[string]int, s),
		parts:      make([]string, 0, 8),
		noiseSrc:   rand.NewPCG(0, 0),
	}
	b.noise = rand.New(b.noiseSrc)
	for i := range b.handles {
		b.handles[i] = make(map[string]int)
		b.wooNext[i] = int64(1200 + 37*i)
	}
	g.byShop = make([][]int, s)
	return b
}

// build makes listings until there are Config.Products of them.
func (b *builder) build() error {
	g := b.g
	total := g.cfg.Products
	g.listings = make([]catalog.Listing, 0, total)
	g.plans = make([]listingPlan, 0, total)
	for len(g.listings) < total {
		gi, ok := b.pickGroup()
		if !ok {
			return errExhausted
		}
		if li, ok := b.pickLine(gi); ok {
			pi := b.newProduct(li)
			k := b.shopCount(g.lines[li].staple, total-len(g.listings))
			for _, s := range b.pickShops(pi, k) {
				b.addListing(pi, s)
			}
			continue
		}
		// Every product of the category exists: spread one to another shop,
		// as popular products are carried almost everywhere.
		pi, ok := b.pickOpenProduct(gi)
		if !ok {
			b.saturated[gi] = true
			continue
		}
		b.addListing(pi, b.pickShops(pi, 1)[0])
	}
	return nil
}

func (b *builder) pickGroup() (int, bool) {
	sum := 0
	for i, grp := range lineGroups {
		if !b.saturated[i] {
			sum += grp.weight
		}
	}
	if sum == 0 {
		return 0, false
	}
	x := b.r.IntN(sum)
	for i, grp := range lineGroups {
		if b.saturated[i] {
			continue
		}
		if x < grp.weight {
			return i, true
		}
		x -= grp.weight
	}
	return 0, false
}

// pickLine picks a line of group gi with products left, by line weight.
func (b *builder) pickLine(gi int) (int, bool) {
	sum := 0
	for i := range b.g.lines {
		if ln := &b.g.lines[i]; ln.group == gi && b.used[i] < ln.capacity {
			sum += ln.weight
		}
	}
	if sum == 0 {
		return 0, false
	}
	x := b.r.IntN(sum)
	for i := range b.g.lines {
		ln := &b.g.lines[i]
		if ln.group != gi || b.used[i] >= ln.capacity {
			continue
		}
		if x < ln.weight {
			return i, true
		}
		x -= ln.weight
	}
	return 0, false
}

// newProduct takes the next product of line li. Product numbers are walked
// with a stride coprime to the line's capacity, so every product comes up
// once, in an order that differs by seed.
func (b *builder) newProduct(li int) int {
	g, ln := b.g, &b.g.lines[li]
	if b.used[li] == 0 {
		b.offset[li] = b.r.IntN(ln.capacity)
		s := 1 + b.r.IntN(ln.capacity)
		for gcd(s, ln.capacity) != 1 {
			s++
		}
		b.stride[li] = s
	}
	model := (b.offset[li] + b.used[li]*b.stride[li]) % ln.capacity
	b.used[li]++
	p := product{line: li, model: model, sizes: b.productSizes(ln)}
	lo, hi := ln.usd[0], ln.usd[1]
	p.msrpUSD = int64(lo+b.r.IntN(hi-lo+1))*100 - 5 // makers price at .95
	// One product in ten has no barcode registered (small runs, collabs).
	noCode := b.r.IntN(10) == 0
	p.gtins = make([]string, len(p.sizes))
	for i := range p.sizes {
		if noCode {
			continue
		}
		item := b.brandItem[ln.brand.name]
		b.brandItem[ln.brand.name] = item + 1
		p.gtins[i] = makerGTIN(ln.brand.gtinPrefix, item)
	}
	g.products = append(g.products, p)
	pi := len(g.products) - 1
	b.groupProds[ln.group] = append(b.groupProds[ln.group], pi)
	return pi
}

// oneSizeOnly is the size list of one-size products: one variant, no size.
var oneSizeOnly = []string{""}

// deckWidthWeight favours the widths decks are mostly made in.
var deckWidthWeight = map[string]int{"7.75": 2, "7.8": 1, "8.0": 5, "8.06": 1, "8.125": 4, "8.25": 5, "8.38": 4, "8.5": 4}

// productSizes is the sizes a product is made in: a few widths for a deck
// graphic, the whole run for everything else.
func (b *builder) productSizes(ln *line) []string {
	if len(ln.sizes) == 0 {
		return oneSizeOnly
	}
	if ln.kind != deckSize || len(ln.sizes) <= 3 {
		return ln.sizes
	}
	n := 3 + b.r.IntN(3)
	picked := make([]bool, len(ln.sizes))
	for range n {
		sum := 0
		for i, s := range ln.sizes {
			if !picked[i] {
				sum += deckWidthWeight[s]
			}
		}
		x := b.r.IntN(sum)
		for i, s := range ln.sizes {
			if picked[i] {
				continue
			}
			if x < deckWidthWeight[s] {
				picked[i] = true
				break
			}
			x -= deckWidthWeight[s]
		}
	}
	out := make([]string, 0, n)
	for i, s := range ln.sizes {
		if picked[i] {
			out = append(out, s)
		}
	}
	return out
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
