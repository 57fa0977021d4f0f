package gormstore

import (
	"cmp"
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// This file folds observations into a variant's change points. It is plain
// Go with no database in sight so that the rules are table-tested on their
// own; observations.go calls fold between reading the points
// (observations_load.go) and writing the result (writes.go).
//
// The rules, for an observation of state S at time T:
//   - an instant already witnessed (a point's start or last-seen time, or an
//     earlier observation of the batch) with S again is a repeat, with another
//     state a conflict that is dropped: what was recorded first stays;
//   - T inside a point of state S adds nothing; after the end of a point of
//     state S it extends that point's last-seen time;
//   - T in a gap just before a point of state S moves that point's start back
//     to T (a late observation of the same run);
//   - T inside a point of another state splits it at T into the part
//     witnessed before T, a new point for S at T, and the part witnessed
//     after T;
//   - otherwise T starts a new point.
//
// A batch is folded in time order, so it gives the same points in whatever
// order its observations arrive. Across batches only the start and the
// last-seen time of a stored point are known, which is all that a late
// observation splitting an old point can be based on; TestFoldArrivalOrders
// states what that means for batches arriving out of order.

// state is what a change point records. Equal states are the same point.
type state struct {
	Price        catalog.Money
	CompareAt    catalog.Money // zero value when none was published
	Availability catalog.Availability
}

// sample is one observation as fold needs it.
type sample struct {
	At    time.Time
	State state
	Run   string
	Index int // position of the observation in its batch

	// unchanged is set by fold when the sample repeats or extends a point
	// of its state that started strictly before it.
	unchanged bool
}

// witness is an instant at which a point's state was observed; run is ""
// when not known (the last-seen time of a stored point).
type witness struct {
	at  time.Time
	run string
}

// point is one change point of a variant while observations are folded in.
// Besides its first and last witness it keeps those in between that a split
// could still need: the instants a batch added inside a stored point, and
// the old start of a point whose start moved back. Samples are folded in
// time order, so an extension at the end never needs the old end again.
type point struct {
	State       state
	first, last witness   // first is ValidFrom, last LastSeen; equal when seen once
	inner       []witness // ascending, strictly between first and last
	run         string    // source run of the stored point, for when first has none

	stored                 bool      // false for a point the batch creates
	loadedFrom, loadedSeen time.Time // as stored; loadedFrom is the row's key
}

// newPoint is a point seen once, at w.
func newPoint(st state, w witness) point { return point{State: st, first: w, last: w} }

// loadedPoint is a stored change point ready for fold.
func loadedPoint(st state, validFrom, lastSeen time.Time, run string) point {
	p := newPoint(st, witness{validFrom, run})
	if lastSeen.After(validFrom) {
		p.last = witness{at: lastSeen}
	}
	p.run, p.stored, p.loadedFrom, p.loadedSeen = run, true, validFrom, lastSeen
	return p
}

// ValidFrom is the first instant the point's state was seen.
func (p *point) ValidFrom() time.Time { return p.first.at }

// LastSeen is the latest instant the point's state was seen.
func (p *point) LastSeen() time.Time { return p.last.at }

// SourceRun is the run that first saw the point's state, as far as known.
func (p *point) SourceRun() string { return cmp.Or(p.first.run, p.run) }

// innerIndex is where t is or would go in p.inner.
func (p *point) innerIndex(t time.Time) (int, bool) {
	return slices.BinarySearchFunc(p.inner, t, func(w witness, t time.Time) int { return w.at.Compare(t) })
}

// split cuts p around t, strictly inside it, into the part witnessed before
// t (p itself, keeping its identity) and the part witnessed after, which it
// returns.
func (p *point) split(t time.Time) point {
	j, _ := p.innerIndex(t)
	after := point{State: p.State, run: p.run, last: p.last}
	if j < len(p.inner) {
		after.first = p.inner[j]
		after.inner = slices.Clone(p.inner[j+1:])
	} else {
		after.first = p.last
	}
	if j > 0 {
		p.last = p.inner[j-1]
		p.inner = p.inner[: j-1 : j-1]
	} else {
		p.last = p.first
		p.inner = nil
	}
	return after
}

// foldStats counts what happened to the samples of a fold.
type foldStats struct {
	Extended    int // repeats and extensions of an existing point
	Conflicting int // dropped: the instant was already recorded with another state
}

// fold merges samples into timeline, the stored points of one variant in
// ascending order: the point in force at the earliest sample and every later
// one. It sorts samples in place and returns the new timeline, in which a
// stored point stays marked stored, with its stored key, even when its start
// moves. It marks the samples that only repeat or extend a point that
// started before them (sample.unchanged).
func fold(timeline []point, samples []sample) ([]point, foldStats) {
	var st foldStats
	// Stable, so that of two samples at one instant the first in the batch wins.
	byTime := func(a, b sample) int { return a.At.Compare(b.At) }
	if !slices.IsSortedFunc(samples, byTime) {
		slices.SortStableFunc(samples, byTime)
	}
	for k := range samples {
		s := &samples[k]
		w := witness{s.At, s.Run}
		// i is the point in force at s.At, -1 when s.At is before all of them.
		i, found := slices.BinarySearchFunc(timeline, s.At, func(p point, t time.Time) int {
			return p.ValidFrom().Compare(t)
		})
		if !found {
			i--
		}
		if i >= 0 {
			p := &timeline[i]
			j, inner := p.innerIndex(s.At)
			switch {
			case found || inner || s.At.Equal(p.last.at):
				if p.State == s.State {
					st.Extended++
					s.unchanged = !found
				} else {
					st.Conflicting++
				}
				continue
			case p.State == s.State && s.At.After(p.last.at):
				p.last = w
				st.Extended++
				s.unchanged = true
				continue
			case p.State == s.State:
				p.inner = slices.Insert(p.inner, j, w)
				st.Extended++
				s.unchanged = true
				continue
			case s.At.Before(p.last.at):
				// Inside a point of another state: split it around s.
				after := p.split(s.At)
				timeline = slices.Insert(timeline, i+1, newPoint(s.State, w), after)
				continue
			}
		}
		if n := i + 1; n < len(timeline) && timeline[n].State == s.State {
			// A late observation of the next point's run: it started earlier.
			p := &timeline[n]
			if !p.first.at.Equal(p.last.at) {
				p.inner = slices.Insert(p.inner, 0, p.first)
			}
			p.first = w
			st.Extended++
			continue
		}
		timeline = slices.Insert(timeline, i+1, newPoint(s.State, w))
	}
	return timeline, st
}

// changes is what writing a folded timeline back takes.
type changes struct {
	deleted  []time.Time // keys (valid_from) of stored points to rewrite: start moved or end shrank
	inserted []*point    // new points, and the rewritten ones under their new key
	extended []*point    // stored points last seen later than stored
	created  int         // new change points among inserted
	latest   *point      // the variant's current point when it changed, else nil
	newState bool        // latest started anew: its listing's aggregates change
}

// diff compares a folded timeline with what was loaded.
func diff(timeline []point) changes {
	var c changes
	for k := range timeline {
		p := &timeline[k]
		switch {
		case !p.stored:
			c.inserted = append(c.inserted, p)
			c.created++
		case !p.ValidFrom().Equal(p.loadedFrom) || p.LastSeen().Before(p.loadedSeen):
			// The start is the key and an update only ever extends the
			// end, so a moved or shrunk point is deleted and inserted.
			c.deleted = append(c.deleted, p.loadedFrom)
			c.inserted = append(c.inserted, p)
		case p.LastSeen().After(p.loadedSeen):
			c.extended = append(c.extended, p)
		}
	}
	if n := len(timeline); n > 0 {
		last := &timeline[n-1]
		if !last.stored || !last.ValidFrom().Equal(last.loadedFrom) || !last.LastSeen().Equal(last.loadedSeen) {
			c.latest = last
			c.newState = !last.stored || !last.ValidFrom().Equal(last.loadedFrom)
		}
	}
	return c
}
