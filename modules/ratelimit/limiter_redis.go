package ratelimit

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/rueidis"
)

//go:embed gcra.lua
var gcraScript string

// Redis is a Limiter whose state lives in Redis, shared by every API
// instance over the same Config.Prefix: one key per limited key,
// <prefix><key>, holding its TAT in microseconds and expiring when the key
// is back at rest, so idle keys cost nothing.
//
// Each Allow is one round trip: EVALSHA of gcra.lua (rueidis falls back to
// EVAL when the server does not have the script yet), which reads the TAT,
// decides and writes it back atomically, on the server's clock. Every call
// is bounded by Config.Timeout. Failures are returned as errors: wrap the
// limiter in Fallback to keep answering without Redis.
//
// Redis is safe for concurrent use.
type Redis struct {
	client rueidis.Client
	prefix string
	// args are the script's arguments, the same for every call.
	interval, tolerance string
	timeout             time.Duration
	script              *rueidis.Lua
	// now, when set, replaces the server's clock; only tests set it.
	now func() time.Time
}

var _ Limiter = (*Redis)(nil)

// NewRedis returns a limiter for cfg's limit over client, which the caller
// owns and closes. It does no I/O.
func NewRedis(cfg Config, client rueidis.Client) (*Redis, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("new redis limiter: %w", err)
	}
	if client == nil {
		return nil, errors.New("new redis limiter: client is nil")
	}
	l := cfg.limit()
	return &Redis{
		client:    client,
		prefix:    cfg.Prefix,
		interval:  strconv.FormatInt(l.interval, 10),
		tolerance: strconv.FormatInt(l.tolerance, 10),
		timeout:   cfg.Timeout,
		script:    rueidis.NewLuaScript(gcraScript),
	}, nil
}

// Allow implements Limiter in one round trip.
func (r *Redis) Allow(ctx context.Context, key string) (Decision, error) {
	if err := ctx.Err(); err != nil {
		return Decision{}, fmt.Errorf("ratelimit redis allow: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	now := ""
	if r.now != nil {
		now = strconv.FormatInt(r.now().UnixMicro(), 10)
	}
	name := r.prefix + storageKey(key)
	reply, err := r.script.Exec(ctx, r.client, []string{name}, []string{r.interval, r.tolerance, now}).AsIntSlice()
	if err != nil {
		return Decision{}, fmt.Errorf("ratelimit redis allow %s: %w", name, err)
	}
	if len(reply) != 4 {
		return Decision{}, fmt.Errorf("ratelimit redis allow %s: script answered %d values, want 4", name, len(reply))
	}
	return gcraStep{
		allowed:    reply[0] == 1,
		remaining:  reply[1],
		retryAfter: reply[2],
		resetAfter: reply[3],
	}.decision(), nil
}
