package ingest

import (
	"context"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Message is one consumed record as ingest needs it. App builds it from a
// bus record; Value is never modified.
type Message struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte
	Value     []byte
	Headers   []Header
}

// Header is one record header.
type Header struct {
	Key   string
	Value []byte
}

// Output is one record Handle asks the caller to produce in the batch's
// transaction.
type Output struct {
	Topic   string
	Key     []byte
	Value   []byte
	Headers []Header
}

// Decoder reads a product-events record value (schema.Serde in app). It
// must be safe for concurrent use: a batch is decoded by several
// goroutines (Config.DecodeWorkers).
type Decoder interface {
	// Decode returns the event in value and the schema id of its wire
	// header (0 when the header is unreadable). An error wrapping
	// catalog.ErrInvalid means the value can never be decoded (bad magic,
	// unknown schema id, bad Avro) and is dead-lettered; any other error is
	// transient (registry unreachable) and fails the batch.
	Decode(ctx context.Context, value []byte) (ev catalog.ProductEvent, schemaID int, err error)
}

// Encoder writes the output records' values (schema.Serde in app: Encode of
// schema.FromProduct and schema.NewPriceUpdate). An error fails the batch.
type Encoder interface {
	// EncodeProduct encodes the normalized-products record of listing
	// state p, as Reader.ListingStates returns it.
	EncodeProduct(p catalog.Product) ([]byte, error)
	// EncodePriceUpdate encodes the move from prev (nil on a first
	// sighting) to cur.
	EncodePriceUpdate(prev *catalog.PriceObservation, cur catalog.PriceObservation) ([]byte, error)
}

// Filter is the approximate memory of keys (dedup.Filter, usually
// dedup.FailOpen): of price states (Deps.ContentKey) and of what listings
// say of themselves (Deps.ListingKey). keys[i] answered true means "maybe
// seen". When every item of a listing has its content maybe seen, ingest
// reads the stored listing and skips its write if it already says the
// same; observations are recorded whatever the answer, and the store's
// answer (Recorded.Unchanged) decides what is published.
type Filter interface {
	TestAndAdd(ctx context.Context, keys [][]byte) ([]bool, error)
}

// Recorded is what the store did with a batch of observations
// (store.RecordResult adapted in app).
type Recorded struct {
	// Unknown lists the variants the store skipped as unknown.
	Unknown []catalog.VariantKey
	// Created lists, in batch order, the change points that observations
	// of the batch start: the observation's time is the point's ValidFrom
	// and its state the point's. A batch written again reports the same
	// points, which is what keeps Handle's outputs the same on redelivery.
	// Each point is listed once.
	Created []Created
	// Unchanged[i] is true when obs[i] only repeated or extended a point of
	// its state that started strictly before it. One entry per observation.
	Unchanged []bool
}

// Created is a change point an observation of the batch starts.
type Created struct {
	Index    int                       // the observation in the batch
	Obs      catalog.PriceObservation  // that observation, as passed in
	Previous *catalog.PriceObservation // the point in force just before (ObservedAt is its ValidFrom), nil on a first sighting
}

// Reader is what ingest reads from the store (store.Store adapted in app).
type Reader interface {
	// Shop returns the shop with slug, or an error wrapping
	// catalog.ErrNotFound. Ingest never creates shops: an event of an
	// unknown shop is dead-lettered (kind "unknown_shop") for replay once
	// the shop is configured.
	Shop(ctx context.Context, slug string) (catalog.Shop, error)
	// ListingStates returns the listings of keys with every variant they
	// have and its current price and stock (store.Store's ListingStates),
	// in one round of reads whatever len(keys). Keys naming no stored
	// listing are absent from the map. Ingest reads it once per batch,
	// after the writes, for the normalized-products records and to confirm
	// what the filter remembers (and again for the rare listing that
	// confirmation writes).
	ListingStates(ctx context.Context, keys []ListingKey) (map[ListingKey]catalog.Product, error)
}

// ListingKey names a listing: its shop's slug and its external id.
type ListingKey struct {
	ShopSlug   string
	ExternalID string
}

// Writer is what ingest writes to the store. Both calls are idempotent and
// durable when they return nil (store.Store's contract), and safe for
// concurrent use on disjoint shops (Config.WriteShards).
type Writer interface {
	// UpsertListings inserts or updates listings and their variants in one
	// transaction; the shops must exist.
	UpsertListings(ctx context.Context, listings []catalog.Listing) error
	// RecordObservations folds obs into change-point history in one
	// transaction and reports what it did.
	RecordObservations(ctx context.Context, obs []catalog.PriceObservation) (Recorded, error)
}

// Store is the whole store port.
type Store interface {
	Reader
	Writer
}

// DeadLetterFunc builds the dead-letter output for m (bus.TopicsConfig.
// DeadLetter adapted in app), so that there is one implementation of the
// dead-letter headers. kind is a short stable word, schemaID 0 when unknown.
type DeadLetterFunc func(m Message, kind, msg string, schemaID int) Output

// AttemptFunc reports which try of the current batch this is (from 1) and
// how many there are; bus.Attempt fits. 0, 0 means unknown.
type AttemptFunc func(ctx context.Context) (n, of int)
