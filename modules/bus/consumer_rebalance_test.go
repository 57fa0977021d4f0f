package bus_test

import (
	"context"
	"sync"
	"testing"

	"github.com/skatestock/skatestock/modules/bus"
)

// A second member joins while the first is in the middle of a batch: the
// first gives up half of its partitions, so its transaction aborts, and
// the batch is taken up again, by whichever member now owns each
// partition, from the last commit. Every input is committed as an output
// exactly once.
func TestTransactConsumerRebalance(t *testing.T) {
	_, cfg := newCluster(t)
	in := events(cfg, 600)
	publish(t, cfg, in[:300])

	// a holds its second batch until b has been handed records, which
	// happens only once the group has rebalanced around a's open
	// transaction.
	aHolding, bWorking := make(chan struct{}), make(chan struct{})
	var once sync.Once
	aCalls := 0
	aHold := func(ctx context.Context, _ []bus.Record) error {
		aCalls++ // a's handler runs on one goroutine
		if aCalls == 2 {
			close(aHolding)
			select {
			case <-bWorking:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}
	bSignal := func(context.Context, []bus.Record) error {
		once.Do(func() { close(bWorking) })
		return nil
	}
	ta, tb := newTally(), newTally()
	a := startConsumer(t, context.Background(), cfg, "a", mapHandler(cfg, ta, aHold))
	<-aHolding
	b := startConsumer(t, context.Background(), cfg, "b", mapHandler(cfg, tb, bSignal))
	<-bWorking
	publish(t, cfg, in[300:])
	awaitCommitted(t, cfg, cfg.Topics.NormalizedProducts, len(in))
	for _, r := range []*running{a, b} {
		if err := r.stop(t); err != nil {
			t.Fatalf("Run = %v", err)
		}
	}

	wantEachOnce(t, readTopic(t, cfg, cfg.Topics.NormalizedProducts, true), outputs(in))
	if tb.calls() == 0 {
		t.Error("b never worked")
	}
	again := 0
	for _, rec := range in {
		if ta.seen[string(rec.Value)]+tb.seen[string(rec.Value)] > 1 {
			again++
		}
	}
	if again == 0 {
		t.Error("no record was handed out twice, want a's held batch aborted and taken up again")
	}
}
