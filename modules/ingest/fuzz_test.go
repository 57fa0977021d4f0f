package ingest_test

import (
	"context"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ingest"
)

// FuzzHandle feeds arbitrary record values: Handle must not panic, and every
// message must be either stored or dead-lettered.
func FuzzHandle(f *testing.F) {
	f.Add(encodeEvent(event("1", "a", 5495, t0)))
	f.Add([]byte{7, '{', '}'})
	f.Add([]byte("\x07{\"shop\":\"skateshop\",\"price_minor\":-1}"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, value []byte) {
		h := newHarness(t, nil)
		msgs := []ingest.Message{{Topic: "product-events", Value: value}}
		outs, err := h.ing.Handle(context.Background(), msgs)
		if err != nil {
			t.Fatalf("Handle: %v", err)
		}
		dead := byTopic(outs)[catalog.TopicDeadLetters]
		if dead+h.store.records != 1 {
			t.Fatalf("%d dead letters and %d observations for one message", dead, h.store.records)
		}
	})
}
