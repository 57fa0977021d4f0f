package ratelimit_test

import (
	"testing"

	"github.com/jonboulle/clockwork"
	"github.com/redis/rueidis"

	"github.com/skatestock/skatestock/modules/ratelimit"
	"github.com/skatestock/skatestock/modules/ratelimit/ratelimittest"
	"github.com/skatestock/skatestock/modules/redistest"
)

func newMemory(t testing.TB, cfg ratelimit.Config, clock clockwork.Clock) *ratelimit.Memory {
	t.Helper()
	m, err := ratelimit.NewMemory(cfg, clock)
	if err != nil {
		t.Fatalf("NewMemory: %v", err)
	}
	return m
}

func newRedis(t testing.TB, cfg ratelimit.Config, client rueidis.Client) *ratelimit.Redis {
	t.Helper()
	r, err := ratelimit.NewRedis(cfg, client)
	if err != nil {
		t.Fatalf("NewRedis: %v", err)
	}
	return r
}

func TestMemoryContract(t *testing.T) {
	ratelimittest.Run(t, func(t *testing.T, cfg ratelimit.Config) ratelimittest.Subject {
		clock := clockwork.NewFakeClock()
		return ratelimittest.Subject{Limiter: newMemory(t, cfg, clock), Advance: clock.Advance}
	})
}

// redisOptions returns options for the test server, without client-side
// caching, which the limiter does not use.
func redisOptions(t testing.TB) rueidis.ClientOption {
	opt := redistest.RedisOptions(t)
	opt.DisableCache = true
	return opt
}

func TestRedisContract(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	ratelimittest.Run(t, func(t *testing.T, cfg ratelimit.Config) ratelimittest.Subject {
		cfg.Prefix = redistest.KeyPrefix(t, client)
		return ratelimittest.Subject{Limiter: newRedis(t, cfg, client)}
	})
}

// TestRedisFakeClockContract runs the contract on Redis with the script
// given a fake clock: every duration is then checked exactly, as for Memory.
func TestRedisFakeClockContract(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	ratelimittest.Run(t, func(t *testing.T, cfg ratelimit.Config) ratelimittest.Subject {
		cfg.Prefix = redistest.KeyPrefix(t, client)
		clock := clockwork.NewFakeClock()
		r, err := ratelimit.NewRedisWithClock(cfg, client, clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		return ratelimittest.Subject{Limiter: r, Advance: clock.Advance}
	})
}

// TestFallbackContract checks that Fallback over a healthy Redis keeps
// every promise of the limiter it wraps.
func TestFallbackContract(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	ratelimittest.Run(t, func(t *testing.T, cfg ratelimit.Config) ratelimittest.Subject {
		cfg.Prefix = redistest.KeyPrefix(t, client)
		return ratelimittest.Subject{Limiter: ratelimit.NewFallback(newRedis(t, cfg, client), newMemory(t, cfg, nil), nil)}
	})
}
