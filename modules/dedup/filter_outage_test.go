package dedup_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/redistest"
)

// TestFailOpenOverRedisOutage runs a Redis filter behind FailOpen through
// Redis going down, hanging and refusing commands, on one client that is
// never recreated: during each outage every key is answered "not seen"
// without an error (so every observation would be written: nothing is lost),
// and afterwards real answers come back by themselves.
func TestFailOpenOverRedisOutage(t *testing.T) {
	opt := redisOptions(t)
	admin := redistest.NewRedisClient(t, opt)
	proxy := redistest.StartProxy(t, opt.InitAddress[0])
	viaProxy := opt
	viaProxy.InitAddress = []string{proxy.Addr()}
	// One connection instead of rueidis's default few: each connection the
	// outage broke fails once more (answered "not seen") before rueidis
	// replaces it, so with several the return of real answers would be
	// gradual; with one it is a single observable point.
	viaProxy.PipelineMultiplex = -1
	client := redistest.NewRedisClient(t, viaProxy)

	cfg := contractConfig()
	// Hung calls wait this long each; healthy ones take about a millisecond.
	cfg.Timeout = 500 * time.Millisecond
	cfg.KeyPrefix = redistest.KeyPrefix(t, admin)
	red, err := dedup.NewRedis(t.Context(), cfg, client, nil)
	if err != nil {
		t.Fatalf("NewRedis through the proxy: %v", err)
	}
	logs := &recordedLogs{}
	f := dedup.NewFailOpen(red, slog.New(logs))

	known := testKeys(30, 100)
	if n := countTrue(testAndAdd(t, f, known)); n != 0 {
		t.Fatalf("healthy, first sight: %d maybe seen, want 0", n)
	}
	if n := countTrue(testAndAdd(t, f, known)); n != len(known) {
		t.Fatalf("healthy, second sight: %d of %d maybe seen, want all", n, len(known))
	}

	names, _ := dedup.RedisBitmaps(red)
	outages := []struct {
		name       string
		start, end func(t *testing.T)
	}{
		{"down", func(*testing.T) { proxy.Cut() }, func(*testing.T) { proxy.Restore() }},
		{"hung", func(*testing.T) { proxy.Hang() }, func(*testing.T) { proxy.Restore() }},
		{"refusing commands", func(t *testing.T) {
			// A key of the wrong type makes every BITFIELD on it fail,
			// like OOM or READONLY would.
			if err := admin.Do(t.Context(), admin.B().Rename().Key(names[0]).Newkey(names[0]+":saved").Build()).Error(); err != nil {
				t.Fatal(err)
			}
			if err := admin.Do(t.Context(), admin.B().Rpush().Key(names[0]).Element("x").Build()).Error(); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T) {
			if err := admin.Do(t.Context(), admin.B().Rename().Key(names[0]+":saved").Newkey(names[0]).Build()).Error(); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for i, o := range outages {
		t.Run(o.name, func(t *testing.T) {
			before, redisBefore := f.Stats(), red.Stats()
			o.start(t)
			fresh := testKeys(uint64(40+i), 100)
			const calls = 4
			for range calls / 2 {
				// Known keys come back "not seen" and would be written; the
				// database upsert makes that harmless.
				if n := countTrue(testAndAdd(t, f, known)); n != 0 {
					t.Fatalf("during outage, known keys: %d maybe seen, want 0", n)
				}
				if n := countTrue(testAndAdd(t, f, fresh)); n != 0 {
					t.Fatalf("during outage, fresh keys: %d maybe seen, want 0", n)
				}
			}
			if got := f.Stats().Failures - before.Failures; got != calls {
				t.Errorf("FailOpen counted %d failures, want %d", got, calls)
			}
			if got := red.Stats().Failures - redisBefore.Failures; got != calls {
				t.Errorf("Redis counted %d failures, want %d", got, calls)
			}

			o.end(t)
			// rueidis reconnects by itself; a call or two may still meet
			// the broken connection, so allow a few before answers return.
			recovered, attempts := false, 0
			for ; attempts < 50 && !recovered; attempts++ {
				seen, err := f.TestAndAdd(t.Context(), known)
				if err != nil {
					t.Fatalf("after outage: %v", err)
				}
				recovered = countTrue(seen) == len(known)
				if !recovered {
					time.Sleep(20 * time.Millisecond)
				}
			}
			if !recovered {
				t.Fatal("known keys never answered maybe seen again after the outage ended")
			}
			t.Logf("real answers again after %d call(s)", attempts)
			// Keys offered only during the outage were never recorded.
			if n := countTrue(testAndAdd(t, f, fresh)); n != 0 {
				t.Errorf("after outage, keys first offered during it: %d maybe seen, want 0", n)
			}
			if n := countTrue(testAndAdd(t, f, fresh)); n != len(fresh) {
				t.Errorf("after outage, fresh keys again: %d of %d maybe seen, want all", n, len(fresh))
			}
		})
	}
	// One outage line, since all three fell within FailOpenLogInterval, and
	// the recovery from it.
	if n := logs.count(msgFailingOpen); n != 1 {
		t.Errorf("%d %q lines, want 1", n, msgFailingOpen)
	}
	if n := logs.count(msgRecovered); n != 1 {
		t.Errorf("%d %q lines, want 1", n, msgRecovered)
	}
}
