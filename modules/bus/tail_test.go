package bus_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/skatestock/skatestock/modules/bus"
)

// A Tail sees exactly the records committed after it was created, from
// every partition, and two Tails each see all of them: there is no group
// to split them.
func TestTailSeesEverythingAfterItStarts(t *testing.T) {
	_, cfg := newCluster(t)
	topic := cfg.Topics.PriceUpdates
	before := make([]bus.Record, 20)
	for i := range before {
		before[i] = bus.Record{Topic: topic, Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "old-%d", i)}
	}
	publish(t, cfg, before)

	ctx := testContext(t)
	const n = 60
	type seen struct {
		mu   sync.Mutex
		vals map[string]int
		done chan struct{}
	}
	start := func() *seen {
		s := &seen{vals: map[string]int{}, done: make(chan struct{})}
		tail, err := bus.NewTail(ctx, cfg, testLogger(), topic)
		if err != nil {
			t.Fatal(err)
		}
		runCtx, cancel := context.WithCancel(ctx)
		stopped := make(chan error, 1)
		go func() {
			stopped <- tail.Run(runCtx, func(_ context.Context, batch []bus.Record) {
				s.mu.Lock()
				defer s.mu.Unlock()
				for _, r := range batch {
					s.vals[string(r.Value)]++
				}
				if len(s.vals) >= n {
					select {
					case <-s.done:
					default:
						close(s.done)
					}
				}
			})
		}()
		t.Cleanup(func() {
			cancel()
			if err := <-stopped; err != nil {
				t.Errorf("Run after cancel: %v", err)
			}
		})
		return s
	}
	a, b := start(), start()

	after := make([]bus.Record, n)
	want := map[string]int{}
	for i := range after {
		after[i] = bus.Record{Topic: topic, Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "new-%d", i)}
		want[fmt.Sprintf("new-%d", i)] = 1
	}
	publish(t, cfg, after)
	for name, s := range map[string]*seen{"first": a, "second": b} {
		select {
		case <-s.done:
		case <-ctx.Done():
			t.Fatalf("%s tail: timed out", name)
		}
		s.mu.Lock()
		if fmt.Sprint(s.vals) != fmt.Sprint(want) {
			t.Errorf("%s tail saw %v, want each new record once and no old one", name, s.vals)
		}
		s.mu.Unlock()
	}
}

func TestNewTailNeedsTopics(t *testing.T) {
	_, cfg := newCluster(t)
	if _, err := bus.NewTail(testContext(t), cfg, testLogger()); err == nil {
		t.Fatal("NewTail without topics succeeded")
	}
}
