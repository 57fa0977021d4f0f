package gormstore

import (
	"cmp"
	"context"
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
// with their current points (kept on the variant rows), one to load older
// points only when observations arrived late, and at most four set-based
// writes (points rewritten, points upserted, variants' current state,
// listings' aggregates). Batches touching the same shop run one after the
// other, so each folds into what the previous one wrote; batches for other
// shops do not wait (Postgres; SQLite has one writer at a time anyway).
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
	// keys are the distinct variants in order of first appearance; keyOf
	// maps each observation to its key.
	var keys []catalog.VariantKey
	var slugs []string
	keyIndex := make(map[catalog.VariantKey]int)
	keyOf := make([]int, len(obs))
	for i, o := range obs {
		k, ok := keyIndex[o.Variant]
		if !ok {
			k = len(keys)
			keyIndex[o.Variant] = k
			keys = append(keys, o.Variant)
			if !slices.Contains(slugs, o.Variant.ShopSlug) {
				slugs = append(slugs, o.Variant.ShopSlug)
			}
		}
		keyOf[i] = k
	}
	shops, err := s.shopsBySlug(ctx, slugs)
	if err != nil {
		return res, s.fail("record observations", err)
	}
	err = s.inTx(ctx, func(tx Tx) error {
		ids := make([]int64, 0, len(shops))
		for _, id := range shops {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		if err := s.dialect.LockShops(tx, ids); err != nil {
			return fmt.Errorf("lock shops: %w", err)
		}
		refs, err := s.resolveVariants(tx, keys, shops)
		if err != nil {
			return fmt.Errorf("resolve variants: %w", err)
		}
		res.Unknown = nil
		for i, k := range keys {
			if refs[i].id == 0 {
				res.Unknown = append(res.Unknown, k)
			}
		}
		res.Unchanged = make([]bool, len(obs))
		stats, err := s.record(tx, group(obs, keyOf, refs), &res)
		res.ChangePoints, res.Extended, res.Conflicting = stats.created, stats.Extended, stats.Conflicting
		return err
	})
	if err != nil {
		return store.RecordResult{Observations: len(obs)}, s.fail("record observations", err)
	}
	return res, nil
}

// recordStats adds up what the folds of a batch did.
type recordStats struct {
	foldStats
	created int
}

// variantBatch is one variant's share of a batch.
type variantBatch struct {
	key     catalog.VariantKey
	ref     variantRef
	samples []sample
}

// group splits the observations of known variants by variant, ordered by
// variant id (the order rows are written and locked in), sharing one
// backing array. refs[keyOf[i]] is the variant of obs[i], unknown when its
// id is 0.
func group(obs []catalog.PriceObservation, keyOf []int, refs []variantRef) []variantBatch {
	var groups []variantBatch
	for _, ref := range refs {
		if ref.id != 0 {
			groups = append(groups, variantBatch{ref: ref})
		}
	}
	slices.SortFunc(groups, func(a, b variantBatch) int { return cmp.Compare(a.ref.id, b.ref.id) })
	groupOf := make([]int, len(refs)) // key index to group index, -1 when unknown
	for k, ref := range refs {
		groupOf[k] = -1
		if ref.id != 0 {
			groupOf[k], _ = slices.BinarySearchFunc(groups, ref.id, func(g variantBatch, id int64) int { return cmp.Compare(g.ref.id, id) })
		}
	}
	counts := make([]int, len(groups))
	for _, k := range keyOf {
		if g := groupOf[k]; g >= 0 {
			counts[g]++
		}
	}
	all := make([]sample, len(obs))
	next := 0
	for i, n := range counts {
		groups[i].samples = all[next : next : next+n]
		next += n
	}
	for i, o := range obs {
		if g := groupOf[keyOf[i]]; g >= 0 {
			groups[g].key = o.Variant
			groups[g].samples = append(groups[g].samples, sample{At: at(o.ObservedAt), State: stateOf(o), Run: o.SourceRun, Index: i})
		}
	}
	return groups
}

// record folds each variant's observations into its timeline, writes the
// result and reports in res which observations started or only extended a
// point (res.Unchanged must hold one entry per observation).
func (s *Store) record(tx Tx, batch []variantBatch, res *store.RecordResult) (recordStats, error) {
	// When every observation of a variant is at or after the last time it
	// was seen, as when scrapes arrive in order, its current point is all
	// fold can touch. Only the variants with late observations have their
	// older points loaded, and those with an observation at the start of
	// the current point, whose previous point Created reports.
	timelines := make([][]point, len(batch))
	var late []int
	for i, b := range batch {
		earliest := slices.MinFunc(b.samples, func(a, b sample) int { return a.At.Compare(b.At) }).At
		switch {
		case b.ref.current == nil:
			timelines[i] = make([]point, 0, len(b.samples))
		case earliest.Before(b.ref.current.LastSeen()) || earliest.Equal(b.ref.current.ValidFrom()):
			late = append(late, i)
		default:
			timelines[i] = append(make([]point, 0, 1+len(b.samples)), *b.ref.current)
		}
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
		all[i] = diff(tl)
		stats.Extended += fs.Extended
		stats.Conflicting += fs.Conflicting
		stats.created += all[i].created
		res.Created = appendCreated(res.Created, b.key, tl, b.samples, res.Unchanged)
	}
	slices.SortFunc(res.Created, func(a, b store.CreatedPoint) int { return cmp.Compare(a.Index, b.Index) })
	return stats, s.write(tx, newWrites(batch, all))
}

// appendCreated appends to created the points of the folded timeline tl
// that samples start (at a point's ValidFrom, with its state), each once
// under its first sample in the batch, with the point before it in tl. tl
// holds every point from the one in force before the earliest sample on
// (or the current point, when every sample is after its start), so the
// previous point of a started one is always in it. It marks unchanged
// samples in unchanged.
func appendCreated(created []store.CreatedPoint, key catalog.VariantKey, tl []point, samples []sample, unchanged []bool) []store.CreatedPoint {
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
			prev := pricePoint(key, &tl[i-1])
			c.Previous = &prev
		}
		created = append(created, c)
	}
	return created
}

// pricePoint is p as the store reports it.
func pricePoint(key catalog.VariantKey, p *point) store.PricePoint {
	return store.PricePoint{
		Variant: key, ValidFrom: p.ValidFrom(), LastSeen: p.LastSeen(),
		Price: p.State.Price, CompareAt: p.State.CompareAt, Availability: p.State.Availability,
		SourceRun: p.SourceRun(),
	}
}

func stateOf(o catalog.PriceObservation) state {
	return state{Price: o.Price, CompareAt: o.CompareAt, Availability: o.Availability}
}
