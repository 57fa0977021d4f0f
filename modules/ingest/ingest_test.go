package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ingest"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func event(listing, variant string, price int64, at time.Time) catalog.ProductEvent {
	return catalog.ProductEvent{
		Shop: "skateshop", ListingID: listing, VariantID: variant, ObservedAt: at,
		Title: "Baker Brand Logo Deck", Brand: "baker skateboards", Category: "decks",
		URL: "https://skateshop.example/p/" + listing, Options: map[string]string{"Size": "8.25"},
		VariantTitle: "8.25", Currency: "USD", PriceMinor: price, Availability: "in_stock", SourceRun: "run-1",
	}
}

func messages(evs ...catalog.ProductEvent) []ingest.Message {
	out := make([]ingest.Message, len(evs))
	for i, ev := range evs {
		out[i] = ingest.Message{Topic: catalog.TopicProductEvents, Partition: 2, Offset: int64(100 + i), Key: []byte(ev.Shop), Value: encodeEvent(ev)}
	}
	return out
}

type harness struct {
	ing    *ingest.Ingester
	store  *memStore
	filter *setFilter
}

func newHarness(t *testing.T, attempt ingest.AttemptFunc) harness {
	t.Helper()
	return newHarnessWith(t, ingest.DefaultConfig(), attempt, "skateshop")
}

// newHarnessWith is newHarness with cfg and a store knowing shops.
func newHarnessWith(t *testing.T, cfg ingest.Config, attempt ingest.AttemptFunc, shops ...string) harness {
	t.Helper()
	h := harness{store: newMemStore(shops...), filter: &setFilter{}}
	ing, err := ingest.New(cfg, nil, ingest.Deps{
		Decoder: jsonDecoder{}, Encoder: jsonEncoder{}, Filter: h.filter, ContentKey: contentKey, ListingKey: listingKey,
		Store: h.store, DeadLetter: deadLetter, Attempt: attempt,
	})
	if err != nil {
		t.Fatal(err)
	}
	h.ing = ing
	return h
}

// byTopic counts outputs per topic.
func byTopic(outs []ingest.Output) map[string]int {
	m := map[string]int{}
	for _, o := range outs {
		m[o.Topic]++
	}
	return m
}

func TestHandleHappyPath(t *testing.T) {
	h := newHarness(t, nil)
	msgs := messages(event("1", "a", 5495, t0), event("1", "b", 5495, t0), event("2", "a", 6000, t0))
	outs, err := h.ing.Handle(context.Background(), msgs)
	if err != nil {
		t.Fatal(err)
	}
	got := byTopic(outs)
	want := map[string]int{catalog.TopicNormalizedProducts: 2, catalog.TopicPriceUpdates: 3}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("outputs %v, want %v", got, want)
	}
	if h.store.records != 3 || h.store.upserts != 2 {
		t.Fatalf("store got %d observations, %d listing upserts; want 3, 2", h.store.records, h.store.upserts)
	}
	for _, o := range outs {
		if o.Topic == catalog.TopicPriceUpdates && !strings.HasPrefix(string(o.Key), "skateshop/") {
			t.Errorf("price update key %q", o.Key)
		}
	}
	st := h.ing.Stats()
	if st.Consumed != 3 || st.Observations != 3 || st.ChangePoints != 3 || st.ListingsUpserted != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestHandleDeadLetters(t *testing.T) {
	bad := event("9", "a", -5, t0)
	tests := []struct {
		name, kind string
		msg        ingest.Message
		schemaID   string
	}{
		{"bad magic", ingest.KindDecode, ingest.Message{Topic: "product-events", Partition: 1, Offset: 7, Value: []byte("garbage")}, "0"},
		{"undecodable", ingest.KindDecode, ingest.Message{Topic: "product-events", Partition: 1, Offset: 7, Value: []byte{7, '{'}}, "7"},
		{"invalid", ingest.KindInvalid, ingest.Message{Topic: "product-events", Partition: 1, Offset: 7, Value: encodeEvent(bad)}, "7"},
		{"unknown shop", ingest.KindUnknownShop, func() ingest.Message {
			ev := event("9", "a", 100, t0)
			ev.Shop = "elsewhere"
			return ingest.Message{Topic: "product-events", Partition: 1, Offset: 7, Value: encodeEvent(ev)}
		}(), "7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nil)
			msgs := append([]ingest.Message{tt.msg}, messages(event("1", "a", 5495, t0))...)
			outs, err := h.ing.Handle(context.Background(), msgs)
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != 3 || outs[0].Topic != catalog.TopicDeadLetters {
				t.Fatalf("outputs %v", byTopic(outs))
			}
			dl := outs[0]
			for k, want := range map[string]string{
				"x-source-topic": "product-events", "x-source-partition": "1", "x-source-offset": "7",
				"x-error-kind": tt.kind, "x-schema-id": tt.schemaID,
			} {
				if got := header(dl, k); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
			if header(dl, "x-error-message") == "" || string(dl.Value) != string(tt.msg.Value) {
				t.Errorf("dead letter lost its message or value")
			}
			if h.store.records != 1 {
				t.Errorf("rest of batch: %d observations recorded, want 1", h.store.records)
			}
			if h.ing.Stats().DeadLettered[tt.kind] != 1 {
				t.Errorf("stats %+v", h.ing.Stats())
			}
		})
	}
}

