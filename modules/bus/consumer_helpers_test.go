package bus_test

import (
	"context"
	"sync"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skatestock/skatestock/modules/bus"
)

// outputValue is what the test pipeline makes of an input value.
func outputValue(in []byte) []byte { return append([]byte("out-"), in...) }

// outputs lists the output values for records.
func outputs(records []bus.Record) []string {
	out := make([]string, len(records))
	for i, r := range records {
		out[i] = string(outputValue(r.Value))
	}
	return out
}

// tally counts what a handler was given, safely across consumers.
type tally struct {
	mu       sync.Mutex
	seen     map[string]int // input value -> times handed to a handler
	batches  int
	attempts []int // Attempt(ctx) of each call
}

func newTally() *tally { return &tally{seen: map[string]int{}} }

func (ta *tally) record(ctx context.Context, batch []bus.Record) {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	ta.batches++
	n, _ := bus.Attempt(ctx)
	ta.attempts = append(ta.attempts, n)
	for _, r := range batch {
		ta.seen[string(r.Value)]++
	}
}

func (ta *tally) calls() int {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	return ta.batches
}

// mapHandler turns every input into one normalized-products record,
// counting in ta, after before (when not nil) had its say.
func mapHandler(cfg bus.Config, ta *tally, before func(ctx context.Context, batch []bus.Record) error) bus.Handler {
	return func(ctx context.Context, batch []bus.Record) ([]bus.Record, error) {
		ta.record(ctx, batch)
		if before != nil {
			if err := before(ctx, batch); err != nil {
				return nil, err
			}
		}
		out := make([]bus.Record, len(batch))
		for i, r := range batch {
			out[i] = bus.Record{Topic: cfg.Topics.NormalizedProducts, Key: r.Key, Value: outputValue(r.Value)}
		}
		return out, nil
	}
}

// running is a TransactConsumer's Run in a goroutine.
type running struct {
	cancel context.CancelFunc
	done   chan error
}

// startConsumer runs a TransactConsumer of product-events as instance
// until stop or until parent is cancelled.
func startConsumer(t testing.TB, parent context.Context, cfg bus.Config, instance string, h bus.Handler) *running {
	t.Helper()
	cfg.Consumer.InstanceID = instance
	c, err := bus.NewTransactConsumer(cfg, testLogger().With("instance", instance), cfg.Topics.ProductEvents)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(parent)
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- c.Run(ctx, h) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels Run and returns what it returned.
func (r *running) stop(t testing.TB) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // later stops see it too
		return err
	case <-testContext(t).Done():
		t.Fatal("Run did not return after its context was cancelled")
		return nil
	}
}

// awaitCommitted blocks until n data records of topic are visible to a
// read_committed reader, and fails the test if that takes testTimeout.
func awaitCommitted(t testing.TB, cfg bus.Config, topic string, n int) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...), kgo.ConsumeTopics(topic),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := testContext(t)
	got := 0
	for got < n {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("%d of %d records committed to %s within %v", got, n, topic, testTimeout)
		}
		got += fs.NumRecords()
	}
}
