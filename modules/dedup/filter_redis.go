package dedup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/redis/rueidis"
)

// Redis is a Filter whose bits live in Redis, so that every ingest replica
// shares one filter and it survives restarts. It hashes keys to the same
// bit positions as Memory; see redisLayout for where the bits are.
//
// Each TestAndAdd is one round trip: one BITFIELD command per bitmap the
// batch touches, pipelined together. BITFIELD SET returns the bit's old
// value, so a command tests and sets its bits at once, in batch order; a key
// is maybe seen when all k of its old bits were 1. Every call is bounded by
// Config.Timeout. Failures (Redis down, slow, refusing) are returned as
// errors, never hidden: wrap the filter in FailOpen to keep ingest going
// without it.
//
// Redis is safe for concurrent use. Concurrent batches are not isolated
// from each other (each BITFIELD is atomic, the batch is not); the only
// effect is that two batches racing on one new key may both answer "not
// seen", which Filter allows.
type Redis struct {
	client rueidis.Client
	cfg    Config
	layout redisLayout
	stats  counters
}

var _ Filter = (*Redis)(nil)

// NewRedis returns a filter sized by cfg over client, which the caller owns
// and closes. Within cfg.Timeout it checks that the filter's keys are
// absent or Redis strings (a prefix clashing with other data is refused)
// and logs the geometry and how many bitmaps already exist. It does not keep
// log: failures later are returned to the caller, not logged here.
func NewRedis(ctx context.Context, cfg Config, client rueidis.Client, log *slog.Logger) (*Redis, error) {
	return newRedis(ctx, cfg, client, log, defaultBitmapBits)
}

func newRedis(ctx context.Context, cfg Config, client rueidis.Client, log *slog.Logger, bitmapBits uint64) (*Redis, error) {
	m, k, err := checkedGeometry(cfg)
	if err != nil {
		return nil, fmt.Errorf("new redis filter: %w", err)
	}
	if client == nil {
		return nil, errors.New("new redis filter: client is nil")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Redis{client: client, cfg: cfg, layout: newRedisLayout(cfg.KeyPrefix, m, k, bitmapBits)}
	existing, err := r.checkKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("new redis filter: %w", err)
	}
	log.Info("dedup redis filter ready", "key_prefix", cfg.KeyPrefix, "bits", m, "hashes", k,
		"bytes", m/8, "bitmaps", len(r.layout.names), "bitmaps_existing", existing)
	return r, nil
}

// checkKeys returns how many of the filter's bitmaps exist, or an error if a
// key of the filter holds something other than a string.
func (r *Redis) checkKeys(ctx context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	cmds := make(rueidis.Commands, len(r.layout.names))
	for i, name := range r.layout.names {
		cmds[i] = r.client.B().Type().Key(name).Build()
	}
	existing := 0
	for i, resp := range r.client.DoMulti(ctx, cmds...) {
		typ, err := resp.ToString()
		if err != nil {
			return 0, fmt.Errorf("check key %s: %w", r.layout.names[i], err)
		}
		switch typ {
		case "none":
		case "string":
			existing++
		default:
			return 0, fmt.Errorf("check key %s: holds a %s, want a string (bitmap) or nothing; choose another KeyPrefix", r.layout.names[i], typ)
		}
	}
	return existing, nil
}

// TestAndAdd implements Filter in one round trip to Redis.
func (r *Redis) TestAndAdd(ctx context.Context, keys [][]byte) ([]bool, error) {
	seen, err := r.testAndAdd(ctx, keys)
	r.stats.record(len(keys), seen, err != nil)
	return seen, err
}

func (r *Redis) testAndAdd(ctx context.Context, keys [][]byte) ([]bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("dedup redis test and add: %w", err)
	}
	seen := make([]bool, len(keys))
	if len(keys) == 0 {
		return seen, nil
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()

	ops := r.layout.plan(keys)
	cmds := make(rueidis.Commands, len(ops))
	for i, op := range ops {
		c := r.client.B().Bitfield().Key(r.layout.names[op.bitmap]).Set("u1", op.offsets[0], 1)
		for _, off := range op.offsets[1:] {
			c = c.Set("u1", off, 1)
		}
		cmds[i] = c.Build()
	}
	for i := range seen {
		seen[i] = true // until one of its old bits says otherwise
	}
	for i, resp := range r.client.DoMulti(ctx, cmds...) {
		name := r.layout.names[ops[i].bitmap]
		old, err := resp.AsIntSlice()
		if err != nil {
			return nil, fmt.Errorf("dedup redis bitfield %s: %w", name, err)
		}
		if len(old) != len(ops[i].offsets) {
			return nil, fmt.Errorf("dedup redis bitfield %s: %d replies for %d bits", name, len(old), len(ops[i].offsets))
		}
		for j, bit := range old {
			if bit == 0 {
				seen[ops[i].owners[j]] = false
			}
		}
	}
	return seen, nil
}

// Stats returns a snapshot of the filter's counters; Failures counts the
// calls that returned an error.
func (r *Redis) Stats() Stats { return r.stats.snapshot() }
