package dedup

import (
	"context"
	"fmt"
	"sync"

	"github.com/bits-and-blooms/bloom/v3"
)

// Memory is a Filter held in process: the embedded default, and the
// reference the Redis filter agrees with bit for bit. Its contents live as
// long as the value does, so a restart starts it empty (every key "not
// seen", which costs writes, never observations).
//
// Memory is safe for concurrent use; calls are serialized by a mutex, held
// for one batch at a time.
type Memory struct {
	mu     sync.Mutex
	filter *bloom.BloomFilter // guarded by mu
	stats  counters
}

var _ Filter = (*Memory)(nil)

// NewMemory returns an empty filter sized by cfg, allocating its m/8 bytes
// up front (17.1 MiB for DefaultConfig).
func NewMemory(cfg Config) (*Memory, error) {
	m, k, err := checkedGeometry(cfg)
	if err != nil {
		return nil, fmt.Errorf("new memory filter: %w", err)
	}
	return &Memory{filter: bloom.New(uint(m), k)}, nil
}

// TestAndAdd implements Filter. It fails only when ctx is already done, and
// then adds nothing.
func (f *Memory) TestAndAdd(ctx context.Context, keys [][]byte) ([]bool, error) {
	if err := ctx.Err(); err != nil {
		f.stats.record(len(keys), nil, true)
		return nil, fmt.Errorf("dedup memory test and add: %w", err)
	}
	seen := make([]bool, len(keys))
	f.mu.Lock()
	for i, key := range keys {
		// bloom's TestAndAdd tests then sets each of the k bits in turn,
		// the order the Redis filter reproduces with BITFIELD SET.
		seen[i] = f.filter.TestAndAdd(key)
	}
	f.mu.Unlock()
	f.stats.record(len(keys), seen, false)
	return seen, nil
}

// Stats returns a snapshot of the filter's counters.
func (f *Memory) Stats() Stats { return f.stats.snapshot() }