func TestHandleDedup(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if _, err := h.ing.Handle(ctx, messages(event("1", "a", 5495, t0))); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(time.Hour)
	outs, err := h.ing.Handle(ctx, messages(event("1", "a", 5495, later)))
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 0 {
		t.Fatalf("unchanged re-scrape produced %v", byTopic(outs))
	}
	k := catalog.VariantKey{ShopSlug: "skateshop", ListingExternalID: "1", VariantExternalID: "a"}
	if got := h.store.lastSeen(k); !got.Equal(later) {
		t.Errorf("last seen %v, want %v", got, later)
	}
	if h.store.upserts != 1 {
		t.Errorf("listing upserted %d times, want 1", h.store.upserts)
	}
	st := h.ing.Stats()
	if st.BloomMaybe != 1 || st.ConfirmedDuplicates != 1 || st.FalsePositives != 0 {
		t.Errorf("stats %+v", st)
	}

	// A renamed title with unchanged prices is still written and published.
	renamed := event("1", "a", 5495, later.Add(time.Hour))
	renamed.Title = "Baker Brand Logo Deck Red"
	outs, err = h.ing.Handle(ctx, messages(renamed))
	if err != nil {
		t.Fatal(err)
	}
	if got := byTopic(outs); got[catalog.TopicNormalizedProducts] != 1 || got[catalog.TopicPriceUpdates] != 0 {
		t.Errorf("rename outputs %v", got)
	}
}

func TestHandleFalsePositive(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if _, err := h.ing.Handle(ctx, messages(event("1", "a", 5495, t0))); err != nil {
		t.Fatal(err)
	}
	h.filter.maybe = true // the filter claims the new price was seen
	outs, err := h.ing.Handle(ctx, messages(event("1", "a", 4995, t0.Add(time.Hour))))
	if err != nil {
		t.Fatal(err)
	}
	if got := byTopic(outs); got[catalog.TopicPriceUpdates] != 1 || got[catalog.TopicNormalizedProducts] != 1 {
		t.Fatalf("price drop behind a false positive: outputs %v", got)
	}
	if !strings.Contains(string(outs[1].Value), `"Prev":{`) {
		t.Errorf("price update lacks previous state: %s", outs[1].Value)
	}
	if st := h.ing.Stats(); st.FalsePositives != 1 || st.ConfirmedDuplicates != 0 {
		t.Errorf("stats %+v", st)
	}
}

// A "maybe seen" observation skips its listing's write; when the store then
// does not know its variant (a false positive for a variant never stored),
// Handle writes the listing and records the observation in the same call.
func TestHandleFalsePositiveUnknownVariant(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	msgs := messages(event("1", "a", 5495, t0))
	first, err := h.ing.Handle(ctx, msgs)
	if err != nil {
		t.Fatal(err)
	}
	// The store forgets the listing but still answers reads with it, as
	// if the filter and a stale read both claimed it was stored.
	h.store.stale = map[string]catalog.Listing{"skateshop/1": h.store.listings["skateshop/1"]}
	delete(h.store.listings, "skateshop/1")
	h.store.points = map[catalog.VariantKey][]*point{}
	h.filter.maybe = true
	again, err := h.ing.Handle(ctx, msgs)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(outputsText(first)) != fmt.Sprint(outputsText(again)) {
		t.Fatalf("outputs differ:\n%v\n%v", outputsText(first), outputsText(again))
	}
	if _, ok := h.store.listings["skateshop/1"]; !ok || h.store.upserts != 2 {
		t.Errorf("listing not written again (%d upserts)", h.store.upserts)
	}
	k := catalog.VariantKey{ShopSlug: "skateshop", ListingExternalID: "1", VariantExternalID: "a"}
	if n := len(h.store.points[k]); n != 1 {
		t.Errorf("%d change points, want 1", n)
	}
	if st := h.ing.Stats(); st.FalsePositives != 1 || st.ConfirmedDuplicates != 0 {
		t.Errorf("stats %+v", st)
	}
}

