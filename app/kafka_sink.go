package app

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/scrape"
)

// kafkaSink is the scrape.Sink of --sink kafka: each batch's observations
// become product events, Avro-encoded and keyed by shop, published to
// product-events for `skatestock consume`. The shop itself is upserted into
// the store first (once per process), since ingest never creates shops.
// Publish returns only when every event is acknowledged, so a delivery
// failure fails the run. It is safe for concurrent use.
type kafkaSink struct {
	shops     *storeWriter
	producer  *bus.Producer
	serde     *schema.Serde
	topic     string
	published atomic.Int64
}

var _ scrape.Sink = (*kafkaSink)(nil)

func (s *kafkaSink) Publish(ctx context.Context, b scrape.Batch) error {
	if err := s.shops.ensureShop(ctx, b.Shop); err != nil {
		return err
	}
	events, err := b.Events()
	if err != nil {
		return err
	}
	if len(events) == 0 {
		return nil
	}
	key := []byte(b.Shop.Slug)
	recs := make([]bus.Record, len(events))
	for i := range events {
		v, err := s.serde.Encode(events[i])
		if err != nil {
			return fmt.Errorf("encode product event: %w", err)
		}
		recs[i] = bus.Record{Topic: s.topic, Key: key, Value: v}
	}
	if err := s.producer.Publish(ctx, recs); err != nil {
		return fmt.Errorf("publish product events of %s: %w", b.Shop.Slug, err)
	}
	s.published.Add(int64(len(recs)))
	return nil
}
