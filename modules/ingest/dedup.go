package ingest

import (
	"context"
	"fmt"
)

// dedup asks the filter about two keys of every item in one call: its
// price state (maybe) and what it says of its listing (contentMaybe). That
// only decides what may be skipped before the writes, never what is
// recorded: a listing all of whose items' contents are maybe seen is not
// written up front but confirmed in the state read after the writes, and
// written then if the store does not hold the same (splitListings,
// confirmListings); every observation is recorded. Whether an
// observation repeats the state in force is the store's answer when it
// records it (Recorded.Unchanged): it is a duplicate when it only extends a
// point that started strictly before it. That "strictly" is what keeps
// Handle idempotent: on a redelivered batch whose write was already
// durable, the observation that started a point is that point's ValidFrom,
// so it is not a duplicate and its outputs are produced again, exactly as
// the first time. A filter failure (other than the caller stopping) sends
// every item down the full path.
func (in *Ingester) dedup(ctx context.Context, items []*item, bs *Stats) error {
	if len(items) == 0 {
		return nil
	}
	n := len(items)
	keys := make([][]byte, 2*n)
	for i, it := range items {
		keys[i], keys[n+i] = it.stateKey, it.contentKey
	}
	seen, err := in.deps.Filter.TestAndAdd(ctx, keys)
	if err == nil && len(seen) != len(keys) {
		err = fmt.Errorf("filter answered %d keys of %d", len(seen), len(keys))
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return wrapf(ctxErr, "dedup filter")
		}
		bs.FilterErrors++
		in.log.Warn("dedup_filter_failed", "keys", len(keys), "error", err)
		return nil
	}
	for i, it := range items {
		it.maybe, it.contentMaybe = seen[i], seen[n+i]
		if it.maybe {
			bs.BloomMaybe++
		}
	}
	return nil
}
