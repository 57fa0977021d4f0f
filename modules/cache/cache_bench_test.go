package cache_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/redis/rueidis"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/redistest"
)

// BenchmarkGetHit measures a hit on a 4 KiB body, one caller at a time
// (latency) and from every P at once (throughput), and for Redis compares
// the generation read three ways:
//
//   - client-side: the shipped design, the generation held client-side;
//
//   - no client-side: DisableCache, a GET of the counter then of the value;
//
//   - lua: one EVALSHA reading both on the server, the alternative that
//     needs no client-side caching (not shipped: it names a key the script
//     is not given, which Redis Cluster refuses).
//
//     SKATESTOCK_TEST_REDIS_URL=redis://127.0.0.1:6379/0 \
//     go test -run '^$' -bench GetHit ./modules/cache/
func BenchmarkGetHit(b *testing.B) {
	value := bytes.Repeat([]byte(`{"sku":"BK-825","price":5495},`), 4096/30)
	const key = "/api/v1/deals?category=decks&page=1"
	run := func(b *testing.B, get func(context.Context) ([]byte, bool, error)) {
		ctx := context.Background()
		b.Run("serial", func(b *testing.B) {
			for b.Loop() {
				if v, ok, err := get(ctx); err != nil || !ok || len(v) != len(value) {
					b.Fatalf("get: %d bytes, %v, %v", len(v), ok, err)
				}
			}
		})
		b.Run("parallel", func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, ok, err := get(ctx); err != nil || !ok {
						b.Errorf("get: %v, %v", ok, err)
						return
					}
				}
			})
		})
	}
	setUp := func(b *testing.B, c cache.Cache) {
		if err := c.Set(context.Background(), key, value, time.Hour); err != nil {
			b.Fatal(err)
		}
	}

	b.Run("memory", func(b *testing.B) {
		m, err := cache.NewMemory(cache.DefaultConfig(), nil)
		if err != nil {
			b.Fatal(err)
		}
		setUp(b, m)
		run(b, func(ctx context.Context) ([]byte, bool, error) { return m.Get(ctx, key) })
	})
	redisCache := func(b *testing.B, opt rueidis.ClientOption) (*cache.Redis, rueidis.Client, cache.Config) {
		client := redistest.NewRedisClient(b, opt)
		cfg := cache.DefaultConfig()
		cfg.Prefix = redistest.KeyPrefix(b, client)
		cfg.Timeout = time.Second
		r, err := cache.NewRedis(cfg, client)
		if err != nil {
			b.Fatal(err)
		}
		setUp(b, r)
		return r, client, cfg
	}
	b.Run("redis client-side", func(b *testing.B) {
		r, _, _ := redisCache(b, redistest.RedisOptions(b))
		run(b, func(ctx context.Context) ([]byte, bool, error) { return r.Get(ctx, key) })
	})
	b.Run("redis no client-side", func(b *testing.B) {
		opt := redistest.RedisOptions(b)
		opt.DisableCache = true
		r, _, _ := redisCache(b, opt)
		run(b, func(ctx context.Context) ([]byte, bool, error) { return r.Get(ctx, key) })
	})
	b.Run("redis lua", func(b *testing.B) {
		opt := redistest.RedisOptions(b)
		opt.DisableCache = true
		_, client, cfg := redisCache(b, opt)
		script := rueidis.NewLuaScript(`
local g = redis.call("GET", KEYS[1])
if not g then return false end
return redis.call("GET", ARGV[1] .. "g" .. g .. ":" .. ARGV[2])`)
		keys, args := []string{cfg.Prefix + "gen"}, []string{cfg.Prefix, key}
		run(b, func(ctx context.Context) ([]byte, bool, error) {
			v, err := script.Exec(ctx, client, keys, args).ToString()
			if rueidis.IsRedisNil(err) {
				return nil, false, nil
			}
			return []byte(v), err == nil, err
		})
	})
}
