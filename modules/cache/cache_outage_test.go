package cache_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/cache/cachetest"
	"github.com/skatestock/skatestock/modules/redistest"
)

// TestRedisOutage takes Redis away under one client that is never
// recreated: while Redis is down or hung every call returns an error (a
// hung one at the configured timeout, not the caller's), and FailOpen turns
// them into misses; an Invalidate lost to the outage is redone by the
// first call after it, so no value from before it is served again.
func TestRedisOutage(t *testing.T) {
	opt := redistest.RedisOptions(t)
	admin := redistest.NewRedisClient(t, opt)
	proxy := redistest.StartProxy(t, opt.InitAddress[0])
	viaProxy := opt
	viaProxy.InitAddress = []string{proxy.Addr()}
	// One connection: with rueidis's default few, recovery would be gradual.
	viaProxy.PipelineMultiplex = -1
	cfg := cachetest.Config()
	cfg.Timeout = 200 * time.Millisecond // hung calls wait this long each
	cfg.Prefix = redistest.KeyPrefix(t, admin)
	red := newRedis(t, cfg, redistest.NewRedisClient(t, viaProxy))
	peer := newRedis(t, cfg, admin)
	f := cache.NewFailOpen(red, nil)

	for _, o := range []struct {
		name               string
		start              func()
		wantDeadlinePassed bool
	}{
		{"down", proxy.Cut, false},
		{"hung", proxy.Hang, true},
	} {
		t.Run(o.name, func(t *testing.T) {
			cachetest.Set(t, f, "k", "before", time.Hour)
			redistest.Eventually(t, "the value is cached", func() bool { _, ok := cachetest.Get(t, f, "k"); return ok })
			before := f.Stats()
			o.start()

			ctx := context.Background() // no deadline: only cfg.Timeout can end a hung call
			started := time.Now()
			_, _, err := red.Get(ctx, "k")
			t.Logf("Get while %s returned after %v: %v", o.name, time.Since(started), err)
			if err == nil {
				t.Fatal("Get while Redis is away: no error")
			}
			if o.wantDeadlinePassed && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Get while hung: err = %v, want context.DeadlineExceeded from cfg.Timeout", err)
			}
			if err := red.Set(ctx, "k", []byte("x"), time.Hour); err == nil {
				t.Error("Set while Redis is away: no error")
			}

			if _, ok := cachetest.Get(t, f, "k"); ok {
				t.Error("FailOpen hit while Redis is away")
			}
			filled, err := f.Fetch(ctx, "k", time.Hour, func(context.Context) ([]byte, error) { return []byte("from db"), nil })
			if err != nil || string(filled) != "from db" {
				t.Errorf("Fetch while Redis is away = %q, %v; want the filled value", filled, err)
			}
			if err := f.Invalidate(ctx); err == nil {
				t.Error("FailOpen.Invalidate while Redis is away: no error; the caller must retry")
			}
			// Get, Fetch (which stops at its first failure) and Invalidate.
			if got := f.Stats().Failures - before.Failures; got != 3 {
				t.Errorf("FailOpen counted %d failures, want 3", got)
			}

			proxy.Restore()
			// The first answered call redoes the lost Invalidate: the value set
			// before it never comes back, here or on another instance.
			redistest.Eventually(t, "FailOpen answers again", func() bool {
				cachetest.Set(t, f, "probe", "v", time.Hour)
				_, ok := cachetest.Get(t, f, "probe")
				return ok
			})
			if v, ok := cachetest.Get(t, f, "k"); ok {
				t.Errorf("after recovery, Get = %q: a value from before the lost Invalidate", v)
			}
			redistest.Eventually(t, "the peer misses it too", func() bool { _, ok := cachetest.Get(t, peer, "k"); return !ok })
		})
	}
}
