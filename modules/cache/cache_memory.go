package cache

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/jonboulle/clockwork"
)

// Memory is a Cache held in process: the embedded default, and what a
// single API instance needs. Its generations are those of the process, so
// Invalidate reaches every caller of this value and no one else.
//
// It holds at most Config.MaxEntries entries and drops the least recently
// used first; Invalidate empties it outright, since entries of an old
// generation can never be read again. Expired entries are dropped when
// read, or when the LRU pushes them out.
//
// Memory is safe for concurrent use; calls are serialized by a mutex held
// for one lookup or store and never across I/O.
type Memory struct {
	clock clockwork.Clock

	mu      sync.Mutex
	gen     Generation                          // guarded by mu
	entries *simplelru.LRU[string, memoryEntry] // guarded by mu
}

type memoryEntry struct {
	value   []byte
	expires time.Time
}

var _ Generational = (*Memory)(nil)

// NewMemory returns an empty cache of at most cfg.MaxEntries entries whose
// TTLs run on clock (the real clock when nil; tests pass a fake one).
func NewMemory(cfg Config, clock clockwork.Clock) (*Memory, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("new memory cache: %w", err)
	}
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	entries, err := simplelru.NewLRU[string, memoryEntry](cfg.MaxEntries, nil)
	if err != nil {
		return nil, fmt.Errorf("new memory cache: %w", err)
	}
	return &Memory{clock: clock, gen: 1, entries: entries}, nil
}

// Get implements Cache.
func (m *Memory) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("cache memory get: %w", err)
	}
	k := storageKey(key)
	now := m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries.Get(k)
	if !ok {
		return nil, false, nil
	}
	if !now.Before(e.expires) {
		m.entries.Remove(k)
		return nil, false, nil
	}
	return bytes.Clone(e.value), true, nil
}

// Lookup implements Generational.
func (m *Memory) Lookup(ctx context.Context, key string) (Generation, []byte, bool, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, false, fmt.Errorf("cache memory lookup: %w", err)
	}
	k := storageKey(key)
	now := m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries.Get(k)
	if ok && !now.Before(e.expires) {
		m.entries.Remove(k)
		ok = false
	}
	return m.gen, e.value, ok, nil
}

// Set implements Cache.
func (m *Memory) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return m.set(ctx, 0, key, value, ttl)
}

// SetIn implements Generational: a value for a generation that is no
// longer current is dropped.
func (m *Memory) SetIn(ctx context.Context, gen Generation, key string, value []byte, ttl time.Duration) error {
	return m.set(ctx, gen, key, value, ttl)
}

// set stores into gen, or into the current generation when gen is 0.
func (m *Memory) set(ctx context.Context, gen Generation, key string, value []byte, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("cache memory set: %w", err)
	}
	if err := checkTTL(ttl); err != nil {
		return fmt.Errorf("cache memory set: %w", err)
	}
	// Copied before taking the lock: values can be large.
	e := memoryEntry{value: bytes.Clone(value), expires: m.clock.Now().Add(ttl)}
	if e.value == nil {
		e.value = []byte{} // stored empty values come back non-nil, as from Redis
	}
	k := storageKey(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen != 0 && gen != m.gen {
		return nil
	}
	m.entries.Add(k, e)
	return nil
}

// Generation implements Generational.
func (m *Memory) Generation(ctx context.Context) (Generation, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("cache memory generation: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.gen, nil
}

// Invalidate implements Cache, emptying the cache.
func (m *Memory) Invalidate(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("cache memory invalidate: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	m.entries.Purge()
	return nil
}

// Len returns how many entries the cache holds, expired ones included
// until they are read or pushed out.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.entries.Len()
}
