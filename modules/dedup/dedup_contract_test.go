package dedup_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/redis/rueidis"

	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/redistest"
)

// newFilterFunc builds a fresh, empty filter sized by cfg for one test.
type newFilterFunc func(t *testing.T, cfg dedup.Config) dedup.Filter

// contractConfig is small enough for tests to fill, with a timeout generous
// enough for the race detector.
func contractConfig() dedup.Config {
	cfg := dedup.DefaultConfig()
	cfg.ExpectedItems = 20_000
	cfg.FalsePositiveRate = 0.01
	cfg.Timeout = 10 * time.Second
	return cfg
}

// testKeys returns n distinct pseudo-random KeySize-byte keys, the same for
// the same seed.
func testKeys(seed uint64, n int) [][]byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	keys := make([][]byte, n)
	for i := range keys {
		key := make([]byte, dedup.KeySize)
		for j := 0; j < dedup.KeySize; j += 8 {
			v := rng.Uint64()
			for b := 0; b < 8; b++ {
				key[j+b] = byte(v >> (8 * b))
			}
		}
		keys[i] = key
	}
	return keys
}

func testAndAdd(t *testing.T, f dedup.Filter, keys [][]byte) []bool {
	t.Helper()
	seen, err := f.TestAndAdd(t.Context(), keys)
	if err != nil {
		t.Fatalf("TestAndAdd(%d keys): %v", len(keys), err)
	}
	if len(seen) != len(keys) {
		t.Fatalf("TestAndAdd(%d keys) answered %d", len(keys), len(seen))
	}
	return seen
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// runFilterContract is what every Filter promises, run against each
// implementation.
func runFilterContract(t *testing.T, newFilter newFilterFunc) {
	t.Run("first sight not seen, second maybe seen", func(t *testing.T) {
		f := newFilter(t, contractConfig())
		keys := testKeys(1, 200)
		if n := countTrue(testAndAdd(t, f, keys)); n != 0 {
			t.Errorf("first sight of 200 new keys: %d maybe seen, want 0", n)
		}
		if n := countTrue(testAndAdd(t, f, keys)); n != len(keys) {
			t.Errorf("second sight of 200 keys: %d maybe seen, want all (no false negatives)", n)
		}
		one := testKeys(2, 1)
		if seen := testAndAdd(t, f, one); seen[0] {
			t.Error("single new key: maybe seen, want not seen")
		}
		if seen := testAndAdd(t, f, one); !seen[0] {
			t.Error("single key again: not seen, want maybe seen")
		}
	})

	t.Run("key repeated within a batch", func(t *testing.T) {
		f := newFilter(t, contractConfig())
		k := testKeys(3, 3)
		got := testAndAdd(t, f, [][]byte{k[0], k[1], k[0], k[2], k[1], k[1]})
		want := []bool{false, false, true, false, true, true}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("batch a b a c b b: got %v, want %v", got, want)
			}
		}
	})

	t.Run("empty batch", func(t *testing.T) {
		f := newFilter(t, contractConfig())
		if seen := testAndAdd(t, f, nil); len(seen) != 0 {
			t.Errorf("empty batch answered %v", seen)
		}
	})

	t.Run("false-positive rate at capacity", func(t *testing.T) {
		cfg := contractConfig()
		f := newFilter(t, cfg)
		// TestAndAdd adds what it probes, so fill to 95% of capacity and
		// probe 10%: the load crosses 100% halfway through the probes.
		stored := testKeys(4, int(cfg.ExpectedItems)*95/100)
		for i := 0; i < len(stored); i += 1000 {
			testAndAdd(t, f, stored[i:min(i+1000, len(stored))])
		}
		probes := testKeys(5, int(cfg.ExpectedItems)/10)
		positives := 0
		for i := 0; i < len(probes); i += 1000 {
			positives += countTrue(testAndAdd(t, f, probes[i:min(i+1000, len(probes))]))
		}
		rate := float64(positives) / float64(len(probes))
		t.Logf("measured false-positive rate %.4f around %d keys (configured %.4f)", rate, cfg.ExpectedItems, cfg.FalsePositiveRate)
		// Loose bounds: about 20 positives are expected. Far fewer would
		// mean a filter larger than configured.
		if rate >= 3*cfg.FalsePositiveRate || rate <= cfg.FalsePositiveRate/4 {
			t.Errorf("false-positive rate %.4f, want within (%.4f / 4, 3 x %.4f)", rate, cfg.FalsePositiveRate, cfg.FalsePositiveRate)
		}
		for i := 0; i < len(stored); i += 1000 {
			batch := stored[i:min(i+1000, len(stored))]
			if n := countTrue(testAndAdd(t, f, batch)); n != len(batch) {
				t.Fatalf("stored keys from %d: %d of %d maybe seen, want all", i, n, len(batch))
			}
		}
	})

	t.Run("concurrent callers", func(t *testing.T) {
		f := newFilter(t, contractConfig())
		const workers, batches, size = 8, 4, 100
		var before dedup.Stats
		stats, hasStats := f.(interface{ Stats() dedup.Stats })
		if hasStats {
			before = stats.Stats()
		}
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				keys := testKeys(uint64(100+w), batches*size)
				for pass := range 2 {
					for b := range batches {
						seen, err := f.TestAndAdd(context.Background(), keys[b*size:(b+1)*size])
						if err != nil {
							t.Errorf("worker %d pass %d batch %d: %v", w, pass, b, err)
							return
						}
						// Keys are distinct across workers: a maybe seen on the
						// first pass is a false positive, rare at this load.
						if n := countTrue(seen); (pass == 0 && n > size/20) || (pass == 1 && n != size) {
							t.Errorf("worker %d pass %d batch %d: %d of %d maybe seen", w, pass, b, n, size)
							return
						}
					}
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		if hasStats {
			got := stats.Stats()
			if calls := got.Calls - before.Calls; calls != workers*batches*2 {
				t.Errorf("Stats().Calls grew by %d, want %d", calls, workers*batches*2)
			}
			if keys := got.Keys - before.Keys; keys != workers*batches*size*2 {
				t.Errorf("Stats().Keys grew by %d, want %d", keys, workers*batches*size*2)
			}
			if maybe := got.MaybeSeen - before.MaybeSeen; maybe < workers*batches*size {
				t.Errorf("Stats().MaybeSeen grew by %d, want at least %d", maybe, workers*batches*size)
			}
		}
	})

	t.Run("context done", func(t *testing.T) {
		f := newFilter(t, contractConfig())
		keys := testKeys(6, 10)
		cancelled, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := f.TestAndAdd(cancelled, keys); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled context: err = %v, want context.Canceled", err)
		}
		expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel2()
		if _, err := f.TestAndAdd(expired, keys); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("expired context: err = %v, want context.DeadlineExceeded", err)
		}
		// The filter is still usable, and the failed calls added nothing.
		if n := countTrue(testAndAdd(t, f, keys)); n != 0 {
			t.Errorf("after failed calls: %d of %d maybe seen, want 0", n, len(keys))
		}
	})
}

