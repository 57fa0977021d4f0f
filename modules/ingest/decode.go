package ingest

import (
	"context"
	"sync"
)

// minDecodeRun is the fewest messages worth a goroutine of their own:
// decoding one takes microseconds, so a small batch is decoded in place.
const minDecodeRun = 64

// decoded is what decoding, normalizing and validating one message gave:
// an item with its filter keys, or the error of the step that refused it.
type decoded struct {
	item      *item
	schemaID  int
	decodeErr error // from the Decoder: final when it wraps catalog.ErrInvalid
	invalid   error // a catalog rule the normalized event breaks
}

// decodeAll decodes, normalizes and validates msgs, and computes their
// filter keys, on up to Config.DecodeWorkers goroutines, each taking one
// contiguous run of the batch, and returns the results in batch order, so
// that what follows (dead letters, store writes, outputs) does not depend
// on the number of workers. The Decoder is called concurrently (its
// contract allows it); nothing else is shared between the workers.
func (in *Ingester) decodeAll(ctx context.Context, msgs []Message) []decoded {
	out := make([]decoded, len(msgs))
	workers := min(in.cfg.DecodeWorkers, (len(msgs)+minDecodeRun-1)/minDecodeRun)
	if workers <= 1 {
		for i, m := range msgs {
			out[i] = in.decodeOne(ctx, m)
		}
		return out
	}
	run := (len(msgs) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(msgs); lo += run {
		hi := min(lo+run, len(msgs))
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				out[i] = in.decodeOne(ctx, msgs[i])
			}
		})
	}
	wg.Wait()
	return out
}

// decodeOne turns m into an item with its filter keys, or says why it
// cannot be one.
func (in *Ingester) decodeOne(ctx context.Context, m Message) decoded {
	ev, schemaID, err := in.deps.Decoder.Decode(ctx, m.Value)
	if err != nil {
		return decoded{schemaID: schemaID, decodeErr: err}
	}
	ev = normalizeEvent(ev)
	it := &item{msg: m, schemaID: schemaID, obs: ev.Observation(), listing: ev.Listing()}
	if err := validate(it); err != nil {
		return decoded{schemaID: schemaID, invalid: err}
	}
	it.stateKey, it.contentKey = in.deps.ContentKey(it.obs), in.deps.ListingKey(it.listing)
	return decoded{item: it, schemaID: schemaID}
}

// shop is the slug of the shop the decoded item belongs to.
func (d decoded) shop() string { return d.item.obs.Variant.ShopSlug }
