// Package cache holds the API's response cache: JSON bodies of hot queries
// (product lists, deals, facets, stats) stored under keys the API builds
// from canonical query strings, and dropped all at once when new prices
// land, so that no instance serves an answer older than the last
// Invalidate for longer than it takes the invalidation to reach it.
//
// Dropping everything at once is done with generations: every value lives
// in the generation that was current when it was set, and Invalidate starts
// a new one, leaving the old values unreachable until their TTL removes
// them. Nothing is scanned or deleted, so invalidation costs the same with
// ten entries as with ten million.
//
// Three implementations:
//   - Memory: an LRU in process, for the embedded default and tests; its
//     generations are those of the one process;
//   - Redis: values and the generation counter in Redis through rueidis,
//     shared by every API instance, with the counter (and, for Lookup, the
//     values) read through client-side caching, so that a repeated hit
//     costs no round trip;
//   - FailOpen: a decorator that turns failures into misses, counts hits
//     and misses, and offers Fetch, the read-through path the API should
//     use.
//
// The API serves through FailOpen.Fetch (which uses Lookup) over Redis (or Memory when no Redis
// is configured), and its price-updates consumer calls Invalidate once per
// batch of records, committing the batch only when Invalidate succeeded.
package cache

import (
	"context"
	"time"
)

// Cache stores opaque values under string keys for a while.
//
// Implementations are safe for concurrent use. They copy what they are
// given and what they return, so callers may reuse or modify both slices.
// They return promptly, with an error wrapping ctx.Err(), when ctx is done,
// and Redis also bounds every call by its Config.Timeout. An error means the
// cache could not answer, never that the key is absent: callers treat it as
// a miss (FailOpen does that for them).
type Cache interface {
	// Get returns the value stored under key in the current generation.
	// ok is false when there is none, or when it expired.
	Get(ctx context.Context, key string) (value []byte, ok bool, err error)
	// Set stores value under key in the current generation for ttl,
	// replacing what was there. ttl must be positive.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Invalidate starts a new generation: every value set before it is gone
	// for every instance sharing the cache. The instance that called it
	// sees the new generation when Invalidate returns; other Redis
	// instances see it as soon as Redis's invalidation message reaches
	// them (a network hop), and at the latest after
	// Config.GenerationTTL if the message is lost.
	//
	// It is meant to be called once per batch of price updates, not once
	// per update: every call empties the cache for every query.
	Invalidate(ctx context.Context) error
}

// Generation identifies one generation of a cache. Zero is never a
// generation.
type Generation uint64

// Generational is a Cache that lets a caller pin the generation a value
// was computed in. Set stores in the generation current when Set runs; a
// value read from the database before an Invalidate and stored after it
// would then survive the invalidation for its whole TTL. Reading
// Generation before computing the value and storing it with SetIn closes
// that window: when the generation changed meanwhile, the value is
// dropped. FailOpen.Fetch does exactly this.
type Generational interface {
	Cache
	// Generation returns the current generation.
	Generation(ctx context.Context) (Generation, error)
	// SetIn is Set into generation gen: when gen is no longer current the
	// value is never returned by Get (it may be dropped or stored where no
	// Get looks, until its ttl).
	SetIn(ctx context.Context, gen Generation, key string, value []byte, ttl time.Duration) error
	// Lookup is Generation and Get in one call, the read of every cached
	// response: the current generation (created when there is none, as
	// Generation does) and the value under key in it. Unlike Get's, the
	// value is not copied: it is the cache's own, shared with every other
	// caller, and must not be modified. A hit then costs no copy of a body
	// that may run to hundreds of kilobytes.
	Lookup(ctx context.Context, key string) (gen Generation, value []byte, ok bool, err error)
}
