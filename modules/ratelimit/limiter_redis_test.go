package ratelimit_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ratelimit"
	"github.com/skatestock/skatestock/modules/ratelimit/ratelimittest"
	"github.com/skatestock/skatestock/modules/redistest"
)

// TestRedisAgreesWithMemory runs the script and the Go function through one
// random timeline of requests on a few keys, on the same fake clock: every
// decision must be identical, durations to the microsecond. Limits include
// fractional rates, whose intervals are rounded the same way on both sides.
//
// Rates stay low: Redis expires keys on its own, real, clock (PX of the
// time until the key is at rest), so with fast rates a key could expire in
// real time before the fake clock reaches its TAT, and Redis would forget
// what Memory remembers. With the server's clock the two cannot diverge.
func TestRedisAgreesWithMemory(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	for _, lim := range []struct {
		rate  float64
		burst int
	}{{1, 5}, {3, 1}, {0.37, 4}, {0.5, 50}, {0.001, 1_000_000}} {
		t.Run(fmt.Sprintf("rate %g burst %d", lim.rate, lim.burst), func(t *testing.T) {
			cfg := ratelimit.DefaultConfig()
			cfg.Rate, cfg.Burst, cfg.Timeout = lim.rate, lim.burst, 10*time.Second
			cfg.Prefix = redistest.KeyPrefix(t, client)
			clock := clockwork.NewFakeClock()
			mem := newMemory(t, cfg, clock)
			red, err := ratelimit.NewRedisWithClock(cfg, client, clock.Now)
			if err != nil {
				t.Fatal(err)
			}
			interval := time.Duration(ratelimit.IntervalOf(cfg)) * time.Microsecond
			rng := rand.New(rand.NewPCG(uint64(lim.burst), 11))
			allowed := 0
			for i := range 400 {
				// Mostly faster than the rate, sometimes a pause: bursts, refusals
				// and refills all happen (but a burst of a million cannot be
				// used up in 400 requests).
				switch r := rng.IntN(20); {
				case r < 16:
					clock.Advance(time.Duration(rng.Int64N(int64(interval) / 4)))
				case r < 19:
					clock.Advance(time.Duration(rng.Int64N(int64(interval))))
				default:
					// Capped: the slowest limits take 31 years to refill, and the
					// script's arithmetic is exact only until the 23rd century.
					clock.Advance(time.Duration(rng.Int64N(min(int64(interval)*int64(lim.burst)*2, int64(30*24*time.Hour)))))
				}
				key := strconv.Itoa(rng.IntN(2))
				want := ratelimittest.Allow(t, mem, key)
				got := ratelimittest.Allow(t, red, key)
				if got != want {
					t.Fatalf("request %d on key %s: Redis %+v, Memory %+v", i, key, got, want)
				}
				if got.Allowed {
					allowed++
				}
			}
			t.Logf("400 requests, %d allowed, identical decisions", allowed)
		})
	}
}

// TestRedisUsesServerClock checks that the production limiter decides on
// Redis's TIME: the TAT it stores lies between the server's clock before
// and after the call, plus one interval, whatever this process's clock says.
func TestRedisUsesServerClock(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	cfg := ratelimit.DefaultConfig()
	cfg.Rate, cfg.Burst = 0.01, 3
	cfg.Prefix = redistest.KeyPrefix(t, client)
	r := newRedis(t, cfg, client)
	serverNow := func() int64 {
		t.Helper()
		tm, err := client.Do(t.Context(), client.B().Time().Build()).AsStrSlice()
		if err != nil || len(tm) != 2 {
			t.Fatalf("TIME: %v %v", tm, err)
		}
		s, _ := strconv.ParseInt(tm[0], 10, 64)
		us, _ := strconv.ParseInt(tm[1], 10, 64)
		return s*1_000_000 + us
	}
	before := serverNow()
	d := ratelimittest.Allow(t, r, "198.51.100.4")
	after := serverNow()
	stored, err := client.Do(t.Context(), client.B().Get().Key(cfg.Prefix+"198.51.100.4").Build()).AsInt64()
	if err != nil {
		t.Fatal(err)
	}
	interval := ratelimit.IntervalOf(cfg)
	if stored < before+interval || stored > after+interval {
		t.Errorf("stored TAT %d, want within [%d, %d]: the server's time plus one interval", stored, before+interval, after+interval)
	}
	pttl, err := client.Do(t.Context(), client.B().Pttl().Key(cfg.Prefix+"198.51.100.4").Build()).AsInt64()
	if err != nil || pttl <= 0 || pttl > d.ResetAfter.Milliseconds()+1 {
		t.Errorf("PTTL = %d, %v; want (0, %d]: the key expires when at rest", pttl, err, d.ResetAfter.Milliseconds()+1)
	}
}

// TestRedisKeyLayout pins the names the limiter writes: one per key, long
// keys hashed, nothing else.
func TestRedisKeyLayout(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	cfg := ratelimit.DefaultConfig()
	cfg.Prefix = redistest.KeyPrefix(t, client)
	r := newRedis(t, cfg, client)
	long := strings.Repeat("x", 1000)
	ratelimittest.Allow(t, r, "192.0.2.1")
	ratelimittest.Allow(t, r, long)
	keys, err := redistest.KeysByPrefix(t.Context(), client, cfg.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(keys)
	want := []string{cfg.Prefix + "192.0.2.1", cfg.Prefix + ratelimit.StorageKey(long)}
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("keys under the prefix: %q, want %q", keys, want)
	}
}

func TestRedisRefusesForeignValue(t *testing.T) {
	client := redistest.NewRedisClient(t, redisOptions(t))
	cfg := ratelimit.DefaultConfig()
	cfg.Prefix = redistest.KeyPrefix(t, client)
	r := newRedis(t, cfg, client)
	if err := client.Do(t.Context(), client.B().Set().Key(cfg.Prefix+"k").Value("not a time").Build()).Error(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Allow(t.Context(), "k"); err == nil || !strings.Contains(err.Error(), "does not hold a TAT") {
		t.Errorf("Allow over a foreign value: err = %v, want one saying so", err)
	}
}

func TestNewRedisRejectsBadArguments(t *testing.T) {
	if _, err := ratelimit.NewRedis(ratelimit.DefaultConfig(), nil); err == nil {
		t.Error("nil client: no error")
	}
	cfg := ratelimit.DefaultConfig()
	cfg.Burst = 0
	if _, err := ratelimit.NewRedis(cfg, nil); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("invalid config: err = %v, want catalog.ErrInvalid", err)
	}
	if _, err := ratelimit.NewMemory(cfg, nil); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("NewMemory, invalid config: err = %v, want catalog.ErrInvalid", err)
	}
}
