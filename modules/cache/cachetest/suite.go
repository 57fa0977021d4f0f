// Package cachetest is the contract suite of cache.Generational. Every
// implementation runs it from its own tests:
//
//	func TestMemoryContract(t *testing.T) { cachetest.Run(t, newMemorySubject) }
//
// so that Memory, Redis and FailOpen are held to the same behaviour. It
// also holds the helpers that give each Redis test a key prefix of its own,
// and a TCP proxy that takes Redis down or hangs it.
package cachetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/redistest"
)

// Subject is one cache under test, empty and in a namespace of its own.
type Subject struct {
	Cache cache.Generational
	// Peer shares Cache's storage the way another API instance would: for
	// Redis, a cache over another client (another connection, another
	// client-side cache) with the same prefix; for Memory, Cache itself.
	Peer cache.Generational
	// Advance moves the clock of a cache that runs on a fake clock; nil
	// when the cache runs on real time, and the suite then waits by
	// polling.
	Advance func(time.Duration)
}

// Factory returns a Subject configured by cfg (whose Prefix it replaces
// with one of its own), and registers with t.Cleanup whatever removes it.
type Factory func(t *testing.T, cfg cache.Config) Subject

// Config is what the suite passes to a Factory: a timeout generous enough
// for the race detector, and a GenerationTTL long enough that only
// Redis's invalidation pushes can make a peer see a new generation within
// a test.
func Config() cache.Config {
	cfg := cache.DefaultConfig()
	cfg.Timeout = 10 * time.Second
	cfg.GenerationTTL = time.Hour
	return cfg
}

// Run runs the whole contract, each test on a fresh subject.
func Run(t *testing.T, newSubject Factory) {
	t.Run("miss set hit", func(t *testing.T) { testMissSetHit(t, newSubject(t, Config())) })
	t.Run("values are copied", func(t *testing.T) { testCopies(t, newSubject(t, Config())) })
	t.Run("odd keys and values", func(t *testing.T) { testOddKeys(t, newSubject(t, Config())) })
	t.Run("large value", func(t *testing.T) { testLargeValue(t, newSubject(t, Config())) })
	t.Run("long keys", func(t *testing.T) { testLongKeys(t, newSubject(t, Config())) })
	t.Run("ttl", func(t *testing.T) { testTTL(t, newSubject(t, Config())) })
	t.Run("invalidate", func(t *testing.T) { testInvalidate(t, newSubject(t, Config())) })
	t.Run("invalidate by a peer", func(t *testing.T) { testInvalidateByPeer(t, newSubject(t, Config())) })
	t.Run("set in a stale generation", func(t *testing.T) { testStaleGeneration(t, newSubject(t, Config())) })
	t.Run("invalid ttl", func(t *testing.T) { testInvalidTTL(t, newSubject(t, Config())) })
	t.Run("context done", func(t *testing.T) { testContextDone(t, newSubject(t, Config())) })
	t.Run("lookup", func(t *testing.T) { testLookup(t, newSubject(t, Config())) })
	t.Run("concurrent callers", func(t *testing.T) { testConcurrent(t, newSubject(t, Config())) })
}

// Get fails t on an error and returns what c holds under key.
func Get(t testing.TB, c cache.Cache, key string) ([]byte, bool) {
	t.Helper()
	v, ok, err := c.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get(%.40q): %v", key, err)
	}
	return v, ok
}

// Set fails t on an error.
func Set(t testing.TB, c cache.Cache, key, value string, ttl time.Duration) {
	t.Helper()
	if err := c.Set(context.Background(), key, []byte(value), ttl); err != nil {
		t.Fatalf("Set(%.40q): %v", key, err)
	}
}

// Invalidate fails t on an error.
func Invalidate(t testing.TB, c cache.Cache) {
	t.Helper()
	if err := c.Invalidate(context.Background()); err != nil {
		t.Fatalf("Invalidate: %v", err)
	}
}

func wantHit(t *testing.T, c cache.Cache, key, want string) {
	t.Helper()
	got, ok := Get(t, c, key)
	if !ok || string(got) != want {
		t.Fatalf("Get(%.40q) = %.40q, %v; want %.40q, true", key, got, ok, want)
	}
}

func wantMiss(t *testing.T, c cache.Cache, key string) {
	t.Helper()
	if got, ok := Get(t, c, key); ok {
		t.Fatalf("Get(%.40q) = %.40q, true; want a miss", key, got)
	}
}

func missing(t *testing.T, c cache.Cache, key string) func() bool {
	return func() bool { _, ok := Get(t, c, key); return !ok }
}

