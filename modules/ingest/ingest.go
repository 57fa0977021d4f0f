package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Dead-letter kinds Handle uses, the x-error-kind header of its dead letters.
const (
	KindDecode      = "decode"       // bad magic, unknown schema id, undecodable value
	KindInvalid     = "invalid"      // decoded but breaks a catalog rule after normalization
	KindUnknownShop = "unknown_shop" // the shop is not configured; replay once it is
	KindStore       = "store"        // the store kept rejecting it as invalid on the last attempt
)

// Ingester validates, normalizes, deduplicates and stores product events.
// Handle must not be called concurrently (bus calls its handler from one
// goroutine); Stats may be called at any time.
type Ingester struct {
	cfg  Config
	log  *slog.Logger
	deps Deps

	mu    sync.Mutex
	stats Stats
}

// New checks cfg and deps and returns an Ingester. log may be nil.
func New(cfg Config, log *slog.Logger, deps Deps) (*Ingester, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := deps.validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Ingester{cfg: cfg, log: log.With("module", "ingest"), deps: deps}, nil
}

// item is one message that decoded, normalized and validated.
type item struct {
	msg      Message
	schemaID int
	obs      catalog.PriceObservation
	listing  catalog.Listing // with the one variant the event observed
	// stateKey and contentKey are the filter's keys of obs's state
	// (Deps.ContentKey) and of what listing says (Deps.ListingKey).
	stateKey, contentKey []byte
	maybe                bool // the filter answered "maybe seen" for stateKey
	contentMaybe         bool // and for contentKey
	unchanged            bool // the store only extended a point that started before it
}

func (it *item) listingKey() string {
	return it.obs.Variant.ShopSlug + "/" + it.obs.Variant.ListingExternalID
}

// Handle processes one batch and returns the records to produce with its
// offsets. When it returns nil, every valid observation of msgs and every
// listing as the batch says it is durable in the store (a variant before
// its observations), and the outputs are:
// one dead letter per message that can never be used (kinds above), one
// normalized-products record per listing whose content or prices changed,
// and one price-updates record per observation that starts a change point.
// A normalized-products record is the listing's whole state as stored
// once the batch is durable (every variant, the ones the batch did not
// observe included), read in one call after the writes. Observations that
// only repeat the state in force are still recorded (they extend its
// LastSeen) but produce no output. A listing is not written when the filter
// remembers what the batch says of it and the store confirms it holds the
// same, in that read after the writes: a listing the confirmation finds
// otherwise is written then (after its observations), read again, and
// published.
//
// An error means nothing is to be produced and the batch must be retried:
// a transient decoder, filter, store or encoder failure. Part of the batch
// may already be durable then; Handle is idempotent, so the retry yields
// the same rows and the same outputs, for the state is read after the
// idempotent writes. One exception: a batch redelivered after newer
// batches of its listings were written publishes their later state in its
// normalized-products records (its price-updates are unchanged). That is
// what the compacted topic must hold: the latest record per listing is
// its current state either way.
func (in *Ingester) Handle(ctx context.Context, msgs []Message) ([]Output, error) {
	var bs Stats
	bs.Consumed = uint64(len(msgs))
	items, dead, err := in.prepare(ctx, msgs, &bs)
	if err != nil {
		return nil, err
	}
	if err := in.dedup(ctx, items, &bs); err != nil {
		return nil, err
	}
	changed, confirm := in.splitListings(ctx, items)
	kept, created, rejected, err := in.persist(ctx, items, changed)
	if err != nil {
		return nil, err
	}
	for _, r := range rejected {
		dead = append(dead, in.deadLetter(r.item.msg, KindStore, r.err.Error(), r.item.schemaID, &bs))
	}
	outs, err := in.outputs(ctx, kept, created, changed, confirm, &bs)
	if err != nil {
		return nil, err
	}
	in.mu.Lock()
	in.stats.add(bs)
	in.mu.Unlock()
	return append(dead, outs...), nil
}

// deadLetter builds one dead letter and counts it.
func (in *Ingester) deadLetter(m Message, kind, msg string, schemaID int, bs *Stats) Output {
	if bs.DeadLettered == nil {
		bs.DeadLettered = make(map[string]uint64)
	}
	bs.DeadLettered[kind]++
	return in.deps.DeadLetter(m, kind, msg, schemaID)
}

// Stats returns a snapshot of the counters of every batch Handle completed;
// batches that failed count nothing, so a retried batch is counted once.
func (in *Ingester) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	s := in.stats
	s.DeadLettered = make(map[string]uint64, len(in.stats.DeadLettered))
	for k, v := range in.stats.DeadLettered {
		s.DeadLettered[k] = v
	}
	return s
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, err)...)
}
