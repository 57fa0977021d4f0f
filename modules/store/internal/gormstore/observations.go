package gormstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// variantRef is a variant as RecordObservations needs it, with its current
// point when it has one.
type variantRef struct {
	id, listingID, shopID int64
	current               *point
}

// RecordObservations folds a batch of observations into price history (see
// store.Store for the contract and changepoints.go for the rules). Whatever
// the batch size it costs a fixed number of statements: one for the shop
// ids, then in one transaction a lock per shop, one to resolve the variants
// of the batch's listings with their current points (kept in
// variant_prices), one to load older points only when observations arrived
// late, and at most six set-based writes (points rewritten, points
// inserted, points extended, current states updated and inserted, listings'
// aggregates).
// Batches touching the same shop run one after the other, so each folds
// into what the previous one wrote; batches for other shops do not wait
// (Postgres; SQLite has one writer at a time anyway).
//
// New points are inserted without ON CONFLICT, which made the insert of
// 100,000 new points about 1.5 times as slow (measured), and a large batch
// is copied straight into price_points where the dialect can (Postgres
// COPY, which fires the same triggers; staging the rows and inserting
// them cost about a third more, measured on 100,000 points). A key already
// stored can only mean that the current state disagreed with the points
// (the fold knows every point it can collide with), so the rare batch that
// meets one is folded again, in a new transaction, with ON CONFLICT DO
// NOTHING (the state recorded first is kept).
func (s *Store) RecordObservations(ctx context.Context, obs []catalog.PriceObservation) (store.RecordResult, error) {
	res := store.RecordResult{Observations: len(obs)}
	if len(obs) == 0 {
		return res, nil
	}
	for i, o := range obs {
		if err := o.Validate(); err != nil {
			return res, fmt.Errorf("record observations: observation %d: %w", i, err)
		}
	}
	b := newBatchKeys(obs)
	shops, err := s.shopsBySlug(ctx, b.slugs)
	if err != nil {
		return res, s.fail("record observations", err)
	}
	res, err = s.recordInTx(ctx, obs, b, shops, false)
	var conflict *pointsConflictError
	if errors.As(err, &conflict) {
		res, err = s.recordInTx(ctx, obs, b, shops, true)
	}
	if err != nil {
		return store.RecordResult{Observations: len(obs)}, s.fail("record observations", err)
	}
	return res, nil
}

// batchKeys are the distinct variants of a batch in order of first
// appearance, with the shops they name.
type batchKeys struct {
	keys  []catalog.VariantKey
	index map[catalog.VariantKey]int // key to its position in keys
	keyOf []int                      // observation to its position in keys
	slugs []string
}

func newBatchKeys(obs []catalog.PriceObservation) batchKeys {
	// Sized for a batch of one observation per variant, the full re-scrape:
	// grown from empty, the map of 100,000 keys was rehashed a dozen times.
	b := batchKeys{index: make(map[catalog.VariantKey]int, len(obs)), keyOf: make([]int, len(obs)),
		keys: make([]catalog.VariantKey, 0, len(obs))}
	for i, o := range obs {
		k, ok := b.index[o.Variant]
		if !ok {
			k = len(b.keys)
			b.index[o.Variant] = k
			b.keys = append(b.keys, o.Variant)
			if !slices.Contains(b.slugs, o.Variant.ShopSlug) {
				b.slugs = append(b.slugs, o.Variant.ShopSlug)
			}
		}
		b.keyOf[i] = k
	}
	return b
}

