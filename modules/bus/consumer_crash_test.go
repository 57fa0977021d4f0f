package bus_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/skatestock/skatestock/modules/bus"
)

// A consumer dies after producing a batch's outputs and before its
// commit reaches the broker: the transaction stays open, read_committed
// readers do not see its outputs, and the replica restarted with the same
// instance id aborts it at once and processes the batch again.
func TestTransactConsumerCrashBeforeCommit(t *testing.T) {
	c, cfg := newCluster(t)
	// The broker will not time the open transaction out during the
	// test: only the restart can end it.
	cfg.Consumer.TransactionTimeout = 15 * time.Minute
	in := events(cfg, 200)
	publish(t, cfg, in)

	// The first commit fails with an error the client does not retry
	// and that leaves the transaction open, and the consumer is shut
	// down right then: what a kill -9 before EndTxn leaves behind.
	crashCtx, crash := context.WithCancel(context.Background())
	defer crash()
	var crashed atomic.Bool
	c.ControlKey(int16(kmsg.EndTxn), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		req := kreq.(*kmsg.EndTxnRequest)
		if !req.Commit || !crashed.CompareAndSwap(false, true) {
			return nil, nil, false
		}
		crash()
		resp := req.ResponseKind().(*kmsg.EndTxnResponse)
		resp.ErrorCode = kerr.TransactionalIDAuthorizationFailed.Code
		return resp, nil, true
	})
	first := newTally()
	r1 := startConsumer(t, crashCtx, cfg, "a", mapHandler(cfg, first, nil))
	select {
	case <-crashCtx.Done():
	case <-testContext(t).Done():
		t.Fatal("the consumer never committed")
	}
	if err := r1.stop(t); err != nil {
		t.Fatalf("crashed Run = %v", err)
	}

	written := len(readTopic(t, cfg, cfg.Topics.NormalizedProducts, false))
	visible := len(readTopic(t, cfg, cfg.Topics.NormalizedProducts, true))
	if written == 0 || visible != 0 {
		t.Fatalf("after the crash: %d outputs written, %d visible to read_committed; want some, none", written, visible)
	}

	second := newTally()
	r2 := startConsumer(t, context.Background(), cfg, "a", mapHandler(cfg, second, nil))
	awaitCommitted(t, cfg, cfg.Topics.NormalizedProducts, len(in))
	if err := r2.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	wantEachOnce(t, readTopic(t, cfg, cfg.Topics.NormalizedProducts, true), outputs(in))
	redelivered := 0
	for v := range first.seen {
		redelivered += second.seen[v]
	}
	if redelivered == 0 {
		t.Error("the restarted consumer was not handed the crashed batch again")
	}
}

// A shutdown while the handler works aborts the batch cleanly: nothing of
// it is committed, and the next consumer processes it.
func TestTransactConsumerShutdownMidBatch(t *testing.T) {
	_, cfg := newCluster(t)
	in := events(cfg, 100)
	publish(t, cfg, in)
	entered := make(chan struct{})
	var calls atomic.Int32
	block := func(ctx context.Context, _ []bus.Record) error {
		if calls.Add(1) == 1 {
			close(entered)
		}
		<-ctx.Done()
		return ctx.Err()
	}
	r1 := startConsumer(t, context.Background(), cfg, "a", mapHandler(cfg, newTally(), block))
	<-entered
	if err := r1.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if got := readTopic(t, cfg, cfg.Topics.NormalizedProducts, false); len(got) != 0 {
		t.Fatalf("%d outputs written by an interrupted handler, want none", len(got))
	}

	r2 := startConsumer(t, context.Background(), cfg, "b", mapHandler(cfg, newTally(), nil))
	awaitCommitted(t, cfg, cfg.Topics.NormalizedProducts, len(in))
	if err := r2.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	wantEachOnce(t, readTopic(t, cfg, cfg.Topics.NormalizedProducts, true), outputs(in))
}

// Outputs produced in a transaction that then aborts are in the log but
// never visible to read_committed readers.
func TestTransactConsumerAbortedOutputsInvisible(t *testing.T) {
	c, cfg := newCluster(t)
	in := events(cfg, 150)
	publish(t, cfg, in)
	// UNKNOWN_SERVER_ERROR on the offset commit makes End abort after
	// the outputs were produced.
	f := c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.TxnOffsetCommit}, Err: kerr.UnknownServerError, Count: 3})
	r := startConsumer(t, context.Background(), cfg, "a", mapHandler(cfg, newTally(), nil))
	awaitCommitted(t, cfg, cfg.Topics.NormalizedProducts, len(in))
	if err := r.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if f.Hits() != 3 {
		t.Fatalf("fault hit %d times, want 3", f.Hits())
	}
	wantEachOnce(t, readTopic(t, cfg, cfg.Topics.NormalizedProducts, true), outputs(in))
	if all := readTopic(t, cfg, cfg.Topics.NormalizedProducts, false); len(all) <= len(in) {
		t.Errorf("read_uncommitted sees %d outputs, want more than %d (the aborted ones)", len(all), len(in))
	}
}
