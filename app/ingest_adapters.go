package app

import (
	"context"
	"errors"
	"fmt"
	"time"

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

// Decode reads a product event. Every failure is final (bad header, a
// schema id the Serde does not know, bad Avro), so it wraps
// catalog.ErrInvalid and the record is dead-lettered.
func (s serdeCodec) Decode(value []byte) (catalog.ProductEvent, int, error) {
	var ev catalog.ProductEvent
	id, err := schema.SchemaID(value)
	if err != nil {
		return ev, 0, err
	}
	if err := s.serde.Decode(value, &ev); err != nil {
		if !errors.Is(err, catalog.ErrInvalid) {
			err = fmt.Errorf("%w %w", catalog.ErrInvalid, err)
		}
		return ev, id, fmt.Errorf("decode product event: %w", err)
	}
	return ev, id, nil
}

func (s serdeCodec) EncodeProduct(l catalog.Listing, obs []catalog.PriceObservation) ([]byte, error) {
	return s.serde.Encode(schema.FromListing(l, obs))
}

func (s serdeCodec) EncodePriceUpdate(prev *catalog.PriceObservation, cur catalog.PriceObservation) ([]byte, error) {
	return s.serde.Encode(schema.NewPriceUpdate(prev, cur))
}

// ingestStore adapts store.Store to ingest's Store port.
type ingestStore struct{ store.Store }

var _ ingest.Store = ingestStore{}

func (s ingestStore) PriceAt(ctx context.Context, key catalog.VariantKey, at time.Time) (ingest.Point, error) {
	p, err := s.Store.PriceAt(ctx, key, at)
	if err != nil {
		return ingest.Point{}, err
	}
	return ingest.Point{ValidFrom: p.ValidFrom, State: catalog.PriceObservation{
		Variant: p.Variant, ObservedAt: p.ValidFrom, Price: p.Price, CompareAt: p.CompareAt,
		Availability: p.Availability, SourceRun: p.SourceRun,
	}}, nil
}

func (s ingestStore) RecordObservations(ctx context.Context, obs []catalog.PriceObservation) ([]catalog.VariantKey, error) {
	res, err := s.Store.RecordObservations(ctx, obs)
	return res.Unknown, err
}
