package cache_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/cache/cachetest"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/redistest"
)

// TestRedisInvalidateAcrossClients checks the property the API relies on:
// two instances on two clients, holding the generation client-side for an
// hour, see each other's Invalidate within a few polls, so through Redis's
// invalidation push and not through the client-side TTL.
func TestRedisInvalidateAcrossClients(t *testing.T) {
	opt := redistest.RedisOptions(t)
	cfg := cachetest.Config() // GenerationTTL: an hour
	clientA, clientB := redistest.NewRedisClient(t, opt), redistest.NewRedisClient(t, opt)
	cfg.Prefix = redistest.KeyPrefix(t, clientA)
	a, b := newRedis(t, cfg, clientA), newRedis(t, cfg, clientB)
	ctx := t.Context()

	cachetest.Set(t, a, "/api/v1/deals", "before", time.Hour)
	for _, c := range []*cache.Redis{a, b} {
		redistest.Eventually(t, "both instances hit", func() bool { _, ok := cachetest.Get(t, c, "/api/v1/deals"); return ok })
		// The generation is now held client-side: hits cost one round trip.
		if hit, err := cache.GenerationCacheHit(ctx, c); err != nil || !hit {
			t.Fatalf("generation read after a hit: from the client-side cache %v, err %v; want true", hit, err)
		}
	}
	for round, inv := range []*cache.Redis{a, b, a} {
		other := map[*cache.Redis]*cache.Redis{a: b, b: a}[inv]
		cachetest.Invalidate(t, inv)
		if _, ok := cachetest.Get(t, inv, "/api/v1/deals"); ok {
			t.Fatalf("round %d: the invalidating instance still hits", round)
		}
		redistest.Eventually(t, "the other instance misses", func() bool {
			_, ok := cachetest.Get(t, other, "/api/v1/deals")
			return !ok
		})
		cachetest.Set(t, other, "/api/v1/deals", "after", time.Hour)
		redistest.Eventually(t, "both hit the new value", func() bool {
			va, okA := cachetest.Get(t, inv, "/api/v1/deals")
			vb, okB := cachetest.Get(t, other, "/api/v1/deals")
			return okA && okB && string(va) == "after" && string(vb) == "after"
		})
	}
}

// TestRedisKeyLayout pins the names the cache writes: the counter and one
// key per value, bounded in length, with the value's TTL and none on the
// counter.
func TestRedisKeyLayout(t *testing.T) {
	opt := redistest.RedisOptions(t)
	client := redistest.NewRedisClient(t, opt)
	cfg := cachetest.Config()
	cfg.Prefix = redistest.KeyPrefix(t, client)
	r := newRedis(t, cfg, client)
	long := "/api/v1/products?" + strings.Repeat("category=decks&", 100)
	cachetest.Set(t, r, "/api/v1/stats", "{}", time.Minute)
	cachetest.Set(t, r, long, "{}", time.Minute)

	keys, err := redistest.KeysByPrefix(t.Context(), client, cfg.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(keys)
	valueName := regexp.MustCompile(`^` + regexp.QuoteMeta(cfg.Prefix) + `g[0-9]+:(/api/v1/stats|sha256:[0-9a-f]{64})$`)
	if len(keys) != 3 || keys[2] != cache.GenerationKey(r) {
		t.Fatalf("keys under the prefix: %q; want two values and %s", keys, cache.GenerationKey(r))
	}
	for _, k := range keys[:2] {
		if !valueName.MatchString(k) {
			t.Errorf("value key %q does not match %s", k, valueName)
		}
		if len(k) > len(cfg.Prefix)+1+20+1+cache.MaxKeyLen {
			t.Errorf("value key is %d bytes, longer than the bound", len(k))
		}
		pttl, err := client.Do(t.Context(), client.B().Pttl().Key(k).Build()).AsInt64()
		if err != nil || pttl <= 0 || pttl > time.Minute.Milliseconds() {
			t.Errorf("PTTL %s = %d, %v; want (0, 60000]", k, pttl, err)
		}
	}
	if pttl, err := client.Do(t.Context(), client.B().Pttl().Key(keys[2]).Build()).AsInt64(); err != nil || pttl != -1 {
		t.Errorf("PTTL of the counter = %d, %v; want -1 (no expiry)", pttl, err)
	}
}

// TestRedisCounterLost deletes the generation counter, as maxmemory
// eviction or a careless DEL would: values of the old generation must not
// become reachable again through a recreated counter.
func TestRedisCounterLost(t *testing.T) {
	opt := redistest.RedisOptions(t)
	admin := redistest.NewRedisClient(t, opt)
	cfg := cachetest.Config()
	cfg.Prefix = redistest.KeyPrefix(t, admin)
	first := newRedis(t, cfg, redistest.NewRedisClient(t, opt))
	cachetest.Set(t, first, "k", "old", time.Hour)
	oldGen, err := first.Generation(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Do(t.Context(), admin.B().Del().Key(cache.GenerationKey(first)).Build()).Error(); err != nil {
		t.Fatal(err)
	}
	// A new instance, like a restarted API process.
	second := newRedis(t, cfg, redistest.NewRedisClient(t, opt))
	if _, ok := cachetest.Get(t, second, "k"); ok {
		t.Fatal("Get hit with the counter missing")
	}
	cachetest.Set(t, second, "other", "v", time.Hour)
	newGen, err := second.Generation(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if newGen == oldGen || newGen == 1 {
		t.Fatalf("recreated generation %d (old %d); want a fresh random start", newGen, oldGen)
	}
	if _, ok := cachetest.Get(t, second, "k"); ok {
		t.Fatal("a value of the lost generation is reachable again")
	}
}

func TestRedisCounterOfWrongType(t *testing.T) {
	opt := redistest.RedisOptions(t)
	client := redistest.NewRedisClient(t, opt)
	cfg := cachetest.Config()
	cfg.Prefix = redistest.KeyPrefix(t, client)
	r := newRedis(t, cfg, client)
	if err := client.Do(t.Context(), client.B().Set().Key(cache.GenerationKey(r)).Value("not a number").Build()).Error(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Get(t.Context(), "k"); err == nil {
		t.Error("Get over a counter holding text: no error")
	}
	if err := r.Invalidate(t.Context()); err == nil {
		t.Error("Invalidate over a counter holding text: no error")
	}
}

func TestNewRedisRejectsBadArguments(t *testing.T) {
	if _, err := cache.NewRedis(cache.DefaultConfig(), nil); err == nil {
		t.Error("nil client: no error")
	}
	cfg := cache.DefaultConfig()
	cfg.Timeout = 0
	if _, err := cache.NewRedis(cfg, nil); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("invalid config: err = %v, want catalog.ErrInvalid", err)
	}
	if _, err := cache.NewMemory(cfg, nil); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("NewMemory, invalid config: err = %v, want catalog.ErrInvalid", err)
	}
}