// recordInTx is one attempt at RecordObservations, in one transaction;
// upsert says whether new points go in with ON CONFLICT DO NOTHING.
func (s *Store) recordInTx(ctx context.Context, obs []catalog.PriceObservation, b batchKeys, shops map[string]int64, upsert bool) (store.RecordResult, error) {
	res := store.RecordResult{Observations: len(obs)}
	err := s.inTx(ctx, func(tx Tx) error {
		ids := make([]int64, 0, len(shops))
		for _, id := range shops {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		if err := s.dialect.LockShops(tx, ids); err != nil {
			return fmt.Errorf("lock shops: %w", err)
		}
		refs, siblings, err := s.resolveVariants(tx, b, shops)
		if err != nil {
			return fmt.Errorf("resolve variants: %w", err)
		}
		for i, k := range b.keys {
			if refs[i].id == 0 {
				res.Unknown = append(res.Unknown, k)
			}
		}
		res.Unchanged = make([]bool, len(obs))
		stats, err := s.record(tx, group(obs, b.keyOf, refs), siblings, upsert, &res)
		res.ChangePoints, res.Extended, res.Conflicting = stats.created, stats.Extended, stats.Conflicting
		return err
	})
	return res, err
}

// recordStats adds up what the folds of a batch did.
type recordStats struct {
	foldStats
	created int
}

// record folds each variant's observations into its timeline, writes the
// result and reports in res which observations started or only extended a
// point (res.Unchanged must hold one entry per observation).
func (s *Store) record(tx Tx, batch []variantBatch, siblings map[int64][]variantRef, upsert bool, res *store.RecordResult) (recordStats, error) {
	// When every observation of a variant is at or after the last time it
	// was seen, as when scrapes arrive in order, its current point is all
	// fold can touch. Only the variants with late observations have their
	// older points loaded, and those with an observation at the start of
	// the current point, whose previous point Created reports.
	// The timelines share one backing array, each with room for its
	// current point and a point per sample (fold reallocates the rare one
	// that splits more): one allocation rather than one per variant.
	timelines := make([][]point, len(batch))
	slab := make([]point, 0, len(batch)+countSamples(batch))
	var late []int
	for i, b := range batch {
		earliest := slices.MinFunc(b.samples, func(a, b sample) int { return a.At.Compare(b.At) }).At
		room := len(slab) + 1 + len(b.samples)
		switch {
		case b.ref.current == nil:
			timelines[i] = slab[len(slab):len(slab):room]
		case earliest.Before(b.ref.current.LastSeen()) || earliest.Equal(b.ref.current.ValidFrom()):
			late = append(late, i)
			continue
		default:
			timelines[i] = append(slab[len(slab):len(slab):room], *b.ref.current)
		}
		slab = slab[:room]
	}
	if len(late) > 0 {
		if err := s.loadPoints(tx, batch, late, timelines); err != nil {
			return recordStats{}, fmt.Errorf("load price points: %w", err)
		}
	}
	var stats recordStats
	all := make([]changes, len(batch))
	for i, b := range batch {
		tl, fs := fold(timelines[i], b.samples)
		timelines[i] = tl
		all[i] = diff(tl)
		stats.Extended += fs.Extended
		stats.Conflicting += fs.Conflicting
		stats.created += all[i].created
	}
	w := newWrites(batch, all)
	w.upsert = upsert
	// The change points reported back and the listings' aggregates are
	// not needed until the history and the current states are written:
	// worked out meanwhile, on another core, they cost the batch nothing
	// while the database takes the points (about 60 ms of a batch of
	// 100,000, measured).
	done := make(chan struct{})
	go func() {
		defer close(done)
		reportCreated(batch, timelines, res)
		w.listings = changedAggregates(batch, all, siblings)
	}()
	err := s.writeHistory(tx, w)
	<-done
	if err != nil {
		return stats, err
	}
	return stats, s.writeAggregates(tx, &w.listings)
}

// reportCreated fills res.Created with the points the samples of batch
// start in the folded timelines, in batch order, and marks the samples
// that only repeat the state in force in res.Unchanged.
func reportCreated(batch []variantBatch, timelines [][]point, res *store.RecordResult) {
	started := 0 // samples that may start a point: res.Created holds at most that many
	for _, b := range batch {
		for _, sm := range b.samples {
			if !sm.unchanged {
				started++
			}
		}
	}
	// Sized up front: grown append by append, the 100,000 entries of a
	// large batch were copied over and over (a fifth of its CPU time). The
	// previous points share one array too.
	res.Created = slices.Grow(res.Created, started)
	previous := make([]store.PricePoint, 0, started)
	for i, b := range batch {
		res.Created, previous = appendCreated(res.Created, previous, b.key, timelines[i], b.samples, res.Unchanged)
	}
	slices.SortFunc(res.Created, func(a, b store.CreatedPoint) int { return cmp.Compare(a.Index, b.Index) })
}

// appendCreated appends to created the points of the folded timeline tl
// that samples start (at a point's ValidFrom, with its state), each once
// under its first sample in the batch, with the point before it in tl. tl
// holds every point from the one in force before the earliest sample on
// (or the current point, when every sample is after its start), so the
// previous point of a started one is always in it. It marks unchanged
// samples in unchanged.
//
// The previous points are appended to previous, which must have room for
// them all (a point per appended entry): Previous points into it.
func appendCreated(created []store.CreatedPoint, previous []store.PricePoint, key catalog.VariantKey, tl []point, samples []sample, unchanged []bool) ([]store.CreatedPoint, []store.PricePoint) {
	first := len(created)
	for _, sm := range samples {
		if sm.unchanged {
			unchanged[sm.Index] = true
			continue
		}
		i, found := slices.BinarySearchFunc(tl, sm.At, func(p point, t time.Time) int { return p.ValidFrom().Compare(t) })
		if !found || tl[i].State != sm.State {
			continue
		}
		if n := len(created); n > first && created[n-1].Point.ValidFrom.Equal(sm.At) {
			// Samples are sorted by time, stably: those at one instant are
			// adjacent, the first of the batch first.
			continue
		}
		c := store.CreatedPoint{Index: sm.Index, Point: pricePoint(key, &tl[i])}
		if i > 0 {
			previous = append(previous, pricePoint(key, &tl[i-1]))
			c.Previous = &previous[len(previous)-1]
		}
		created = append(created, c)
	}
	return created, previous
}

// pricePoint is p as the store reports it.
func pricePoint(key catalog.VariantKey, p *point) store.PricePoint {
	return store.PricePoint{
		Variant: key, ValidFrom: p.ValidFrom(), LastSeen: p.LastSeen(),
		Price: p.State.Price, CompareAt: p.State.CompareAt, Availability: p.State.Availability,
		SourceRun: p.SourceRun(),
	}
}
