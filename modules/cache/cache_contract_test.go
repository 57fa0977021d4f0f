package cache_test

import (
	"testing"

	"github.com/jonboulle/clockwork"
	"github.com/redis/rueidis"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/cache/cachetest"
	"github.com/skatestock/skatestock/modules/redistest"
)

func newMemorySubject(t *testing.T, cfg cache.Config) cachetest.Subject {
	clock := clockwork.NewFakeClock()
	m, err := cache.NewMemory(cfg, clock)
	if err != nil {
		t.Fatalf("NewMemory: %v", err)
	}
	return cachetest.Subject{Cache: m, Peer: m, Advance: clock.Advance}
}

func TestMemoryContract(t *testing.T) { cachetest.Run(t, newMemorySubject) }

// redisSubjects returns a factory of Redis caches over clients built with
// opt: the cache and its peer on two clients, so two connections and two
// client-side caches, like two API instances.
func redisSubjects(opt rueidis.ClientOption, wrap func(cache.Generational) cache.Generational) cachetest.Factory {
	return func(t *testing.T, cfg cache.Config) cachetest.Subject {
		a := redistest.NewRedisClient(t, opt)
		b := redistest.NewRedisClient(t, opt)
		cfg.Prefix = redistest.KeyPrefix(t, a)
		return cachetest.Subject{Cache: wrap(newRedis(t, cfg, a)), Peer: wrap(newRedis(t, cfg, b))}
	}
}

func newRedis(t testing.TB, cfg cache.Config, client rueidis.Client) *cache.Redis {
	t.Helper()
	r, err := cache.NewRedis(cfg, client)
	if err != nil {
		t.Fatalf("NewRedis: %v", err)
	}
	return r
}

func same(c cache.Generational) cache.Generational { return c }

func TestRedisContract(t *testing.T) {
	opt := redistest.RedisOptions(t)
	t.Run("client-side caching", func(t *testing.T) { cachetest.Run(t, redisSubjects(opt, same)) })
	// Servers without RESP3 tracking (some managed Redis) need
	// DisableCache; the cache must stay correct there, at a round trip more.
	noCache := opt
	noCache.DisableCache = true
	t.Run("without client-side caching", func(t *testing.T) { cachetest.Run(t, redisSubjects(noCache, same)) })
}

func TestFailOpenContract(t *testing.T) {
	failOpen := func(c cache.Generational) cache.Generational { return cache.NewFailOpen(c, nil) }
	t.Run("over memory", func(t *testing.T) {
		cachetest.Run(t, func(t *testing.T, cfg cache.Config) cachetest.Subject {
			s := newMemorySubject(t, cfg)
			f := failOpen(s.Cache)
			return cachetest.Subject{Cache: f, Peer: f, Advance: s.Advance}
		})
	})
	t.Run("over redis", func(t *testing.T) {
		cachetest.Run(t, redisSubjects(redistest.RedisOptions(t), failOpen))
	})
}
