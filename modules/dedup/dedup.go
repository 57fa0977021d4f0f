// Package dedup is the first layer of duplicate detection for ingest: a bloom
// filter over the content of price observations (ContentKey) and of
// listings (ListingKey), so that a re-scrape repeating an unchanged price or
// listing can skip the expensive write path.
//
// A bloom filter answers "definitely not seen" or "maybe seen". Only the
// first answer is exact. A "maybe seen" must be confirmed against the store
// before anything is dropped, because it may be a false positive, and
// because TestAndAdd records a key before the caller has made anything
// durable (a batch that later fails still leaves its keys in the filter).
// The database's unique keys remain the final authority on duplicates; this
// package only saves work.
//
// Three implementations of Filter:
//   - Memory: bits-and-blooms/bloom in process, for the embedded default
//     and tests;
//   - Redis: the same bits in Redis bitmaps through rueidis, shared by every
//     ingest replica; it returns errors when Redis fails;
//   - FailOpen: a decorator that turns those errors into "not seen" so that
//     observations go on to the database while Redis is away.
//
// Memory and Redis hash keys to the same bit positions and agree bit for bit,
// so either can replace the other without changing any answer.
package dedup

import (
	"context"
	"sync/atomic"
)

// Filter remembers keys approximately.
//
// TestAndAdd reports, for each key, whether it was maybe seen before, and
// adds it. The answer for keys[i] takes into account keys[0..i-1] of the same
// call, so a key repeated within a batch is maybe seen at its second
// occurrence. The result has len(keys) entries when err is nil.
//
// false means "not seen": the key was not added by any earlier completed
// call. It is exact and the caller must take the full path. true means
// "maybe seen": with a probability around Config.FalsePositiveRate (at the
// configured load) the key is new, so a true is a reason to confirm exactly,
// never a reason to drop on its own. Calls racing on the same key may both
// answer false; that costs a write, never an observation.
//
// Implementations are safe for concurrent use and return promptly, with an
// error wrapping ctx.Err(), when ctx is done. After an error the keys of the
// call may or may not have been added; either way later answers stay
// correct in the sense above.
type Filter interface {
	TestAndAdd(ctx context.Context, keys [][]byte) ([]bool, error)
}

// Stats is a snapshot of a filter's counters since it was built. Counters
// only grow; a later issue exports them to Prometheus.
type Stats struct {
	Calls     uint64 // TestAndAdd calls, failed ones included
	Keys      uint64 // keys passed to those calls
	MaybeSeen uint64 // keys answered "maybe seen"
	// Failures counts calls that failed: for Memory and Redis the calls that
	// returned an error, for FailOpen the calls it answered "not seen"
	// because the filter it wraps failed.
	Failures uint64
}

// counters backs Stats with atomics so that readers never block TestAndAdd.
type counters struct {
	calls, keys, maybeSeen, failures atomic.Uint64
}

// record counts one call of n keys that answered seen, or failed when seen is nil.
func (c *counters) record(n int, seen []bool, failed bool) {
	c.calls.Add(1)
	c.keys.Add(uint64(n))
	if failed {
		c.failures.Add(1)
		return
	}
	var maybe uint64
	for _, s := range seen {
		if s {
			maybe++
		}
	}
	c.maybeSeen.Add(maybe)
}

func (c *counters) snapshot() Stats {
	return Stats{
		Calls:     c.calls.Load(),
		Keys:      c.keys.Load(),
		MaybeSeen: c.maybeSeen.Load(),
		Failures:  c.failures.Load(),
	}
}