// The stored listings the filter remembers are confirmed in the one read
// the outputs make, and only the one that differs (here a rename) is
// written, then read again for its record.
func TestHandleConfirmsListingsInOneRead(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if _, err := h.ing.Handle(ctx, messages(event("1", "a", 5495, t0), event("2", "a", 5495, t0), event("3", "a", 5495, t0))); err != nil {
		t.Fatal(err)
	}
	upserts, reads := h.store.upserts, h.store.stateReads
	h.filter.maybe = true
	renamed := event("2", "a", 5495, t0.Add(time.Hour))
	renamed.Title = "Baker Brand Logo Deck Red"
	later := messages(event("1", "a", 5495, t0.Add(time.Hour)), renamed, event("3", "a", 5495, t0.Add(time.Hour)))
	if _, err := h.ing.Handle(ctx, later); err != nil {
		t.Fatal(err)
	}
	if n := h.store.stateReads - reads; n != 2 {
		t.Errorf("%d listing state reads for one batch, want 2", n)
	}
	if h.store.upserts != upserts+1 || h.store.listings["skateshop/2"].Title != renamed.Title {
		t.Errorf("%d upserts after %d, title %q", h.store.upserts, upserts, h.store.listings["skateshop/2"].Title)
	}
}

func TestHandleFilterError(t *testing.T) {
	h := newHarness(t, nil)
	h.filter.err = errors.New("redis down")
	outs, err := h.ing.Handle(context.Background(), messages(event("1", "a", 5495, t0)))
	if err != nil {
		t.Fatal(err)
	}
	if got := byTopic(outs); got[catalog.TopicPriceUpdates] != 1 {
		t.Fatalf("outputs %v", got)
	}
	if st := h.ing.Stats(); st.FilterErrors != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestHandleStoreError(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		attempt  ingest.AttemptFunc
		wantErr  bool
		wantDead int
	}{
		{"transient", errTransient, nil, true, 0},
		{"rejected early attempt", catalog.ErrInvalid, func(context.Context) (int, int) { return 1, 3 }, true, 0},
		{"rejected last attempt", catalog.ErrInvalid, func(context.Context) (int, int) { return 3, 3 }, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.attempt)
			h.store.failWith = tt.err
			outs, err := h.ing.Handle(context.Background(), messages(event("1", "a", 1, t0), event("2", "a", 1, t0)))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr && (outs != nil || !errors.Is(err, tt.err)) {
				t.Fatalf("outputs %v with error %v", outs, err)
			}
			if got := byTopic(outs)[catalog.TopicDeadLetters]; got != tt.wantDead {
				t.Errorf("%d dead letters, want %d", got, tt.wantDead)
			}
			if tt.wantErr && h.ing.Stats().Consumed != 0 {
				t.Errorf("failed batch counted: %+v", h.ing.Stats())
			}
		})
	}
}

func TestHandleRedeliveryIdempotent(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	msgs := messages(event("1", "a", 5495, t0), event("1", "a", 4995, t0.Add(time.Hour)), event("2", "a", 100, t0))
	first, err := h.ing.Handle(ctx, msgs)
	if err != nil {
		t.Fatal(err)
	}
	// The transaction aborted after the write: the batch comes again and
	// must yield the same outputs, not be swallowed as duplicates.
	second, err := h.ing.Handle(ctx, msgs)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(outputsText(first)) != fmt.Sprint(outputsText(second)) {
		t.Fatalf("redelivery differs:\n%v\n%v", outputsText(first), outputsText(second))
	}
	if got := byTopic(first)[catalog.TopicPriceUpdates]; got != 3 {
		t.Errorf("%d price updates, want 3", got)
	}
	if n := len(h.store.points[catalog.VariantKey{ShopSlug: "skateshop", ListingExternalID: "1", VariantExternalID: "a"}]); n != 2 {
		t.Errorf("%d change points, want 2", n)
	}
}

