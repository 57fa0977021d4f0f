package cache

import (
	"context"
	"time"
)

// StorageKey is storageKey.
func StorageKey(key string) string { return storageKey(key) }

// GenerationKey returns the name of r's generation counter.
func GenerationKey(r *Redis) string { return r.genKey }

// GenerationCacheHit reads r's generation as Get does and reports whether
// the answer came from the client-side cache, without a round trip.
func GenerationCacheHit(ctx context.Context, r *Redis) (bool, error) {
	cmd := r.client.B().Get().Key(r.genKey).Cache().ToStaticTTL()
	resp := r.client.DoCache(ctx, cmd, r.cfg.GenerationTTL)
	return resp.IsCacheHit(), resp.NonRedisError()
}

// SetFailOpenClock replaces f's clock.
func SetFailOpenClock(f *FailOpen, now func() time.Time) { f.now = now }
