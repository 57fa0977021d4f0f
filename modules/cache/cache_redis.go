package cache

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
)

// Redis is a Cache in Redis, shared by every API instance over the same
// Config.Prefix. Values live under <prefix>g<generation>:<key> with their
// TTL; the current generation is the integer under <prefix>gen, which
// Invalidate increments.
//
// The generation is read with DoCache: after the first read an instance
// holds it in rueidis's client-side cache, and Redis, which tracks that
// read, pushes an invalidation to every holder when the counter changes.
// Get then costs one round trip (GET of the value), the same as with an
// unversioned cache; Lookup reads the value client-side cached too, so a
// value this instance has read before costs none. A client built with
// DisableCache (for servers without RESP3 tracking) stays correct, at two
// round trips per hit.
//
// Every call is bounded by Config.Timeout. Failures are returned as errors,
// never hidden: wrap the cache in FailOpen to serve misses instead.
//
// Redis is safe for concurrent use.
type Redis struct {
	client rueidis.Client
	cfg    Config
	genKey string

	// ownGen is the generation this instance last created (by Invalidate,
	// or by a first Set), trusted over the client-side copy until that copy
	// has surely been refreshed: the push that invalidates the copy travels
	// separately from the write's reply and may arrive after it.
	ownGen atomic.Pointer[ownGeneration]
}

type ownGeneration struct {
	gen   Generation
	until time.Time
}

var _ Generational = (*Redis)(nil)

// NewRedis returns a cache configured by cfg over client, which the caller
// owns and closes. It does no I/O.
func NewRedis(cfg Config, client rueidis.Client) (*Redis, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("new redis cache: %w", err)
	}
	if client == nil {
		return nil, errors.New("new redis cache: client is nil")
	}
	return &Redis{client: client, cfg: cfg, genKey: cfg.Prefix + "gen"}, nil
}

func (r *Redis) valueKey(gen Generation, key string) string {
	return r.cfg.Prefix + "g" + strconv.FormatUint(uint64(gen), 10) + ":" + storageKey(key)
}

// Get implements Cache in one round trip when this instance holds the
// generation, two when it must read it first.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	gen, err := r.currentGeneration(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("cache redis get: %w", err)
	}
	if gen == 0 {
		return nil, false, nil // nothing was ever set
	}
	value, err := r.client.Do(ctx, r.client.B().Get().Key(r.valueKey(gen, key)).Build()).ToString()
	if rueidis.IsRedisNil(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("cache redis get: %w", err)
	}
	// A copy, not rueidis.AsBytes's view of the reply: callers may modify it.
	return []byte(value), true, nil
}

// Lookup implements Generational. The value is read through the
// client-side cache too: a value key names its generation and is written
// once (by whichever instance filled it first, with the same answer), so
// a copy held here stays right until its TTL, and Redis's tracking drops
// it when someone writes the key again. A hit this instance has read
// before then costs no round trip at all.
func (r *Redis) Lookup(ctx context.Context, key string) (Generation, []byte, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	gen, err := r.generation(ctx)
	if err != nil {
		return 0, nil, false, fmt.Errorf("cache redis lookup: %w", err)
	}
	// DoCache sends the key's PTTL along on a miss and keeps the copy no
	// longer than Redis keeps the key; localValueTTL only bounds a copy
	// of "missing".
	vk := r.valueKey(gen, key)
	res := r.client.DoCache(ctx, r.client.B().Get().Key(vk).Cache(), localValueTTL)
	value, err := res.AsBytes()
	if rueidis.IsRedisNil(err) && res.IsCacheHit() {
		// A copy of "missing" may predate this instance's own SetIn, whose
		// invalidation push can still be on its way: only hits are served
		// from the copy, a miss is asked of Redis.
		value, err = r.client.Do(ctx, r.client.B().Get().Key(vk).Build()).AsBytes()
	}
	if rueidis.IsRedisNil(err) {
		return gen, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, fmt.Errorf("cache redis lookup: %w", err)
	}
	return gen, value, true, nil
}

// localValueTTL is the longest this instance keeps a client-side copy of
// a value key. Redis's tracking pushes drop a copy as soon as the key is
// written; the TTL only covers a push lost with its connection, after
// which rueidis reconnects and empties the client-side cache anyway.
const localValueTTL = time.Minute

// Set implements Cache.
func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return fmt.Errorf("cache redis set: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	gen, err := r.generation(ctx)
	if err != nil {
		return fmt.Errorf("cache redis set: %w", err)
	}
	return r.store(ctx, gen, key, value, ttl)
}

