package cachetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/redistest"
)

// lookup fails t on an error and returns what Lookup answers.
func lookup(t testing.TB, c cache.Generational, key string) (cache.Generation, string, bool) {
	t.Helper()
	gen, v, ok, err := c.Lookup(context.Background(), key)
	if err != nil {
		t.Fatalf("Lookup(%.40q): %v", key, err)
	}
	if gen == 0 {
		t.Fatalf("Lookup(%.40q) answered generation 0", key)
	}
	return gen, string(v), ok
}

// testLookup holds Lookup to Generation and Get: the generation it names
// is the one SetIn stores in, and a value it answered once (and may hold
// client-side from then on) goes as soon as a peer's Invalidate or Set
// says so, or its TTL runs out.
func testLookup(t *testing.T, s Subject) {
	ctx := context.Background()
	gen, _, ok := lookup(t, s.Cache, "k")
	if ok {
		t.Fatal("Lookup on an empty cache hit")
	}
	if g, err := s.Cache.Generation(ctx); err != nil || g != gen {
		t.Fatalf("Generation = %d, %v; Lookup named %d", g, err, gen)
	}
	if err := s.Cache.SetIn(ctx, gen, "k", []byte("v1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second read may come from a client-side copy
		if g, v, ok := lookup(t, s.Cache, "k"); !ok || v != "v1" || g != gen {
			t.Fatalf("Lookup after SetIn = %d, %q, %v; want %d, v1, true", g, v, ok, gen)
		}
	}

	// A copy of "missing" taken before a peer stored the key must go.
	if _, _, ok := lookup(t, s.Cache, "by-peer"); ok {
		t.Fatal("Lookup hit a key nobody set")
	}
	Set(t, s.Peer, "by-peer", "p", time.Hour)
	redistest.Eventually(t, "Lookup sees the peer's value", func() bool {
		_, v, ok := lookup(t, s.Cache, "by-peer")
		return ok && v == "p"
	})

	Invalidate(t, s.Peer)
	redistest.Eventually(t, "Lookup sees the peer's Invalidate", func() bool {
		g, _, ok := lookup(t, s.Cache, "k")
		return g != gen && !ok
	})
	if _, _, ok := lookup(t, s.Cache, "by-peer"); ok {
		t.Fatal("Lookup hit a value of the generation before Invalidate")
	}

	if s.Advance != nil {
		Set(t, s.Cache, "minute", "v", time.Minute)
		lookup(t, s.Cache, "minute")
		s.Advance(time.Minute)
	} else {
		Set(t, s.Cache, "minute", "v", 50*time.Millisecond)
		lookup(t, s.Cache, "minute")
	}
	redistest.Eventually(t, "a value read by Lookup expires with its TTL", func() bool {
		_, _, ok := lookup(t, s.Cache, "minute")
		return !ok
	})

	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, _, err := s.Cache.Lookup(done, "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("Lookup: err = %v, want context.Canceled", err)
	}
}
