package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ingest"
)

// A listing whose content the filter remembers is not written up front but
// confirmed in the one read the outputs make after the writes, and written
// then (and read again) only when the store does not hold what the batch
// says; one with content never seen is written up front. A listing never
// stored behind a false positive is written when the store reports its
// variants unknown. Every observation is recorded either way, so a false
// positive loses nothing.
func TestHandleConfirmsMaybeSeen(t *testing.T) {
	later := t0.Add(time.Hour)
	renamed := event("1", "a", 5495, later)
	renamed.Title = "Baker Brand Logo Deck Red"
	tests := []struct {
		name       string
		forceMaybe bool // the filter answers "maybe seen" for everything, else it is exact
		batch      []catalog.ProductEvent
		// wantReads counts ListingStates calls: the outputs', which also
		// confirms, and one more after a listing the confirmation wrote.
		wantReads, wantUpserts, wantUpdates, wantProducts int
		wantDuplicates, wantFalsePositives                uint64
	}{
		{"repeats of a stored listing", false,
			[]catalog.ProductEvent{event("1", "a", 5495, later), event("1", "b", 5995, later)}, 1, 0, 0, 0, 2, 0},
		{"a repeat next to a new price", false,
			[]catalog.ProductEvent{event("1", "a", 5495, later), event("1", "b", 4995, later)}, 1, 0, 1, 1, 1, 0},
		{"a repeat next to a new variant", false,
			[]catalog.ProductEvent{event("1", "a", 5495, later), event("1", "c", 7000, later)}, 1, 1, 1, 1, 1, 0},
		{"a repeat with a new title", false, []catalog.ProductEvent{renamed}, 1, 1, 0, 1, 1, 0},
		{"a new price of a stored listing", false, []catalog.ProductEvent{event("2", "a", 90, later)}, 1, 0, 1, 1, 0, 0},
		{"a new listing", false, []catalog.ProductEvent{event("9", "a", 100, later)}, 1, 1, 1, 1, 0, 0},
		{"false positive of a new price", true, []catalog.ProductEvent{event("1", "a", 4995, later)}, 1, 0, 1, 1, 0, 1},
		{"false positive of a new title", true, []catalog.ProductEvent{renamed}, 2, 1, 0, 1, 1, 0},
		{"false positive of a new listing", true, []catalog.ProductEvent{event("9", "a", 100, later)}, 1, 1, 1, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nil)
			ctx := context.Background()
			stored := messages(event("1", "a", 5495, t0), event("1", "b", 5995, t0), event("2", "a", 100, t0))
			if _, err := h.ing.Handle(ctx, stored); err != nil {
				t.Fatal(err)
			}
			h.filter.maybe = tt.forceMaybe
			reads, upserts, before := h.store.stateReads, h.store.upserts, h.ing.Stats()
			outs, err := h.ing.Handle(ctx, messages(tt.batch...))
			if err != nil {
				t.Fatal(err)
			}
			if got := h.store.stateReads - reads; got != tt.wantReads {
				t.Errorf("%d listing state reads, want %d", got, tt.wantReads)
			}
			if got := h.store.upserts - upserts; got != tt.wantUpserts {
				t.Errorf("%d listings upserted, want %d", got, tt.wantUpserts)
			}
			got := byTopic(outs)
			if got[catalog.TopicPriceUpdates] != tt.wantUpdates || got[catalog.TopicNormalizedProducts] != tt.wantProducts {
				t.Errorf("outputs %v, want %d price updates and %d normalized products", got, tt.wantUpdates, tt.wantProducts)
			}
			st := h.ing.Stats()
			if d, fp := st.ConfirmedDuplicates-before.ConfirmedDuplicates, st.FalsePositives-before.FalsePositives; d != tt.wantDuplicates || fp != tt.wantFalsePositives {
				t.Errorf("%d confirmed duplicates, %d false positives; want %d, %d", d, fp, tt.wantDuplicates, tt.wantFalsePositives)
			}
			for _, ev := range tt.batch {
				if seen := h.store.lastSeen(ev.Observation().Variant); !seen.Equal(later) {
					t.Errorf("%s/%s last seen %v, want %v: an observation was lost", ev.ListingID, ev.VariantID, seen, later)
				}
			}
		})
	}
}

// A batch on its second try or later writes every listing up front, so that
// a write the store rejects is met where Config.IsolateRejected handles it.
func TestHandleRetryWritesListingsUpFront(t *testing.T) {
	tests := []struct {
		name        string
		attempt     ingest.AttemptFunc
		wantUpserts int
	}{
		{"first try", func(context.Context) (int, int) { return 1, 5 }, 0},
		{"second try", func(context.Context) (int, int) { return 2, 5 }, 2},
		{"no attempt known", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.attempt)
			ctx := context.Background()
			if _, err := h.ing.Handle(ctx, messages(event("1", "a", 5495, t0), event("2", "a", 100, t0))); err != nil {
				t.Fatal(err)
			}
			upserts := h.store.upserts
			later := t0.Add(time.Hour)
			if _, err := h.ing.Handle(ctx, messages(event("1", "a", 5495, later), event("2", "a", 100, later))); err != nil {
				t.Fatal(err)
			}
			if got := h.store.upserts - upserts; got != tt.wantUpserts {
				t.Errorf("%d listings upserted, want %d", got, tt.wantUpserts)
			}
		})
	}
}
