package ingest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ingest"
)

// products decodes the normalized-products records of outs by key.
func products(t *testing.T, outs []ingest.Output) map[string]catalog.Product {
	t.Helper()
	m := map[string]catalog.Product{}
	for _, o := range outs {
		if o.Topic != catalog.TopicNormalizedProducts {
			continue
		}
		p, err := decodeProduct(o.Value)
		if err != nil {
			t.Fatalf("decode %s: %v", o.Key, err)
		}
		if _, dup := m[string(o.Key)]; dup {
			t.Errorf("two normalized products for %s", o.Key)
		}
		m[string(o.Key)] = p
	}
	return m
}

// The topic is compacted: a batch that observes one variant of a listing
// must still publish every variant, or compaction forgets the others.
func TestHandlePublishesWholeListing(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if _, err := h.ing.Handle(ctx, messages(event("1", "a", 5495, t0), event("1", "b", 5995, t0), event("1", "c", 6495, t0))); err != nil {
		t.Fatal(err)
	}
	reads := h.store.stateReads
	later := t0.Add(time.Hour)
	outs, err := h.ing.Handle(ctx, messages(event("1", "b", 4995, later)))
	if err != nil {
		t.Fatal(err)
	}
	// The outputs' read also confirms the listing the filter remembers.
	if n := h.store.stateReads - reads; n != 1 {
		t.Errorf("%d listing state reads for one batch, want 1", n)
	}
	if got := byTopic(outs); got[catalog.TopicNormalizedProducts] != 1 || got[catalog.TopicPriceUpdates] != 1 {
		t.Fatalf("outputs %v, want one normalized product and one price update", got)
	}
	p, ok := products(t, outs)["skateshop/1"]
	if !ok {
		t.Fatal("no normalized product for skateshop/1")
	}
	type state struct {
		id       string
		price    int64
		from, at time.Time
	}
	want := []state{{"a", 5495, t0, t0}, {"b", 4995, later, later}, {"c", 6495, t0, t0}}
	var got []state
	for _, v := range p.Variants {
		if !v.Observed || v.Price.Currency != "USD" || v.Availability != catalog.InStock {
			t.Errorf("variant %s state %+v", v.ExternalID, v)
		}
		got = append(got, state{v.ExternalID, v.Price.Amount, v.PriceSince, v.LastSeen})
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("variants %v\nwant %v", got, want)
	}
	if p.Title != "Baker Brand Logo Deck" || p.Brand != "Baker" || p.ShopSlug != "skateshop" || p.ExternalID != "1" {
		t.Errorf("listing fields %+v", p.ProductSummary)
	}
}

// A listing deleted between the write and the read publishes no
// normalized product; the batch still succeeds with its price updates.
func TestHandleSkipsVanishedListing(t *testing.T) {
	h := newHarness(t, nil)
	h.store.vanished = map[string]bool{"skateshop/2": true}
	outs, err := h.ing.Handle(context.Background(), messages(event("1", "a", 5495, t0), event("2", "a", 5995, t0)))
	if err != nil {
		t.Fatal(err)
	}
	got := products(t, outs)
	if _, ok := got["skateshop/2"]; ok || len(got) != 1 {
		t.Errorf("normalized products for %v, want skateshop/1 only", keysOf(got))
	}
	if n := byTopic(outs)[catalog.TopicPriceUpdates]; n != 2 {
		t.Errorf("%d price updates, want 2", n)
	}
}

// A batch redelivered after a newer one publishes the listing's state as
// stored now, the newer observation included; its price updates are the
// same as the first time.
func TestHandleRedeliveryAfterNewerBatch(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	old := messages(event("1", "a", 5495, t0), event("1", "b", 5995, t0))
	first, err := h.ing.Handle(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	later := t0.Add(time.Hour)
	if _, err := h.ing.Handle(ctx, messages(event("1", "a", 4995, later))); err != nil {
		t.Fatal(err)
	}
	again, err := h.ing.Handle(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	priceUpdates := func(outs []ingest.Output) []string {
		var s []string
		for _, o := range outs {
			if o.Topic == catalog.TopicPriceUpdates {
				s = append(s, string(o.Key)+" "+string(o.Value))
			}
		}
		return s
	}
	if fmt.Sprint(priceUpdates(first)) != fmt.Sprint(priceUpdates(again)) {
		t.Errorf("price updates differ:\n%v\n%v", priceUpdates(first), priceUpdates(again))
	}
	p := products(t, again)["skateshop/1"]
	if len(p.Variants) != 2 || p.Variants[0].Price.Amount != 4995 || !p.Variants[0].LastSeen.Equal(later) ||
		p.Variants[1].Price.Amount != 5995 {
		t.Errorf("redelivered record variants %+v, want a at its newer price and b as first seen", p.Variants)
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