func testMissSetHit(t *testing.T, s Subject) {
	wantMiss(t, s.Cache, "/api/v1/deals?page=1")
	Set(t, s.Cache, "/api/v1/deals?page=1", `{"deals":[1]}`, time.Hour)
	wantHit(t, s.Cache, "/api/v1/deals?page=1", `{"deals":[1]}`)
	wantMiss(t, s.Cache, "/api/v1/deals?page=2")
	Set(t, s.Cache, "/api/v1/deals?page=1", `{"deals":[2]}`, time.Hour)
	wantHit(t, s.Cache, "/api/v1/deals?page=1", `{"deals":[2]}`)
	redistest.Eventually(t, "peer sees the value", func() bool {
		v, ok := Get(t, s.Peer, "/api/v1/deals?page=1")
		return ok && string(v) == `{"deals":[2]}`
	})
}

func testCopies(t *testing.T, s Subject) {
	in := []byte("original")
	if err := s.Cache.Set(context.Background(), "k", in, time.Hour); err != nil {
		t.Fatal(err)
	}
	copy(in, "CHANGED!")
	out, _ := Get(t, s.Cache, "k")
	if string(out) != "original" {
		t.Fatalf("after the caller changed the slice it set, Get = %q", out)
	}
	copy(out, "CHANGED!")
	wantHit(t, s.Cache, "k", "original")
}

func testOddKeys(t *testing.T, s Subject) {
	entries := map[string]string{
		"":                      "empty key",
		"with space":            "",
		"tab\tnewline\nnul\x00": "binary\x00value\xff\xfe",
		"ünïcødé/🛹?q=ü":         "unicode",
		"*?[glob]":              "glob characters",
	}
	for k, v := range entries {
		Set(t, s.Cache, k, v, time.Hour)
	}
	for k, v := range entries {
		got, ok := Get(t, s.Cache, k)
		if !ok || string(got) != v {
			t.Errorf("Get(%q) = %q, %v; want %q, true", k, got, ok, v)
		}
	}
}

func testLargeValue(t *testing.T, s Subject) {
	big := bytes.Repeat([]byte(`{"sku":"BK-825","price":5495},`), 150_000) // 4.4 MB
	if err := s.Cache.Set(context.Background(), "big", big, time.Hour); err != nil {
		t.Fatal(err)
	}
	got, ok := Get(t, s.Cache, "big")
	if !ok || !bytes.Equal(got, big) {
		t.Fatalf("large value: got %d bytes, ok %v; want %d bytes", len(got), ok, len(big))
	}
}

func testLongKeys(t *testing.T, s Subject) {
	base := "/api/v1/products?" + strings.Repeat("brand=baker&", 40)
	a, b := base+"page=1", base+"page=2" // differ only past cache.MaxKeyLen
	sum := sha256.Sum256([]byte(a))
	lookalike := "sha256:" + hex.EncodeToString(sum[:]) // a caller's key shaped like a's hashed name
	atLimit := strings.Repeat("x", cache.MaxKeyLen)
	pastLimit := atLimit + "y"
	keys := []string{a, b, lookalike, atLimit, pastLimit}
	for i, k := range keys {
		Set(t, s.Cache, k, fmt.Sprint("value ", i), time.Hour)
	}
	for i, k := range keys {
		wantHit(t, s.Cache, k, fmt.Sprint("value ", i))
	}
}

func testTTL(t *testing.T, s Subject) {
	if s.Advance != nil {
		Set(t, s.Cache, "minute", "v", time.Minute)
		Set(t, s.Cache, "hour", "v", time.Hour)
		s.Advance(time.Minute - time.Nanosecond)
		wantHit(t, s.Cache, "minute", "v")
		s.Advance(time.Nanosecond)
		wantMiss(t, s.Cache, "minute")
		wantHit(t, s.Cache, "hour", "v")
		return
	}
	Set(t, s.Cache, "short", "v", 30*time.Millisecond)
	Set(t, s.Cache, "hour", "v", time.Hour)
	redistest.Eventually(t, "the 30 ms value expires", missing(t, s.Cache, "short"))
	wantHit(t, s.Cache, "hour", "v")
	Set(t, s.Cache, "sub-millisecond", "v", time.Microsecond) // rounded up, not refused
	redistest.Eventually(t, "the 1 µs value expires", missing(t, s.Cache, "sub-millisecond"))
}

