package shops

import (
	"cmp"
	"hash/fnv"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Listing churn. Real catalogs gain and lose products while they are
// watched, so a hash of shop slug and listing id picks about 3% of each
// shop's listings that are published only at some instant in [Start+1h,
// Start+10d) and another 3% that are taken down at such an instant (their
// pages and API entries answer 404 from then on). The same catalog and
// Start always churn the same listings at the same instants.
const (
	churnAppearPerMille = 30
	churnRemovePerMille = 30
	churnMinDelay       = time.Hour
	churnMaxDelay       = 10 * 24 * time.Hour
)

// Salts that give independent decisions from one listing hash.
const (
	saltChurn uint64 = iota + 1
	saltChurnDelay
	saltPublished
	saltStyle
	saltBadPrice
	saltBadValue
	saltID
)

// entry is one listing as its shop serves it. It is built once and read
// concurrently afterwards, never changed.
type entry struct {
	index     int             // catalog listing index, for Catalog.Observe
	listing   catalog.Listing // URLs moved onto the local shop at Start
	path      string          // product page path on the local shop
	hash      uint64          // stable per shop and listing
	id        int64           // numeric product id for JSON platforms
	variantID []int64         // numeric variant ids, same order as listing.Variants
	published time.Time       // first listed
	appear    time.Time       // zero: listed from the start
	remove    time.Time       // zero: never taken down
}

// listed reports whether the shop shows e at simulated instant t.
func (e *entry) listed(t time.Time) bool {
	return (e.appear.IsZero() || !t.Before(e.appear)) && (e.remove.IsZero() || t.Before(e.remove))
}

// newEntry builds the entry of listing li of shop, with churn anchored at start.
func newEntry(shop catalog.Shop, li int, l catalog.Listing, start time.Time) *entry {
	h := fnv.New64a()
	h.Write([]byte(shop.Slug))
	h.Write([]byte{0})
	h.Write([]byte(l.ExternalID))
	e := &entry{index: li, listing: l, hash: h.Sum64()}
	e.id = numericID(l.ExternalID, mix(e.hash, saltID))
	e.variantID = make([]int64, len(l.Variants))
	for j, v := range l.Variants {
		e.variantID[j] = numericID(v.ExternalID, mix(e.hash, saltID+uint64(j)+1))
	}
	delay := churnMinDelay + time.Duration(mix(e.hash, saltChurnDelay)%uint64((churnMaxDelay-churnMinDelay)/time.Second))*time.Second
	switch p := mix(e.hash, saltChurn) % 1000; {
	case p < churnAppearPerMille:
		e.appear = start.Add(delay)
	case p < churnAppearPerMille+churnRemovePerMille:
		e.remove = start.Add(delay)
	}
	e.published = e.appear
	if e.published.IsZero() {
		// Listed before the simulation began: some time in the two years before.
		ago := 30*24*time.Hour + time.Duration(mix(e.hash, saltPublished)%(700*24*3600))*time.Second
		e.published = start.Add(-ago)
	}
	return e
}

// rebase moves e's URLs from the shop's public base onto the local one and
// sets the page path.
func (e *entry) rebase(from, to string) {
	l := &e.listing
	l.URL = rebaseURL(l.URL, from, to)
	l.ImageURL = rebaseURL(l.ImageURL, from, to)
	e.path = "/products/" + url.PathEscape(l.Handle)
	if u, err := url.Parse(l.URL); err == nil && strings.HasPrefix(l.URL, to) && u.Path != "" {
		e.path = u.Path
	}
}

// rebaseURL replaces the base from at the start of u with to; URLs on
// other hosts (a CDN) are kept.
func rebaseURL(u, from, to string) string {
	from = strings.TrimRight(from, "/")
	rest, ok := strings.CutPrefix(u, from)
	if !ok || (rest != "" && !strings.ContainsRune("/?#", rune(rest[0]))) {
		return u
	}
	return strings.TrimRight(to, "/") + rest
}

// numericID reads an all-digit id, or makes a stable 13-digit one from
// fallback for catalogs whose ids are not numbers: Shopify and WooCommerce
// publish numeric ids only.
func numericID(s string, fallback uint64) int64 {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		return n
	}
	return 1_000_000_000_000 + int64(fallback%9_000_000_000_000)
}

// mix derives an independent 64-bit value from h for salt (SplitMix64).
func mix(h, salt uint64) uint64 {
	z := h + salt*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// shopCatalog is one shop's listings with the indexes its routes need.
// Built once, read concurrently afterwards.
type shopCatalog struct {
	entries     []*entry // catalog order: Shopify's listing order
	newestFirst []*entry // by publication, newest first: WooCommerce's default order
	byPath      map[string]*entry
	byHandle    map[string]*entry
	byID        map[int64]variantRef // product and variation ids
	categories  []catalog.Category   // present in the shop, in catalog order
	churn       []time.Time          // appear and remove instants, ascending
}

// variantRef is a product (variant -1) or one of its variants.
type variantRef struct {
	e       *entry
	variant int
}

func newShopCatalog(entries []*entry) *shopCatalog {
	c := &shopCatalog{
		entries:  entries,
		byPath:   make(map[string]*entry, len(entries)),
		byHandle: make(map[string]*entry, len(entries)),
		byID:     make(map[int64]variantRef, 4*len(entries)),
	}
	seen := map[catalog.Category]bool{}
	for _, e := range entries {
		c.byPath[e.path] = e
		c.byHandle[e.listing.Handle] = e
		c.byID[e.id] = variantRef{e: e, variant: -1}
		for j, id := range e.variantID {
			if _, taken := c.byID[id]; !taken {
				c.byID[id] = variantRef{e: e, variant: j}
			}
		}
		seen[e.listing.Category] = true
		for _, t := range []time.Time{e.appear, e.remove} {
			if !t.IsZero() {
				c.churn = append(c.churn, t)
			}
		}
	}
	for _, cat := range catalog.Categories() {
		if seen[cat] {
			c.categories = append(c.categories, cat)
		}
	}
	slices.SortFunc(c.churn, time.Time.Compare)
	c.newestFirst = slices.Clone(entries)
	slices.SortStableFunc(c.newestFirst, func(a, b *entry) int {
		return cmp.Or(b.published.Compare(a.published), cmp.Compare(b.id, a.id))
	})
	return c
}

// listed returns the entries of order that the shop shows at t, filtered by
// keep when it is not nil.
func listed(order []*entry, t time.Time, keep func(*entry) bool) []*entry {
	out := make([]*entry, 0, len(order))
	for _, e := range order {
		if e.listed(t) && (keep == nil || keep(e)) {
			out = append(out, e)
		}
	}
	return out
}

// lastChurn is the latest instant at or before t when a listing appeared or
// was taken down, zero when none has yet.
func (c *shopCatalog) lastChurn(t time.Time) time.Time {
	i, _ := slices.BinarySearchFunc(c.churn, t, func(a, b time.Time) int {
		if a.After(b) {
			return 1
		}
		return -1
	})
	if i == 0 {
		return time.Time{}
	}
	return c.churn[i-1]
}
