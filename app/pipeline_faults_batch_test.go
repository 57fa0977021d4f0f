package app

import (
	"context"

	"github.com/skatestock/skatestock/modules/bus"
)

// pfBatchKey carries, in the context of every store call ingest makes, the
// number of the handler call (batch attempt) it belongs to: on Postgres
// ingest writes a batch with several store calls at once (one per shard of
// shops), so a hook that means "the second batch" cannot count calls.
type pfBatchKey struct{}

// numbered wraps h so that each call's context carries the next batch
// number of the rig, unique across its replicas.
func (r *pfRig) numbered(h bus.Handler) bus.Handler {
	return func(ctx context.Context, batch []bus.Record) ([]bus.Record, error) {
		return h(context.WithValue(ctx, pfBatchKey{}, r.batches.Add(1)), batch)
	}
}

// pfBatchOf is the batch number in ctx, 0 outside a numbered handler.
func pfBatchOf(ctx context.Context) int64 {
	n, _ := ctx.Value(pfBatchKey{}).(int64)
	return n
}
