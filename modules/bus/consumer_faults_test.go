package bus_test

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// Broker errors on every step of the transaction protocol: whatever the
// client retries, aborts or restarts, the outputs end up committed exactly
// once each. Kafka 4 adds partitions and offsets to a transaction
// implicitly (KIP-890); Kafka 3.9, still what MSK mostly runs, takes
// AddPartitionsToTxn and AddOffsetsToTxn, so both protocols are faulted.
func TestTransactConsumerSurvivesFaults(t *testing.T) {
	kafkas := []struct {
		name string
		opts []kfake.Opt
	}{
		{"kafka4", nil},
		{"kafka3.9", []kfake.Opt{kfake.MaxVersions(kversion.V3_9_0())}},
	}
	tests := []struct {
		name  string
		key   kmsg.Key
		err   *kerr.Error
		count int
		only  string // the kafka whose protocol has the request; "" for both
	}{
		{"init producer id loading", kmsg.InitProducerID, kerr.CoordinatorLoadInProgress, 2, ""},
		{"add partitions concurrent", kmsg.AddPartitionsToTxn, kerr.ConcurrentTransactions, 2, "kafka3.9"},
		{"add offsets concurrent", kmsg.AddOffsetsToTxn, kerr.ConcurrentTransactions, 2, "kafka3.9"},
		{"add offsets coordinator gone", kmsg.AddOffsetsToTxn, kerr.CoordinatorNotAvailable, 2, "kafka3.9"},
		// Abortable: End aborts, the batch comes back.
		{"offset commit unknown error", kmsg.TxnOffsetCommit, kerr.UnknownServerError, 2, ""},
		{"offset commit rebalance", kmsg.TxnOffsetCommit, kerr.RebalanceInProgress, 1, ""},
		// Applied by the broker but answered as timed out: End fails and
		// the session is replaced.
		{"offset commit timed out", kmsg.TxnOffsetCommit, kerr.RequestTimedOut, 1, ""},
		{"end txn coordinator gone", kmsg.EndTxn, kerr.CoordinatorNotAvailable, 2, ""},
		{"end txn not coordinator", kmsg.EndTxn, kerr.NotCoordinator, 1, ""},
		{"end txn unknown error", kmsg.EndTxn, kerr.UnknownServerError, 1, ""},
		// Appended, then answered with an error: the retry inside the
		// transaction must not duplicate.
		{"produce appended but timed out", kmsg.Produce, kerr.RequestTimedOut, 2, ""},
		{"produce appended, too few replicas", kmsg.Produce, kerr.NotEnoughReplicasAfterAppend, 1, ""},
		{"offset fetch unstable", kmsg.OffsetFetch, kerr.UnstableOffsetCommit, 2, ""},
	}
	for _, kafka := range kafkas {
		for _, tt := range tests {
			if tt.only != "" && tt.only != kafka.name {
				continue
			}
			t.Run(kafka.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel() // each has its own cluster; most of the time is backoff
				c, cfg := newCluster(t, kafka.opts...)
				in := events(cfg, 120)
				publish(t, cfg, in)
				f := c.Fault(kfake.Fault{Keys: []kmsg.Key{tt.key}, Err: tt.err, Count: tt.count})
				r := startConsumer(t, context.Background(), cfg, "a", mapHandler(cfg, newTally(), nil))
				awaitCommitted(t, cfg, cfg.Topics.NormalizedProducts, len(in))
				if f.Hits() == 0 {
					t.Errorf("the fault on %s never hit", tt.key.Name())
				}
				// Stop first, so that nothing more can commit.
				if err := r.stop(t); err != nil {
					t.Fatalf("Run = %v", err)
				}
				wantEachOnce(t, readTopic(t, cfg, cfg.Topics.NormalizedProducts, true), outputs(in))
			})
		}
	}
}
