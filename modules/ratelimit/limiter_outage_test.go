package ratelimit_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/ratelimit"
	"github.com/skatestock/skatestock/modules/ratelimit/ratelimittest"
	"github.com/skatestock/skatestock/modules/redistest"
)

// TestRedisOutage takes Redis away under one client that is never
// recreated: while Redis is down or hung Allow returns an error (a hung one
// at the configured timeout, not the caller's), Fallback answers from its
// Memory limiter meanwhile, and Redis answers again by itself afterwards.
func TestRedisOutage(t *testing.T) {
	opt := redisOptions(t)
	admin := redistest.NewRedisClient(t, opt)
	proxy := redistest.StartProxy(t, opt.InitAddress[0])
	viaProxy := opt
	viaProxy.InitAddress = []string{proxy.Addr()}
	// One connection: with rueidis's default few, recovery would be gradual.
	viaProxy.PipelineMultiplex = -1
	cfg := ratelimit.DefaultConfig()
	cfg.Rate, cfg.Burst = 0.01, 3
	cfg.Timeout = 200 * time.Millisecond // hung calls wait this long each
	cfg.Prefix = redistest.KeyPrefix(t, admin)
	red := newRedis(t, cfg, redistest.NewRedisClient(t, viaProxy))
	logs := &recordedLogs{}
	f := ratelimit.NewFallback(red, newMemory(t, cfg, nil), slog.New(logs))

	for i, o := range []struct {
		name         string
		start        func()
		wantDeadline bool
	}{
		{"down", proxy.Cut, false},
		{"hung", proxy.Hang, true},
	} {
		t.Run(o.name, func(t *testing.T) {
			key := o.name
			if d := ratelimittest.Allow(t, f, key); !d.Allowed || d.Remaining != 2 {
				t.Fatalf("healthy: %+v", d)
			}
			o.start()
			ctx := context.Background() // no deadline: only cfg.Timeout can end a hung call
			started := time.Now()
			_, err := red.Allow(ctx, key)
			t.Logf("Allow while %s returned after %v: %v", o.name, time.Since(started), err)
			if err == nil {
				t.Fatal("Allow while Redis is away: no error")
			}
			if o.wantDeadline && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Allow while hung: err = %v, want context.DeadlineExceeded from cfg.Timeout", err)
			}

			// The fallback knows nothing of the request Redis counted: it
			// enforces the limit per instance, from scratch.
			before := f.Stats()
			for n := range 4 {
				d, err := f.Allow(ctx, key)
				if err != nil {
					t.Fatalf("Fallback while Redis is away: %v", err)
				}
				if d.Allowed != (n < 3) {
					t.Errorf("Fallback request %d while Redis is away: %+v; want the Memory limit's answer", n+1, d)
				}
			}
			if got := f.Stats().Failures - before.Failures; got != 4 {
				t.Errorf("Fallback counted %d failures, want 4", got)
			}

			proxy.Restore()
			redistest.Eventually(t, "Redis answers again", func() bool {
				_, err := red.Allow(ctx, "probe")
				return err == nil
			})
			// Back on Redis, which counted the key's one request from before
			// the outage (the probe used another key): this is its second.
			if d := ratelimittest.Allow(t, f, key); !d.Allowed || d.Remaining != 1 {
				t.Errorf("after recovery: %+v; want Redis's count, 1 remaining", d)
			}
			if n := logs.count("rate limiter recovered"); n != i+1 {
				t.Errorf("%d recovery lines, want %d", n, i+1)
			}
		})
	}
	// Both outages fell within FallbackLogInterval: one failure line.
	if n := logs.count("rate limiter failing, limiting per instance"); n != 1 {
		t.Errorf("%d failure lines, want 1", n)
	}
}
