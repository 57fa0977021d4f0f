package seed

import (
	"context"
	"fmt"
	"iter"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Batch sizes of Run: big enough that per-call overhead vanishes, small
// enough that one transaction stays short.
const (
	listingBatch     = 500
	observationBatch = 5000
)

// Run writes the shops, then the listings, then every observation in time
// order through w, in batches (at most 500 listings or 5,000 observations a
// call). progress, when not nil, is called after each observation batch
// with the observations written so far and the total. Run checks ctx before
// every call and returns its error once it is done; the Summary then counts
// what was written. Writing the same generator twice writes the same data.
func (g *Generator) Run(ctx context.Context, w Writer, progress func(done, total int)) (Summary, error) {
	sum := g.Summary()
	total := sum.Observations
	sum.Observations = 0
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if err := w.UpsertShops(ctx, g.Shops()); err != nil {
		return sum, fmt.Errorf("upsert shops: %w", err)
	}
	batch := make([]catalog.Listing, 0, listingBatch)
	for i := 0; i < len(g.listings); i += listingBatch {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		batch = batch[:0]
		for _, l := range g.listings[i:min(i+listingBatch, len(g.listings))] {
			batch = append(batch, cloneListing(l))
		}
		if err := w.UpsertListings(ctx, batch); err != nil {
			return sum, fmt.Errorf("upsert listings: %w", err)
		}
	}
	obs := make([]catalog.PriceObservation, 0, observationBatch)
	var err error
	flush := func() bool {
		if err = ctx.Err(); err != nil {
			return false
		}
		if err = w.RecordObservations(ctx, obs); err != nil {
			err = fmt.Errorf("record observations: %w", err)
			return false
		}
		sum.Observations += len(obs)
		obs = obs[:0]
		if progress != nil {
			progress(sum.Observations, total)
		}
		return true
	}
	g.each(func(o *catalog.PriceObservation) bool {
		obs = append(obs, *o)
		return len(obs) < observationBatch || flush()
	})
	if err == nil && len(obs) > 0 {
		flush()
	}
	return sum, err
}

// Observations yields every observation of the window in the order Run
// writes them: by time, then shop, listing and variant.
func (g *Generator) Observations() iter.Seq[catalog.PriceObservation] {
	return func(yield func(catalog.PriceObservation) bool) {
		g.each(func(o *catalog.PriceObservation) bool { return yield(*o) })
	}
}

// each walks the window slot by slot and shop by shop, which is time order.
// The listing state is worked out once per listing and slot, and one
// observation value is reused (yield must copy it), so the walk allocates
// only a run id per shop and slot.
func (g *Generator) each(yield func(*catalog.PriceObservation) bool) {
	var o catalog.PriceObservation
	for k := range g.clock.slots {
		for s := range g.shops {
			sh := &g.shops[s]
			at := g.clock.at(s, k)
			wd, run := at.Weekday(), g.sourceRun(s, k)
			for _, li := range g.byShop[s] {
				lp := &g.plans[li]
				ls := g.listingAt(lp, sh, k, wd)
				for v := range lp.count {
					o, _ = g.variantAt(li, v, lp, sh, &ls, k)
					o.ObservedAt, o.SourceRun = at, run
					if !yield(&o) {
						return
					}
				}
			}
		}
	}
}
