package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Config tunes an Ingester. The zero value is not valid; start from
// DefaultConfig.
type Config struct {
	// NormalizedProductsTopic and PriceUpdatesTopic name the output topics.
	// Dead letters go where DeadLetterFunc sends them.
	NormalizedProductsTopic string
	PriceUpdatesTopic       string
	// WriteChunk bounds how many listings or observations go into one store
	// call, so that one huge poll does not become one huge transaction.
	// Set it to the consumer's largest poll to make one poll one call per
	// write, which is what the store's set-based writes are fastest at.
	WriteChunk int
	// WriteShards is how many store calls may write at once, each the
	// listings and observations of its own shops. The store locks per
	// shop, so shards never wait on each other; 1 writes the batch in one
	// go, right for a store with one writer at a time (SQLite).
	WriteShards int
	// DecodeWorkers is how many goroutines decode, normalize and validate
	// one batch; the order of the batch is kept whatever the number.
	DecodeWorkers int
	// IsolateRejected makes the last attempt of a batch that the store keeps
	// rejecting as invalid (catalog.ErrInvalid or ErrNotFound, which a retry
	// cannot fix) write message by message and dead-letter (kind "store")
	// the messages still rejected, so that one record cannot stop its
	// partition. Transient store errors are never dead-lettered.
	IsolateRejected bool
}

// DefaultConfig returns the topic names the modules agree on and safe bounds.
func DefaultConfig() Config {
	return Config{
		NormalizedProductsTopic: catalog.TopicNormalizedProducts,
		PriceUpdatesTopic:       catalog.TopicPriceUpdates,
		WriteChunk:              1000,
		WriteShards:             1,
		DecodeWorkers:           runtime.GOMAXPROCS(0),
		IsolateRejected:         true,
	}
}

// Validate reports an empty, blank-padded or shared topic name and a
// non-positive WriteChunk, WriteShards or DecodeWorkers.
func (c Config) Validate() error {
	var errs []error
	for _, t := range []struct{ name, value string }{
		{"normalized products topic", c.NormalizedProductsTopic},
		{"price updates topic", c.PriceUpdatesTopic},
	} {
		if t.value == "" || strings.TrimSpace(t.value) != t.value {
			errs = append(errs, fmt.Errorf("%s %q is empty or blank-padded", t.name, t.value))
		}
	}
	if c.NormalizedProductsTopic == c.PriceUpdatesTopic {
		errs = append(errs, fmt.Errorf("normalized products and price updates share topic %q", c.PriceUpdatesTopic))
	}
	for _, n := range []struct {
		name  string
		value int
	}{{"write chunk", c.WriteChunk}, {"write shards", c.WriteShards}, {"decode workers", c.DecodeWorkers}} {
		if n.value < 1 {
			errs = append(errs, fmt.Errorf("%s %d is not positive", n.name, n.value))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w ingest config: %w", catalog.ErrInvalid, err)
	}
	return nil
}

// Deps are the pieces app hands an Ingester. All but Attempt are required.
// The key functions must give different keys for different states and
// listing contents, but may collide otherwise: the store confirms.
type Deps struct {
	Decoder    Decoder
	Encoder    Encoder
	Filter     Filter
	ContentKey func(catalog.PriceObservation) []byte // dedup.ContentKey: the key of a price state
	ListingKey func(catalog.Listing) []byte          // dedup.ListingKey: the key of a listing's content
	Store      Store
	DeadLetter DeadLetterFunc
	Attempt    AttemptFunc // bus.Attempt; nil means every try is the last
}

func (d Deps) validate() error {
	var missing []string
	for name, nilDep := range map[string]bool{
		"decoder": d.Decoder == nil, "encoder": d.Encoder == nil, "filter": d.Filter == nil,
		"content key": d.ContentKey == nil, "listing key": d.ListingKey == nil, "store": d.Store == nil,
		"dead letter": d.DeadLetter == nil,
	} {
		if nilDep {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w ingest deps: missing %s", catalog.ErrInvalid, strings.Join(sortedCopy(missing), ", "))
	}
	return nil
}

// lastAttempt reports whether the batch in ctx is on its last try.
func (d Deps) lastAttempt(ctx context.Context) bool {
	if d.Attempt == nil {
		return true
	}
	n, of := d.Attempt(ctx)
	return of == 0 || n >= of
}

// attempt is Deps.Attempt, 0, 0 when there is none.
func (in *Ingester) attempt(ctx context.Context) (n, of int) {
	if in.deps.Attempt == nil {
		return 0, 0
	}
	return in.deps.Attempt(ctx)
}
