package ratelimit_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/skatestock/skatestock/modules/ratelimit"
	"github.com/skatestock/skatestock/modules/ratelimit/ratelimittest"
)

func TestMemoryBoundsKeys(t *testing.T) {
	cfg := ratelimit.DefaultConfig()
	cfg.Rate, cfg.Burst, cfg.MaxKeys = 1, 2, 100
	clock := clockwork.NewFakeClock()
	m := newMemory(t, cfg, clock)

	// Keys at rest go first, and forgetting them changes nothing.
	for i := range 100 {
		ratelimittest.Allow(t, m, fmt.Sprint("idle-", i))
	}
	clock.Advance(time.Second) // every key back at rest
	ratelimittest.Allow(t, m, "busy")
	ratelimittest.Allow(t, m, "busy")
	if m.Len() != 1 {
		t.Errorf("Len = %d after a new key found the map full of keys at rest, want 1", m.Len())
	}
	if d := ratelimittest.Allow(t, m, "busy"); d.Allowed {
		t.Errorf("busy, past its burst: %+v; its state was dropped with the idle keys", d)
	}

	// A flood of active keys: bounded, each sweep freeing a tenth.
	for i := range 1000 {
		ratelimittest.Allow(t, m, fmt.Sprint("flood-", i))
		if m.Len() > cfg.MaxKeys {
			t.Fatalf("Len = %d after %d flood keys, over MaxKeys %d", m.Len(), i+1, cfg.MaxKeys)
		}
	}
}

func TestMemoryRefusedKeyNotStored(t *testing.T) {
	cfg := ratelimit.DefaultConfig()
	cfg.Rate, cfg.Burst, cfg.MaxKeys = 1, 1, 10
	m := newMemory(t, cfg, clockwork.NewFakeClock())
	ratelimittest.Allow(t, m, "k")
	ratelimittest.Allow(t, m, "k") // refused
	if m.Len() != 1 {
		t.Errorf("Len = %d, want 1", m.Len())
	}
}
