package app

import (
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"golang.org/x/sync/errgroup"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/store"
)

// The checks every pipeline fault scenario ends with: exact store rows,
// histories and outputs.

// pfOutputKey names one output record: its listing or variant and the
// time of the observation it reports.
type pfOutputKey struct {
	name string
	at   time.Time
}

// pfWant is what a scenario expects beyond the plan: observations of
// repeat rounds that reached the store with the filter failing open, which
// publish their listing again.
type pfWant struct {
	republished []pfOutputKey
}

// check stops nothing; the caller has stopped every replica. It asserts the
// store and the committed outputs against the plan: every listing and its
// variant once, one change point per change round spanning the repeats
// after it, one price update per change point with the previous state, and
// one normalized product per listing and change round.
func (r *pfRig) check(want pfWant) {
	r.t.Helper()
	r.checkStore()
	outs := r.readTopics(true, r.cfg.Topics.PriceUpdates, r.cfg.Topics.NormalizedProducts)
	r.checkPriceUpdates(outs[r.cfg.Topics.PriceUpdates])
	r.checkNormalized(outs[r.cfg.Topics.NormalizedProducts], want.republished)
}

func (r *pfRig) changeRounds() int {
	n := 0
	for _, c := range r.rounds {
		if c {
			n++
		}
	}
	return n
}

func (r *pfRig) checkStore() {
	r.t.Helper()
	counts, err := r.db.Counts(r.ctx)
	if err != nil {
		r.t.Fatal(err)
	}
	wantPoints := int64(pfListings * r.changeRounds())
	if counts.Shops != pfShops || counts.Listings != pfListings || counts.Variants != pfListings || counts.PricePoints != wantPoints {
		r.t.Errorf("store holds %+v, want %d shops, %d listings and variants, %d price points",
			counts, pfShops, pfListings, wantPoints)
	}
	// One History per listing, eight at a time: the read side's cost is
	// not what these tests measure.
	last := len(r.rounds) - 1
	got := make([][]store.PricePoint, len(r.catalog))
	var g errgroup.Group
	g.SetLimit(8)
	for i, l := range r.catalog {
		g.Go(func() (err error) {
			got[i], err = r.db.History(r.ctx, pfKey(l), pfT0().Add(-time.Hour), pfRoundAt(last).Add(time.Hour))
			return err
		})
	}
	if err := g.Wait(); err != nil {
		r.t.Fatal(err)
	}
	bad := 0
	for i, l := range r.catalog {
		if want := r.history(l); !pfSamePoints(got[i], want) {
			if bad++; bad <= 3 {
				r.t.Errorf("history of %s:\n got %s\nwant %s", pfKey(l), pfFmtPoints(got[i]), pfFmtPoints(want))
			}
		}
	}
	if bad > 3 {
		r.t.Errorf("... and %d more listings with another history", bad-3)
	}
}

// history is the change points the plan leaves for listing l.
func (r *pfRig) history(l catalog.Listing) []store.PricePoint {
	var pts []store.PricePoint
	for i, change := range r.rounds {
		o := pfObservation(r.rounds, l, i)
		if !change {
			pts[len(pts)-1].LastSeen = o.ObservedAt
			continue
		}
		pts = append(pts, store.PricePoint{Variant: o.Variant, ValidFrom: o.ObservedAt, LastSeen: o.ObservedAt,
			Price: o.Price, Availability: o.Availability, SourceRun: o.SourceRun})
	}
	return pts
}

func pfSamePoints(a, b []store.PricePoint) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Variant != y.Variant || !x.ValidFrom.Equal(y.ValidFrom) || !x.LastSeen.Equal(y.LastSeen) ||
			x.Price != y.Price || x.CompareAt != y.CompareAt || x.Availability != y.Availability || x.SourceRun != y.SourceRun {
			return false
		}
	}
	return true
}

func pfFmtPoints(pts []store.PricePoint) string {
	s := ""
	for _, p := range pts {
		s += fmt.Sprintf("[%s..%s %d %s %s] ", p.ValidFrom.Format(time.TimeOnly), p.LastSeen.Format(time.TimeOnly),
			p.Price.Amount, p.Availability, p.SourceRun)
	}
	return s
}

