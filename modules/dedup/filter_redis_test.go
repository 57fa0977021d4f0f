package dedup_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/redis/rueidis"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/redistest"
)

// TestRedisAgreesWithMemory feeds one sequence of batches, with repeats
// within and across batches, to Memory and Redis: the answers must be the
// same, and so must every bit, so either filter can stand in for the other.
func TestRedisAgreesWithMemory(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	for _, tc := range []struct {
		name       string
		bitmapBits uint64
	}{
		{"production layout", 0},
		{"bitmaps of 4096 bits", 1 << 12},
		{"bitmaps of 1000 bits", 1000}, // not a multiple of 8: bitmaps do not end on a byte
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := contractConfig()
			mem, err := dedup.NewMemory(cfg)
			if err != nil {
				t.Fatal(err)
			}
			red := newTestRedis(t, client, cfg, tc.bitmapBits)

			pool := testKeys(7, 5000)
			rng := rand.New(rand.NewPCG(7, 8))
			for b := range 40 {
				batch := make([][]byte, 1+rng.IntN(700))
				for i := range batch {
					batch[i] = pool[rng.IntN(len(pool))]
				}
				want := testAndAdd(t, mem, batch)
				got := testAndAdd(t, red, batch)
				if !slices.Equal(got, want) {
					t.Fatalf("batch %d of %d keys: Redis and Memory disagree at %d keys", b, len(batch), countDiff(got, want))
				}
			}
			memBits := dedup.MemoryBitsSet(mem)
			redisBits := redisBitsSet(t, client, red)
			if !slices.Equal(redisBits, memBits) {
				t.Fatalf("Redis has %d bits set, Memory %d; the sets differ", len(redisBits), len(memBits))
			}
			t.Logf("%d bits set, identical in both", len(memBits))
		})
	}
}

func countDiff(a, b []bool) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// redisBitsSet reads r's bitmaps and returns the filter positions of their
// set bits, ascending. Redis numbers a string's bits from the most
// significant bit of its first byte, as GETBIT and BITFIELD do.
func redisBitsSet(t *testing.T, client rueidis.Client, r *dedup.Redis) []uint64 {
	t.Helper()
	names, bitmapBits := dedup.RedisBitmaps(r)
	var set []uint64
	for i, name := range names {
		data, err := client.Do(t.Context(), client.B().Get().Key(name).Build()).AsBytes()
		if rueidis.IsRedisNil(err) {
			continue
		}
		if err != nil {
			t.Fatalf("get %s: %v", name, err)
		}
		if uint64(len(data))*8 > bitmapBits+7 {
			t.Fatalf("bitmap %s is %d bytes, more than its %d bits need", name, len(data), bitmapBits)
		}
		for j, c := range data {
			for b := range 8 {
				if c&(0x80>>b) != 0 {
					set = append(set, uint64(i)*bitmapBits+uint64(j*8+b))
				}
			}
		}
	}
	return set
}

func TestRedisKeysStayUnderPrefix(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	cfg := contractConfig()
	r := newTestRedis(t, client, cfg, 1<<12)
	testAndAdd(t, r, testKeys(9, 3000))
	names, _ := dedup.RedisBitmaps(r)
	prefix := names[0][:strings.Index(names[0], ":bloom:")]
	keys, err := redistest.KeysByPrefix(t.Context(), client, prefix)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) == 0 {
		t.Fatalf("no keys under %s after 3000 adds", prefix)
	}
	for _, key := range keys {
		if !slices.Contains(names, key) {
			t.Errorf("key %s under the prefix is not one of the filter's bitmaps", key)
		}
	}
	t.Logf("%d of %d bitmaps written, e.g. %s", len(keys), len(names), keys[0])
}

func TestNewRedisRefusesForeignKeys(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	cfg := contractConfig()
	r := newTestRedis(t, client, cfg, 0)
	names, _ := dedup.RedisBitmaps(r)
	if err := client.Do(t.Context(), client.B().Del().Key(names[0]).Build()).Error(); err != nil {
		t.Fatal(err)
	}
	if err := client.Do(t.Context(), client.B().Rpush().Key(names[0]).Element("not a bitmap").Build()).Error(); err != nil {
		t.Fatal(err)
	}
	cfg.KeyPrefix = names[0][:strings.Index(names[0], ":bloom:")]
	_, err := dedup.NewRedis(t.Context(), cfg, client, nil)
	if err == nil || !strings.Contains(err.Error(), "holds a list") {
		t.Fatalf("NewRedis over a list: err = %v, want one saying the key holds a list", err)
	}
}

func TestNewRedisRejectsBadArguments(t *testing.T) {
	if _, err := dedup.NewRedis(t.Context(), dedup.DefaultConfig(), nil, nil); err == nil {
		t.Error("nil client: no error")
	}
	cfg := dedup.DefaultConfig()
	cfg.Timeout = 0
	if _, err := dedup.NewRedis(t.Context(), cfg, nil, nil); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("invalid config: err = %v, want catalog.ErrInvalid", err)
	}
}
