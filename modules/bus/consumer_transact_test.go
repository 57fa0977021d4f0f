package bus_test

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/skatestock/skatestock/modules/bus"
)

func TestTransactConsumerExactlyOnce(t *testing.T) {
	_, cfg := newCluster(t)
	in := events(cfg, 300)
	publish(t, cfg, in)
	ta := newTally()
	r := startConsumer(t, context.Background(), cfg, "a", mapHandler(cfg, ta, nil))
	awaitCommitted(t, cfg, cfg.Topics.NormalizedProducts, len(in))
	if err := r.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}

	wantEachOnce(t, readTopic(t, cfg, cfg.Topics.NormalizedProducts, true), outputs(in))
	for _, rec := range in {
		if n := ta.seen[string(rec.Value)]; n != 1 {
			t.Errorf("handler saw %s %d times, want once", rec.Value, n)
		}
	}
	if slices.ContainsFunc(ta.attempts, func(n int) bool { return n != 1 }) {
		t.Errorf("attempts %v, want all 1", ta.attempts)
	}

	// Everything consumed is committed: the group lags by nothing.
	admin, err := bus.NewAdmin(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	lag, err := admin.Lag(testContext(t), cfg.Consumer.Group, cfg.Topics.ProductEvents)
	if err != nil || lag.Total() != 0 || len(lag[cfg.Topics.ProductEvents]) != 6 {
		t.Errorf("Lag = %v, %v, want 0 on 6 partitions", lag, err)
	}
}

// A handler error aborts the transaction and the batch comes back, with
// Attempt counting up; nothing of the failed try is committed.
func TestTransactConsumerRetriesFailedBatch(t *testing.T) {
	_, cfg := newCluster(t)
	in := events(cfg, 200)
	publish(t, cfg, in)
	ta := newTally()
	var failed atomic.Int32
	failTwice := func(context.Context, []bus.Record) error {
		if failed.Add(1) <= 2 {
			return errors.New("store unavailable")
		}
		return nil
	}
	r := startConsumer(t, context.Background(), cfg, "a", mapHandler(cfg, ta, failTwice))
	awaitCommitted(t, cfg, cfg.Topics.NormalizedProducts, len(in))
	if err := r.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	wantEachOnce(t, readTopic(t, cfg, cfg.Topics.NormalizedProducts, true), outputs(in))
	if len(ta.attempts) < 3 || !slices.Equal(ta.attempts[:3], []int{1, 2, 3}) {
		t.Errorf("attempts %v, want 1, 2, 3 first", ta.attempts)
	}
	redelivered := 0
	for _, n := range ta.seen {
		if n > 1 {
			redelivered++
		}
	}
	if redelivered == 0 {
		t.Error("no record was handed to the handler twice, want the failed batch again")
	}
}

// A batch that never succeeds stops Run after MaxAttempts with nothing
// committed, so the next Run starts from it again.
func TestTransactConsumerGivesUpAfterMaxAttempts(t *testing.T) {
	_, cfg := newCluster(t)
	cfg.Consumer.MaxAttempts = 3
	in := events(cfg, 20)
	publish(t, cfg, in)
	ta := newTally()
	broken := errors.New("schema registry down")
	c, err := bus.NewTransactConsumer(cfg, testLogger(), cfg.Topics.ProductEvents)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Run(testContext(t), mapHandler(cfg, ta, func(context.Context, []bus.Record) error { return broken }))
	if !errors.Is(err, bus.ErrRetriesExhausted) || !errors.Is(err, broken) {
		t.Fatalf("Run = %v, want ErrRetriesExhausted wrapping the handler's error", err)
	}
	if !slices.Equal(ta.attempts, []int{1, 2, 3}) {
		t.Errorf("attempts %v, want 1, 2, 3", ta.attempts)
	}
	admin, err := bus.NewAdmin(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if lag, err := admin.Lag(testContext(t), cfg.Consumer.Group, cfg.Topics.ProductEvents); err != nil || lag.Total() != int64(len(in)) {
		t.Errorf("Lag = %v, %v, want all %d records", lag, err, len(in))
	}
	if got := readTopic(t, cfg, cfg.Topics.NormalizedProducts, true); len(got) != 0 {
		t.Errorf("%d outputs committed, want none", len(got))
	}
}

func TestNewTransactConsumerRejects(t *testing.T) {
	cfg := testConfig([]string{"127.0.0.1:1"})
	if _, err := bus.NewTransactConsumer(cfg, nil); err == nil {
		t.Error("no topics: want an error")
	}
	cfg.Consumer.Group = ""
	if _, err := bus.NewTransactConsumer(cfg, nil, "t"); err == nil {
		t.Error("no group: want an error")
	}
	cfg = testConfig([]string{"127.0.0.1:1"})
	cfg.Consumer.InstanceID = "pod-0"
	c, err := bus.NewTransactConsumer(cfg, nil, "t")
	if err != nil || c.TransactionalID() != "skatestock-ingest-pod-0" {
		t.Errorf("TransactionalID = %q, %v, want skatestock-ingest-pod-0", c.TransactionalID(), err)
	}
}
