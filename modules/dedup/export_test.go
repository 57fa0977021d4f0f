package dedup

import (
	"context"
	"log/slog"
	"time"

	"github.com/redis/rueidis"
)

// NewRedisWithBitmapBits is NewRedis with bitmaps of bitmapBits bits, so
// that tests cross many bitmaps with a small filter.
func NewRedisWithBitmapBits(ctx context.Context, cfg Config, client rueidis.Client, log *slog.Logger, bitmapBits uint64) (*Redis, error) {
	return newRedis(ctx, cfg, client, log, bitmapBits)
}

// RedisBitmaps returns the names of r's bitmaps in order and the bits each
// holds.
func RedisBitmaps(r *Redis) (names []string, bitmapBits uint64) {
	return r.layout.names, r.layout.bitmapBits
}

// MemoryBitsSet returns the positions of f's set bits, ascending.
func MemoryBitsSet(f *Memory) []uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	var set []uint64
	b := f.filter.BitSet()
	for i, ok := b.NextSet(0); ok; i, ok = b.NextSet(i + 1) {
		set = append(set, uint64(i))
	}
	return set
}

// SetFailOpenClock replaces f's clock.
func SetFailOpenClock(f *FailOpen, now func() time.Time) { f.now = now }