func TestMemoryContract(t *testing.T) {
	runFilterContract(t, func(t *testing.T, cfg dedup.Config) dedup.Filter {
		f, err := dedup.NewMemory(cfg)
		if err != nil {
			t.Fatalf("NewMemory: %v", err)
		}
		return f
	})
}

// redisOptions is redistest.RedisOptions without client-side caching: the
// filter reads nothing through it.
func redisOptions(t testing.TB) rueidis.ClientOption {
	opt := redistest.RedisOptions(t)
	opt.DisableCache = true
	return opt
}

func TestRedisContract(t *testing.T) {
	opt := redisOptions(t)
	client := redistest.NewRedisClient(t, opt)
	for _, tc := range []struct {
		name       string
		bitmapBits uint64 // 0 for the production layout
	}{
		{"one bitmap", 0},
		// 191,702 bits in 47 bitmaps: every batch crosses most of them.
		{"many bitmaps", 1 << 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runFilterContract(t, func(t *testing.T, cfg dedup.Config) dedup.Filter {
				return newTestRedis(t, client, cfg, tc.bitmapBits)
			})
		})
	}
}

// TestFailOpenContract checks that FailOpen over a healthy Redis keeps every
// promise of the filter it wraps.
func TestFailOpenContract(t *testing.T) {
	opt := redisOptions(t)
	client := redistest.NewRedisClient(t, opt)
	runFilterContract(t, func(t *testing.T, cfg dedup.Config) dedup.Filter {
		return dedup.NewFailOpen(newTestRedis(t, client, cfg, 0), nil)
	})
}

// newTestRedis returns a Redis filter under a key prefix of its own, deleted
// when t ends.
func newTestRedis(t *testing.T, client rueidis.Client, cfg dedup.Config, bitmapBits uint64) *dedup.Redis {
	t.Helper()
	cfg.KeyPrefix = redistest.KeyPrefix(t, client)
	var f *dedup.Redis
	var err error
	if bitmapBits == 0 {
		f, err = dedup.NewRedis(t.Context(), cfg, client, nil)
	} else {
		f, err = dedup.NewRedisWithBitmapBits(t.Context(), cfg, client, nil, bitmapBits)
	}
	if err != nil {
		t.Fatalf("NewRedis: %v", err)
	}
	return f
}