func outputsText(outs []ingest.Output) []string {
	s := make([]string, len(outs))
	for i, o := range outs {
		s[i] = o.Topic + " " + string(o.Key) + " " + string(o.Value)
	}
	return s
}

func TestHandleNormalizes(t *testing.T) {
	h := newHarness(t, nil)
	ev := event("1", "a", 5495, t0.Add(123456789*time.Nanosecond))
	ev.Title = "  Baker &amp; Co   Logo Deck "
	ev.Brand = "BAKER SKATEBOARDS"
	ev.Category = "other"
	if _, err := h.ing.Handle(context.Background(), messages(ev)); err != nil {
		t.Fatal(err)
	}
	l := h.store.listings["skateshop/1"]
	if l.Title != "Baker & Co Logo Deck" || l.Brand != "Baker" || l.Category != catalog.CategoryDecks {
		t.Errorf("listing %q %q %q", l.Title, l.Brand, l.Category)
	}
	if got := l.Variants[0].Attributes.DeckWidthHundredths; got != 825 {
		t.Errorf("deck width %d, want 825", got)
	}
	k := catalog.VariantKey{ShopSlug: "skateshop", ListingExternalID: "1", VariantExternalID: "a"}
	if p := h.store.points[k][0]; p.state.Price.Amount != 5495 || p.from.Nanosecond()%1000 != 0 {
		t.Errorf("point %+v", p)
	}
}

func TestNewRejects(t *testing.T) {
	cfg := ingest.DefaultConfig()
	cfg.PriceUpdatesTopic = cfg.NormalizedProductsTopic
	if _, err := ingest.New(cfg, nil, ingest.Deps{}); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("shared topic: %v", err)
	}
	if _, err := ingest.New(ingest.DefaultConfig(), nil, ingest.Deps{}); err == nil || !strings.Contains(err.Error(), "decoder") {
		t.Errorf("missing deps: %v", err)
	}
}

// A listing whose handle or tags change while its prices stay is written
// and published like a rename: the store must not keep stale tags, and an
// event that carries the same ones must not be written again.
func TestHandleWritesHandleAndTagChanges(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	first := event("1", "a", 5495, t0)
	first.Handle, first.Tags = "baker-logo", []string{"decks"}
	if _, err := h.ing.Handle(ctx, messages(first)); err != nil {
		t.Fatal(err)
	}
	h.filter.maybe = true
	tests := []struct {
		name        string
		edit        func(*catalog.ProductEvent)
		wantUpserts int
	}{
		{"same handle and tags", func(*catalog.ProductEvent) {}, 0},
		{"tag added", func(e *catalog.ProductEvent) { e.Tags = []string{"decks", "sale"} }, 1},
		{"handle changed", func(e *catalog.ProductEvent) { e.Handle = "baker-brand-logo" }, 1},
	}
	at := t0
	for _, tt := range tests {
		at = at.Add(time.Hour)
		ev := event("1", "a", 5495, at)
		ev.Handle, ev.Tags = h.store.listings["skateshop/1"].Handle, h.store.listings["skateshop/1"].Tags
		tt.edit(&ev)
		before := h.store.upserts
		outs, err := h.ing.Handle(ctx, messages(ev))
		if err != nil {
			t.Fatal(err)
		}
		stored := h.store.listings["skateshop/1"]
		if got := h.store.upserts - before; got != tt.wantUpserts {
			t.Errorf("%s: %d upserts, want %d", tt.name, got, tt.wantUpserts)
		}
		if got := byTopic(outs)[catalog.TopicNormalizedProducts]; got != tt.wantUpserts {
			t.Errorf("%s: %d normalized records, want %d", tt.name, got, tt.wantUpserts)
		}
		if stored.Handle != ev.Handle || fmt.Sprint(stored.Tags) != fmt.Sprint(ev.Tags) {
			t.Errorf("%s: stored handle %q tags %v, want %q %v", tt.name, stored.Handle, stored.Tags, ev.Handle, ev.Tags)
		}
	}
}
