package seed_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// fakeWriter records what Run writes, copying as the Writer contract says.
type fakeWriter struct {
	shops    []catalog.Shop
	listings []catalog.Listing
	obs      []catalog.PriceObservation
	calls    []string
	batches  []int
	failObs  error
	cancel   func() // called after the first observation batch
}

func (w *fakeWriter) UpsertShops(_ context.Context, s []catalog.Shop) error {
	w.calls = append(w.calls, "shops")
	w.shops = append(w.shops, s...)
	return nil
}

func (w *fakeWriter) UpsertListings(_ context.Context, l []catalog.Listing) error {
	w.calls = append(w.calls, "listings")
	w.listings = append(w.listings, l...)
	return nil
}

func (w *fakeWriter) RecordObservations(_ context.Context, o []catalog.PriceObservation) error {
	w.calls = append(w.calls, "observations")
	if w.failObs != nil {
		return w.failObs
	}
	w.obs = append(w.obs, o...)
	w.batches = append(w.batches, len(o))
	if w.cancel != nil {
		w.cancel()
	}
	return nil
}

func TestRunWritesEverythingInOrder(t *testing.T) {
	g := mustNew(t, smallConfig())
	w := &fakeWriter{}
	var calls, lastDone, lastTotal int
	sum, err := g.Run(context.Background(), w, func(done, total int) {
		calls++
		if done <= lastDone {
			t.Errorf("progress went from %d to %d", lastDone, done)
		}
		lastDone, lastTotal = done, total
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := g.Summary()
	if sum != want {
		t.Errorf("Run summary %+v, want %+v", sum, want)
	}
	if lastDone != want.Observations || lastTotal != want.Observations || calls != len(w.batches) {
		t.Errorf("progress ended at %d/%d after %d calls, want %d in %d calls", lastDone, lastTotal, calls, want.Observations, len(w.batches))
	}
	if !slices.Equal(w.shops, g.Shops()) || len(w.listings) != want.Listings {
		t.Fatalf("wrote %d shops and %d listings", len(w.shops), len(w.listings))
	}
	first := slices.Index(w.calls, "observations")
	if w.calls[0] != "shops" || first < 0 || slices.Contains(w.calls[first:], "listings") || slices.Contains(w.calls[1:], "shops") {
		t.Errorf("call order %v, want shops, listings, then observations", compact(w.calls))
	}
	for _, n := range w.batches {
		if n > 5000 {
			t.Errorf("observation batch of %d", n)
		}
	}
	all := slices.Collect(g.Observations())
	if !slices.Equal(w.obs, all) {
		t.Fatalf("wrote %d observations that differ from the %d of Observations", len(w.obs), len(all))
	}
	for i := 1; i < len(w.obs); i++ {
		if w.obs[i].ObservedAt.Before(w.obs[i-1].ObservedAt) {
			t.Fatalf("observation %d at %v is before %v", i, w.obs[i].ObservedAt, w.obs[i-1].ObservedAt)
		}
	}
}

func compact(calls []string) []string { return slices.Compact(slices.Clone(calls)) }

func TestRunStops(t *testing.T) {
	boom := errors.New("disk full")
	tests := []struct {
		name    string
		setup   func(w *fakeWriter) context.Context
		wantErr error
		wantObs int // observations written
	}{
		{"cancelled before it starts", func(*fakeWriter) context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, context.Canceled, 0},
		{"cancelled during observations", func(w *fakeWriter) context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			w.cancel = cancel
			return ctx
		}, context.Canceled, 5000},
		{"writer fails", func(w *fakeWriter) context.Context {
			w.failObs = boom
			return context.Background()
		}, boom, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustNew(t, smallConfig())
			w := &fakeWriter{}
			sum, err := g.Run(tt.setup(w), w, nil)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Run error = %v, want %v", err, tt.wantErr)
			}
			if sum.Observations != tt.wantObs || len(w.obs) != tt.wantObs {
				t.Errorf("wrote %d observations (summary %d), want %d", len(w.obs), sum.Observations, tt.wantObs)
			}
		})
	}
}

// TestRunListingsAreCopies checks a writer that changes what it is given
// cannot change the generator.
func TestRunListingsAreCopies(t *testing.T) {
	g := mustNew(t, seed.Config{Shops: 2, Products: 20, Days: 1, PerDay: 1})
	before := g.Listings()
	w := &mutatingWriter{}
	if _, err := g.Run(context.Background(), w, nil); err != nil {
		t.Fatal(err)
	}
	if after := g.Listings(); after[0].Variants[0].Title != before[0].Variants[0].Title || after[0].Tags[0] != before[0].Tags[0] {
		t.Error("a writer changed the generator's listings")
	}
}

type mutatingWriter struct{ fakeWriter }

func (w *mutatingWriter) UpsertListings(_ context.Context, l []catalog.Listing) error {
	for i := range l {
		l[i].Variants[0].Title = "changed"
		l[i].Tags[0] = "changed"
	}
	return nil
}