func testInvalidate(t *testing.T, s Subject) {
	Set(t, s.Cache, "a", "1", time.Hour)
	Set(t, s.Cache, "b", "2", time.Hour)
	redistest.Eventually(t, "peer sees a", func() bool { _, ok := Get(t, s.Peer, "a"); return ok })
	Invalidate(t, s.Cache)
	// The instance that invalidated must not wait for anything.
	wantMiss(t, s.Cache, "a")
	wantMiss(t, s.Cache, "b")
	redistest.Eventually(t, "peer misses a after Invalidate", missing(t, s.Peer, "a"))
	wantMiss(t, s.Peer, "b")
	Set(t, s.Cache, "a", "new", time.Hour)
	wantHit(t, s.Cache, "a", "new")
	redistest.Eventually(t, "peer sees the new a", func() bool {
		v, ok := Get(t, s.Peer, "a")
		return ok && string(v) == "new"
	})
	// Invalidating an empty cache, twice in a row, is fine.
	Invalidate(t, s.Cache)
	Invalidate(t, s.Cache)
	wantMiss(t, s.Cache, "a")
}

func testInvalidateByPeer(t *testing.T, s Subject) {
	Set(t, s.Cache, "a", "1", time.Hour)
	wantHit(t, s.Cache, "a", "1") // the generation is now held client-side
	Invalidate(t, s.Peer)
	redistest.Eventually(t, "Invalidate by a peer reaches the cache", missing(t, s.Cache, "a"))
}

func testStaleGeneration(t *testing.T, s Subject) {
	ctx := context.Background()
	old, err := s.Cache.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Cache.SetIn(ctx, old, "current", []byte("v"), time.Hour); err != nil {
		t.Fatal(err)
	}
	wantHit(t, s.Cache, "current", "v")
	Invalidate(t, s.Peer)
	var fresh cache.Generation
	redistest.Eventually(t, "the cache sees the peer's generation", func() bool {
		fresh, err = s.Cache.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return fresh != old
	})
	// A value computed before the invalidation must not become visible.
	if err := s.Cache.SetIn(ctx, old, "late", []byte("stale"), time.Hour); err != nil {
		t.Fatal(err)
	}
	wantMiss(t, s.Cache, "late")
	wantMiss(t, s.Peer, "late")
	if err := s.Cache.SetIn(ctx, fresh, "late", []byte("fresh"), time.Hour); err != nil {
		t.Fatal(err)
	}
	wantHit(t, s.Cache, "late", "fresh")
}

func testInvalidTTL(t *testing.T, s Subject) {
	ctx := context.Background()
	gen, err := s.Cache.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ttl := range []time.Duration{0, -time.Second} {
		if err := s.Cache.Set(ctx, "k", []byte("v"), ttl); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("Set with ttl %v: err = %v, want catalog.ErrInvalid", ttl, err)
		}
		if err := s.Cache.SetIn(ctx, gen, "k", []byte("v"), ttl); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("SetIn with ttl %v: err = %v, want catalog.ErrInvalid", ttl, err)
		}
	}
	wantMiss(t, s.Cache, "k")
}

func testContextDone(t *testing.T, s Subject) {
	Set(t, s.Cache, "k", "v", time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.Cache.Get(ctx, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get: err = %v, want context.Canceled", err)
	}
	if err := s.Cache.Set(ctx, "k", []byte("other"), time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Set: err = %v, want context.Canceled", err)
	}
	if _, err := s.Cache.Generation(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Generation: err = %v, want context.Canceled", err)
	}
	if err := s.Cache.SetIn(ctx, 1, "k", []byte("other"), time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("SetIn: err = %v, want context.Canceled", err)
	}
	if err := s.Cache.Invalidate(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Invalidate: err = %v, want context.Canceled", err)
	}
	// Still usable afterwards. Whether the cancelled Invalidate happened is
	// unknown, so only a new value is checked.
	Set(t, s.Cache, "after", "v", time.Hour)
	wantHit(t, s.Cache, "after", "v")
}

func testConcurrent(t *testing.T, s Subject) {
	const workers, ops = 8, 100
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			ctx := context.Background()
			c := s.Cache
			if w%2 == 1 {
				c = s.Peer
			}
			for i := range ops {
				key := fmt.Sprintf("key-%d", i%10)
				if err := c.Set(ctx, key, []byte(key+fmt.Sprintf("/w%d/%d", w, i)), time.Hour); err != nil {
					t.Errorf("worker %d Set: %v", w, err)
					return
				}
				v, ok, err := c.Get(ctx, key)
				if err != nil {
					t.Errorf("worker %d Get: %v", w, err)
					return
				}
				// Another worker may have replaced or invalidated it, but a hit
				// is always a value set for this key.
				if ok && !strings.HasPrefix(string(v), key+"/") {
					t.Errorf("worker %d: Get(%s) = %q, a value of another key", w, key, v)
					return
				}
				if i%25 == 24 {
					if err := c.Invalidate(ctx); err != nil {
						t.Errorf("worker %d Invalidate: %v", w, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
