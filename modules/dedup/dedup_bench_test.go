package dedup_test

import (
	"context"
	"testing"

	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/redistest"
)

// BenchmarkTestAndAdd measures batches of 1,000 keys, ingest's batch size,
// against filters of the default size, and reports keys per second.
//
//	SKATESTOCK_TEST_REDIS_URL=redis://127.0.0.1:6379/0 \
//	  go test -run '^$' -bench TestAndAdd ./modules/dedup/
func BenchmarkTestAndAdd(b *testing.B) {
	const batchSize, batches = 1000, 100
	keys := testKeys(50, batchSize*batches)
	run := func(b *testing.B, f dedup.Filter) {
		ctx := context.Background()
		i := 0
		for b.Loop() {
			batch := keys[i*batchSize : (i+1)*batchSize]
			if _, err := f.TestAndAdd(ctx, batch); err != nil {
				b.Fatal(err)
			}
			i = (i + 1) % batches
		}
		b.ReportMetric(float64(b.N*batchSize)/b.Elapsed().Seconds(), "keys/s")
	}

	b.Run("memory", func(b *testing.B) {
		f, err := dedup.NewMemory(dedup.DefaultConfig())
		if err != nil {
			b.Fatal(err)
		}
		run(b, f)
	})
	b.Run("redis", func(b *testing.B) {
		client := redistest.NewRedisClient(b, redisOptions(b))
		cfg := dedup.DefaultConfig()
		cfg.KeyPrefix = redistest.KeyPrefix(b, client)
		f, err := dedup.NewRedis(b.Context(), cfg, client, nil)
		if err != nil {
			b.Fatal(err)
		}
		run(b, f)
	})
}
