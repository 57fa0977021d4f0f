package shops

import (
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// maxHistoryWalk bounds how many earlier states one request inspects to
// date a listing's last change, so that the first request long after Start
// stays fast; past it, the oldest state inspected dates the listing.
const maxHistoryWalk = 1000

// listingState is what one listing shows at one simulated instant.
type listingState struct {
	obs     []catalog.PriceObservation // one per variant, in listing order
	updated time.Time                  // when any of them last changed (updated_at, lastmod, Last-Modified)
}

// changeTracker dates listings' last changes. Real shops stamp a product
// with updated_at when its price or stock changes, and crawlers rely on it
// (sitemap lastmod, Last-Modified), so the simulator finds the latest slot
// whose state differs from the one before by stepping back through
// Catalog.Observe. Changes before Start are not dated: a listing unchanged
// since then shows its publication time. Results are remembered per
// listing, so each request only walks the slots that passed since the
// listing was last served. Safe for concurrent use.
type changeTracker struct {
	cat   Catalog
	floor time.Time // simulated Start

	mu   sync.Mutex
	seen map[int]dated // by catalog listing index
}

type dated struct{ slot, changed time.Time }

func newChangeTracker(cat Catalog, floor time.Time) *changeTracker {
	return &changeTracker{cat: cat, floor: floor, seen: make(map[int]dated)}
}

// state observes every variant of e at t and dates the last change.
func (c *changeTracker) state(e *entry, t time.Time) listingState {
	obs := c.observe(e, t)
	return listingState{obs: obs, updated: c.updated(e, obs)}
}

func (c *changeTracker) observe(e *entry, t time.Time) []catalog.PriceObservation {
	obs := make([]catalog.PriceObservation, len(e.listing.Variants))
	for v := range obs {
		obs[v] = c.cat.Observe(e.index, v, t)
	}
	return obs
}

// updated dates the state obs of e, which is in force since obs[0].ObservedAt.
func (c *changeTracker) updated(e *entry, obs []catalog.PriceObservation) time.Time {
	if len(obs) == 0 || obs[0].ObservedAt.IsZero() {
		return e.published
	}
	slot := obs[0].ObservedAt
	c.mu.Lock()
	prev, known := c.seen[e.index]
	c.mu.Unlock()
	if known && prev.slot.Equal(slot) {
		return prev.changed
	}
	known = known && prev.slot.Before(slot) // a clock moved backwards starts afresh
	cur, at, changed := obs, slot, time.Time{}
	for step := 0; changed.IsZero(); step++ {
		switch {
		case known && !at.After(prev.slot):
			changed = prev.changed // reached what the last request dated
		case !at.After(c.floor):
			changed = e.published // unchanged since Start
		case step == maxHistoryWalk:
			changed = at
		default:
			before := c.observe(e, at.Add(-time.Nanosecond))
			switch {
			case !sameStates(before, cur):
				changed = at
			case !before[0].ObservedAt.Before(at):
				changed = e.published // the catalog has no earlier state
			default:
				cur, at = before, before[0].ObservedAt
			}
		}
	}
	changed = maxTime(changed, e.published)
	c.mu.Lock()
	if p, ok := c.seen[e.index]; !ok || p.slot.Before(slot) {
		c.seen[e.index] = dated{slot: slot, changed: changed}
	}
	c.mu.Unlock()
	return changed
}

func sameStates(a, b []catalog.PriceObservation) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].SameState(b[i]) {
			return false
		}
	}
	return true
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
