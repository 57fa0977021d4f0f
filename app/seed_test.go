package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// recordingStore is a store.Store whose RecordObservations returns canned
// results; the other methods are not called by storeWriter.RecordObservations.
type recordingStore struct {
	store.Store
	results []store.RecordResult
}

func (s *recordingStore) RecordObservations(_ context.Context, obs []catalog.PriceObservation) (store.RecordResult, error) {
	r := s.results[0]
	s.results = s.results[1:]
	r.Observations = len(obs)
	return r, nil
}

func TestStoreWriterTotalsAndUnknown(t *testing.T) {
	key := catalog.VariantKey{ShopSlug: "shop", ListingExternalID: "l1", VariantExternalID: "v1"}
	s := &recordingStore{results: []store.RecordResult{
		{ChangePoints: 2, Extended: 1},
		{ChangePoints: 1},
		{Unknown: []catalog.VariantKey{key}},
	}}
	w := newStoreWriter(s)
	ctx := context.Background()
	if err := w.RecordObservations(ctx, make([]catalog.PriceObservation, 3)); err != nil {
		t.Fatal(err)
	}
	if err := w.RecordObservations(ctx, make([]catalog.PriceObservation, 1)); err != nil {
		t.Fatal(err)
	}
	if got := w.totals(); got.Observations != 4 || got.ChangePoints != 3 || got.Extended != 1 {
		t.Errorf("totals %+v", got)
	}
	err := w.RecordObservations(ctx, make([]catalog.PriceObservation, 1))
	if err == nil || !strings.Contains(err.Error(), "shop/l1/v1") {
		t.Errorf("unknown variants should fail the run naming one, got %v", err)
	}
}

func TestSeedProgressPlainLines(t *testing.T) {
	var stderr bytes.Buffer
	p := (&cli{stderr: &stderr}).newSeedProgress(1000)
	for done := 0; done <= 1000; done += 7 {
		p.report(done, 1000)
	}
	p.report(1000, 1000)
	p.finish()
	p.report(1000, 1000) // after finish: ignored
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 11 {
		t.Fatalf("want a line at start and every tenth (11), got %d:\n%s", len(lines), stderr.String())
	}
	if lines[0] != "seeded 0/1000 observations" || lines[10] != "seeded 1000/1000 observations" {
		t.Errorf("first %q, last %q", lines[0], lines[10])
	}
}