// SetIn implements Generational. When this instance already knows that
// gen is stale, it writes nothing; otherwise the value goes under gen,
// where no Get looks once gen is stale.
func (r *Redis) SetIn(ctx context.Context, gen Generation, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return fmt.Errorf("cache redis set: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	current, err := r.currentGeneration(ctx)
	if err != nil {
		return fmt.Errorf("cache redis set: %w", err)
	}
	if current != gen {
		return nil
	}
	return r.store(ctx, gen, key, value, ttl)
}

func (r *Redis) store(ctx context.Context, gen Generation, key string, value []byte, ttl time.Duration) error {
	// PX counts milliseconds; round up so that a sub-millisecond TTL is
	// not refused by Redis as zero.
	ms := (ttl + time.Millisecond - 1) / time.Millisecond
	// string(value) copies: a command abandoned at the timeout may still be
	// written later, after the caller has reused its buffer.
	cmd := r.client.B().Set().Key(r.valueKey(gen, key)).Value(string(value)).PxMilliseconds(int64(ms)).Build()
	if err := r.client.Do(ctx, cmd).Error(); err != nil {
		return fmt.Errorf("cache redis set: %w", err)
	}
	return nil
}

// Generation implements Generational. The first call on a fresh prefix
// creates the generation.
func (r *Redis) Generation(ctx context.Context) (Generation, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	gen, err := r.generation(ctx)
	if err != nil {
		return 0, fmt.Errorf("cache redis generation: %w", err)
	}
	return gen, nil
}

// Invalidate implements Cache in one round trip.
func (r *Redis) Invalidate(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	// The SET NX only matters when the counter is missing: see firstGeneration.
	resps := r.client.DoMulti(ctx,
		r.client.B().Set().Key(r.genKey).Value(firstGeneration()).Nx().Build(),
		r.client.B().Incr().Key(r.genKey).Build())
	if err := resps[0].Error(); err != nil && !rueidis.IsRedisNil(err) {
		return fmt.Errorf("cache redis invalidate: %w", err)
	}
	n, err := resps[1].AsInt64()
	if err != nil {
		return fmt.Errorf("cache redis invalidate: %w", err)
	}
	r.trustOwn(Generation(n))
	return nil
}

// generation returns the current generation, creating it when missing.
func (r *Redis) generation(ctx context.Context) (Generation, error) {
	gen, err := r.currentGeneration(ctx)
	if err != nil || gen != 0 {
		return gen, err
	}
	// Read without the client-side cache: the copy of "missing" it holds
	// may not have been invalidated yet.
	resps := r.client.DoMulti(ctx,
		r.client.B().Set().Key(r.genKey).Value(firstGeneration()).Nx().Build(),
		r.client.B().Get().Key(r.genKey).Build())
	if err := resps[0].Error(); err != nil && !rueidis.IsRedisNil(err) {
		return 0, fmt.Errorf("create generation %s: %w", r.genKey, err)
	}
	n, err := resps[1].AsUint64()
	if err != nil {
		return 0, fmt.Errorf("read generation %s: %w", r.genKey, err)
	}
	r.trustOwn(Generation(n))
	return Generation(n), nil
}

// trustOwn makes gen, just created by this instance, win over the
// client-side copy until that copy has surely been refreshed.
func (r *Redis) trustOwn(gen Generation) {
	next := &ownGeneration{gen: gen, until: time.Now().Add(r.cfg.GenerationTTL)}
	for {
		old := r.ownGen.Load()
		if old != nil && old.gen > gen && old.gen-gen < ownGenReach {
			return // a concurrent Invalidate of this instance went further
		}
		if r.ownGen.CompareAndSwap(old, next) {
			return
		}
	}
}

// currentGeneration returns the current generation, or 0 when there is
// none yet, reading it through the client-side cache.
func (r *Redis) currentGeneration(ctx context.Context) (Generation, error) {
	// A client-side hit would otherwise answer a caller that has given up.
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// ToStaticTTL: the counter has no TTL of its own, and the tracking
	// pushes are what keeps the copy fresh, so rueidis can skip the
	// MULTI/PTTL wrapper it would otherwise add to each refresh.
	cmd := r.client.B().Get().Key(r.genKey).Cache().ToStaticTTL()
	n, err := r.client.DoCache(ctx, cmd, r.cfg.GenerationTTL).AsUint64()
	var gen Generation
	switch {
	case rueidis.IsRedisNil(err):
	case err != nil:
		return 0, fmt.Errorf("read generation %s: %w", r.genKey, err)
	default:
		gen = Generation(n)
	}
	if own := r.ownGen.Load(); own != nil && own.gen > gen && (gen == 0 || own.gen-gen < ownGenReach) && time.Now().Before(own.until) {
		gen = own.gen
	}
	return gen, nil
}

// ownGenReach is how far below this instance's own generation the
// client-side copy may lag and still be taken for a copy not yet refreshed.
// No deployment invalidates a million times within GenerationTTL; a copy
// further below means the counter was recreated at a random lower start
// since, and the copy is the newer one (a recreated start landing within
// reach has a chance of 2^-42). A copy of "missing" is overridden: the
// counter this instance created may not have reached it yet.
const ownGenReach = 1 << 20

// firstGeneration is where a missing counter starts. A random start keeps
// values of an earlier life of the counter (evicted under maxmemory, or
// deleted by hand while values lived on) from becoming reachable again when
// it is recreated: the new generations do not reuse the old numbers. Well
// below 2^63, INCR never overflows.
func firstGeneration() string {
	return strconv.FormatUint(rand.Uint64N(1<<62)+1, 10)
}
