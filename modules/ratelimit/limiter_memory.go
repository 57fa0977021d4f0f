package ratelimit

import (
	"context"
	"fmt"
	"sync"

	"github.com/jonboulle/clockwork"
)

// Memory is a Limiter held in process: the embedded default, and the
// fallback of a Redis limiter. Its limit is per process, so N instances
// each using one allow N times the configured rate between them.
//
// It keeps one TAT per key, at most Config.MaxKeys of them. When a new key
// finds the map full, keys at rest (whose TAT has passed, so forgetting
// them changes nothing) are dropped; if that frees less than a tenth of
// the map, arbitrary keys are dropped down to nine tenths, which forgives
// them their recent requests. Each sweep is paid for by the tenth of
// MaxKeys inserts it makes room for.
//
// Memory is safe for concurrent use; calls are serialized by a mutex.
type Memory struct {
	limit   gcraLimit
	maxKeys int
	clock   clockwork.Clock

	mu   sync.Mutex
	tats map[string]int64 // guarded by mu; µs since the epoch
}

var _ Limiter = (*Memory)(nil)

// NewMemory returns a limiter for cfg's limit whose time runs on clock
// (the real clock when nil; tests pass a fake one).
func NewMemory(cfg Config, clock clockwork.Clock) (*Memory, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("new memory limiter: %w", err)
	}
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	return &Memory{limit: cfg.limit(), maxKeys: cfg.MaxKeys, clock: clock, tats: make(map[string]int64)}, nil
}

// Allow implements Limiter. It fails only when ctx is already done, and
// then takes nothing.
func (m *Memory) Allow(ctx context.Context, key string) (Decision, error) {
	if err := ctx.Err(); err != nil {
		return Decision{}, fmt.Errorf("ratelimit memory allow: %w", err)
	}
	k := storageKey(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now().UnixMicro()
	tat, known := m.tats[k]
	step := gcra(now, tat, m.limit)
	if step.allowed {
		if !known && len(m.tats) >= m.maxKeys {
			m.makeRoom(now)
		}
		m.tats[k] = step.tat
	}
	return step.decision(), nil
}

// makeRoom drops keys at rest, then arbitrary ones, so that at least a
// tenth of the map is free.
func (m *Memory) makeRoom(now int64) {
	for k, tat := range m.tats {
		if tat <= now {
			delete(m.tats, k)
		}
	}
	target := m.maxKeys - max(1, m.maxKeys/10)
	for k := range m.tats {
		if len(m.tats) <= target {
			break
		}
		delete(m.tats, k)
	}
}

// Len returns how many keys the limiter holds.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.tats)
}