// checkPriceUpdates asserts one committed price update per change point,
// naming the point in force before it.
func (r *pfRig) checkPriceUpdates(recs []*kgo.Record) {
	r.t.Helper()
	want := map[pfOutputKey]*int64{} // -> previous price, nil on a first sighting
	for _, l := range r.catalog {
		for _, p := range r.history(l) {
			want[pfOutputKey{p.Variant.String(), p.ValidFrom}] = nil
		}
		for i, p := range r.history(l)[1:] {
			prev := r.history(l)[i].Price.Amount
			want[pfOutputKey{p.Variant.String(), p.ValidFrom}] = &prev
		}
	}
	got := map[pfOutputKey]int{}
	for _, rec := range recs {
		var u schema.PriceUpdate
		if err := r.p.serde.Decode(rec.Value, &u); err != nil {
			r.t.Fatalf("price update at %d/%d: %v", rec.Partition, rec.Offset, err)
		}
		k := pfOutputKey{u.Variant().String(), u.Current.ObservedAt}
		got[k]++
		prev, ok := want[k]
		switch {
		case !ok:
			r.t.Errorf("unexpected price update %s at %s", k.name, k.at.Format(time.TimeOnly))
		case (prev == nil) != (u.Previous == nil) || prev != nil && *prev != u.Previous.PriceMinor:
			r.t.Errorf("price update %s at %s has previous %+v, want price %v", k.name, k.at.Format(time.TimeOnly), u.Previous, prev)
		}
	}
	r.wantEachOnce("price-updates", got, pfKeysOf(want), len(recs))
}

// checkNormalized asserts one committed normalized product per listing and
// change round, plus one per republished observation.
func (r *pfRig) checkNormalized(recs []*kgo.Record, republished []pfOutputKey) {
	r.t.Helper()
	var want []pfOutputKey
	for _, l := range r.catalog {
		for i, change := range r.rounds {
			if change {
				want = append(want, pfOutputKey{l.ShopSlug + "/" + l.ExternalID, pfRoundAt(i)})
			}
		}
	}
	want = append(want, republished...)
	got := map[pfOutputKey]int{}
	for _, rec := range recs {
		var np schema.NormalizedProduct
		if err := r.p.serde.Decode(rec.Value, &np); err != nil {
			r.t.Fatalf("normalized product at %d/%d: %v", rec.Partition, rec.Offset, err)
		}
		if string(rec.Key) != np.Shop+"/"+np.ListingID {
			r.t.Errorf("normalized product %s/%s keyed %q", np.Shop, np.ListingID, rec.Key)
		}
		got[pfOutputKey{np.Shop + "/" + np.ListingID, np.UpdatedAt}]++
	}
	r.wantEachOnce("normalized-products", got, want, len(recs))
}

func pfKeysOf[V any](m map[pfOutputKey]V) []pfOutputKey {
	out := make([]pfOutputKey, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// wantEachOnce fails unless got counts every key of want once and nothing
// else; n is the number of records read.
func (r *pfRig) wantEachOnce(topic string, got map[pfOutputKey]int, want []pfOutputKey, n int) {
	r.t.Helper()
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 5 {
			r.t.Errorf(topic+": "+format, args...)
		}
	}
	seen := map[pfOutputKey]bool{}
	for _, k := range want {
		if seen[k] {
			continue
		}
		seen[k] = true
		if got[k] != 1 {
			report("%s at %s committed %d times, want once", k.name, k.at.Format(time.TimeOnly), got[k])
		}
	}
	for k, c := range got {
		if !seen[k] {
			report("unexpected %s at %s committed %d times", k.name, k.at.Format(time.TimeOnly), c)
		}
	}
	if bad > 5 {
		r.t.Errorf("%s: ... and %d more", topic, bad-5)
	}
	if n != len(seen) {
		r.t.Errorf("%s: %d records committed, want %d", topic, n, len(seen))
	}
}

// pfRun runs scenario on every database kind, the kinds in parallel.
func pfRun(t *testing.T, scenario func(t *testing.T, kind string)) {
	t.Helper()
	for _, kind := range pfKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			scenario(t, kind)
		})
	}
}
