package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ingest"
	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/store"
)

// serdeCodec adapts schema.Serde to ingest's Decoder and Encoder.
type serdeCodec struct{ serde *schema.Serde }

var (
	_ ingest.Decoder = serdeCodec{}
	_ ingest.Encoder = serdeCodec{}
)

// Decode reads a product event. A schema id the Serde has not met is looked
// up in the registry first: a producer upgraded before this consumer writes
// with a newer version (a rolling deploy), and its records are good. Every
// other failure is final (bad header, a schema the registry does not have
// or that is no SkateStock record, bad Avro): it wraps catalog.ErrInvalid
// and the record is dead-lettered. A registry that does not answer is
// transient: the batch is retried rather than its records dropped.
func (s serdeCodec) Decode(ctx context.Context, value []byte) (catalog.ProductEvent, int, error) {
	var ev catalog.ProductEvent
	id, err := schema.SchemaID(value)
	if err != nil {
		return ev, 0, err
	}
	err = s.serde.Decode(value, &ev)
	if unknown := (*schema.UnknownSchemaError)(nil); errors.As(err, &unknown) {
		// Learn's error wraps catalog.ErrInvalid exactly when it is final.
		if lerr := s.serde.Learn(ctx, unknown.ID); lerr != nil {
			return ev, id, fmt.Errorf("decode product event: %w", lerr)
		}
		err = s.serde.Decode(value, &ev)
	}
	if err != nil {
		if !errors.Is(err, catalog.ErrInvalid) {
			err = fmt.Errorf("%w %w", catalog.ErrInvalid, err)
		}
		return ev, id, fmt.Errorf("decode product event: %w", err)
	}
	return ev, id, nil
}

func (s serdeCodec) EncodeProduct(p catalog.Product) ([]byte, error) {
	return s.serde.Encode(schema.FromProduct(p))
}

func (s serdeCodec) EncodePriceUpdate(prev *catalog.PriceObservation, cur catalog.PriceObservation) ([]byte, error) {
	return s.serde.Encode(schema.NewPriceUpdate(prev, cur))
}

// ingestStore adapts store.Store to ingest's Store port.
type ingestStore struct{ store.Store }

var _ ingest.Store = ingestStore{}

// ListingStates maps ingest's listing keys to the store's and back.
func (s ingestStore) ListingStates(ctx context.Context, keys []ingest.ListingKey) (map[ingest.ListingKey]catalog.Product, error) {
	return byListing(ctx, keys, s.Store.ListingStates)
}

// byListing runs a batch read of the store with ingest's listing keys.
func byListing[V any](ctx context.Context, keys []ingest.ListingKey,
	read func(context.Context, []store.ListingKey) (map[store.ListingKey]V, error),
) (map[ingest.ListingKey]V, error) {
	sk := make([]store.ListingKey, len(keys))
	for i, k := range keys {
		sk[i] = store.ListingKey(k)
	}
	found, err := read(ctx, sk)
	if err != nil {
		return nil, err
	}
	out := make(map[ingest.ListingKey]V, len(found))
	for k, v := range found {
		out[ingest.ListingKey(k)] = v
	}
	return out, nil
}

// RecordObservations maps store.RecordResult to ingest.Recorded; the
// previous points become observations at their ValidFrom.
func (s ingestStore) RecordObservations(ctx context.Context, obs []catalog.PriceObservation) (ingest.Recorded, error) {
	res, err := s.Store.RecordObservations(ctx, obs)
	if err != nil {
		return ingest.Recorded{}, err
	}
	rec := ingest.Recorded{Unknown: res.Unknown, Unchanged: res.Unchanged, Created: make([]ingest.Created, len(res.Created))}
	for i, c := range res.Created {
		rec.Created[i] = ingest.Created{Index: c.Index, Obs: obs[c.Index]}
		if p := c.Previous; p != nil {
			rec.Created[i].Previous = &catalog.PriceObservation{
				Variant: p.Variant, ObservedAt: p.ValidFrom, Price: p.Price, CompareAt: p.CompareAt,
				Availability: p.Availability, SourceRun: p.SourceRun,
			}
		}
	}
	return rec, nil
}
