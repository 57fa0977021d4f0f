package cache_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/cache/cachetest"
)

func newSmallMemory(t *testing.T, entries int) (*cache.Memory, *clockwork.FakeClock) {
	t.Helper()
	cfg := cache.DefaultConfig()
	cfg.MaxEntries = entries
	clock := clockwork.NewFakeClock()
	m, err := cache.NewMemory(cfg, clock)
	if err != nil {
		t.Fatal(err)
	}
	return m, clock
}

func TestMemoryDropsLeastRecentlyUsed(t *testing.T) {
	m, _ := newSmallMemory(t, 3)
	for i := range 3 {
		cachetest.Set(t, m, fmt.Sprint("k", i), "v", time.Hour)
	}
	cachetest.Get(t, m, "k0") // k1 is now the least recently used
	cachetest.Set(t, m, "k3", "v", time.Hour)
	if m.Len() != 3 {
		t.Fatalf("Len = %d, want 3", m.Len())
	}
	if _, ok := cachetest.Get(t, m, "k1"); ok {
		t.Error("k1, the least recently used, is still there")
	}
	for _, k := range []string{"k0", "k2", "k3"} {
		if _, ok := cachetest.Get(t, m, k); !ok {
			t.Errorf("%s was dropped", k)
		}
	}
}

func TestMemoryDropsExpiredAndInvalidated(t *testing.T) {
	m, clock := newSmallMemory(t, 100)
	cachetest.Set(t, m, "short", "v", time.Second)
	cachetest.Set(t, m, "long", "v", time.Hour)
	clock.Advance(time.Second)
	cachetest.Get(t, m, "short")
	if m.Len() != 1 {
		t.Errorf("Len = %d after reading an expired entry, want 1", m.Len())
	}
	cachetest.Invalidate(t, m)
	if m.Len() != 0 {
		t.Errorf("Len = %d after Invalidate, want 0: old generations can never be read", m.Len())
	}
}

func TestMemoryLongKeysTakeBoundedSpace(t *testing.T) {
	if got := cache.StorageKey(string(make([]byte, 1<<20))); len(got) != len("sha256:")+64 {
		t.Errorf("a 1 MiB key is stored under %d bytes, want %d", len(got), len("sha256:")+64)
	}
}
