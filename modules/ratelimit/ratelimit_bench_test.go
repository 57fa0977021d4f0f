package ratelimit_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/ratelimit"
	"github.com/skatestock/skatestock/modules/redistest"
)

// BenchmarkAllow measures one decision over 10,000 client IPs, one caller
// at a time (latency) and from every P at once (throughput).
//
//	SKATESTOCK_TEST_REDIS_URL=redis://127.0.0.1:6379/0 \
//	  go test -run '^$' -bench Allow ./modules/ratelimit/
func BenchmarkAllow(b *testing.B) {
	keys := make([]string, 10_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("10.%d.%d.%d", i>>16, (i>>8)&255, i&255)
	}
	run := func(b *testing.B, l ratelimit.Limiter) {
		ctx := context.Background()
		b.Run("serial", func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := l.Allow(ctx, keys[i%len(keys)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("parallel", func(b *testing.B) {
			var next atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := l.Allow(ctx, keys[next.Add(1)%int64(len(keys))]); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
	cfg := ratelimit.DefaultConfig()
	cfg.Timeout = time.Second
	b.Run("memory", func(b *testing.B) { run(b, newMemory(b, cfg, nil)) })
	b.Run("redis", func(b *testing.B) {
		client := redistest.NewRedisClient(b, redisOptions(b))
		cfg.Prefix = redistest.KeyPrefix(b, client)
		run(b, newRedis(b, cfg, client))
	})
}
