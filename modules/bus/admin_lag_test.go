package bus_test

import (
	"fmt"
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skatestock/skatestock/modules/bus"
)

func TestLag(t *testing.T) {
	_, cfg := newCluster(t)
	ctx := testContext(t)
	const n = 120
	publish(t, cfg, events(cfg, n))
	topic := cfg.Topics.ProductEvents

	cl, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	// The group consumed the first 3 records (or all there are) of
	// partitions 0-2 and nothing of 3-5.
	consumed := map[int32]int64{}
	commits := kadm.Offsets{}
	m := int64(0)
	for p := range int32(3) {
		end, _ := ends.Lookup(topic, p)
		consumed[p] = min(3, end.Offset)
		commits.AddOffset(topic, p, consumed[p], -1)
		m += consumed[p]
	}
	if _, err := adm.CommitOffsets(ctx, "lag-test", commits); err != nil {
		t.Fatal(err)
	}

	admin, err := bus.NewAdmin(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()

	check := func(t *testing.T, lag bus.Lag) {
		t.Helper()
		if len(lag[topic]) != int(cfg.Topics.Partitions) {
			t.Fatalf("Lag = %v, want every partition of %s", lag, topic)
		}
		for p := range cfg.Topics.Partitions {
			end, _ := ends.Lookup(topic, p)
			if want := end.Offset - consumed[p]; lag[topic][p] != want {
				t.Errorf("%s partition %d: lag %d, want %d", topic, p, lag[topic][p], want)
			}
		}
		if got := lag.Total(); got != n-m {
			t.Errorf("Total = %d, want N-M = %d", got, n-m)
		}
	}
	t.Run("committed topics", func(t *testing.T) {
		lag, err := admin.Lag(ctx, "lag-test")
		if err != nil {
			t.Fatal(err)
		}
		check(t, lag)
		if len(lag) != 1 {
			t.Errorf("Lag = %v, want only %s", lag, topic)
		}
	})
	t.Run("named topics", func(t *testing.T) {
		lag, err := admin.Lag(ctx, "lag-test", topic, cfg.Topics.PriceUpdates)
		if err != nil {
			t.Fatal(err)
		}
		check(t, lag)
		for p := range cfg.Topics.Partitions {
			if l, ok := lag[cfg.Topics.PriceUpdates][p]; !ok || l != 0 {
				t.Errorf("%s partition %d: lag %d (reported %t), want 0", cfg.Topics.PriceUpdates, p, l, ok)
			}
		}
	})
	t.Run("unknown group", func(t *testing.T) {
		lag, err := admin.Lag(ctx, "nobody")
		if err != nil || len(lag) != 0 {
			t.Errorf("Lag(nobody) = %v, %v, want empty", lag, err)
		}
		lag, err = admin.Lag(ctx, "nobody", topic)
		if err != nil || lag.Total() != n {
			t.Errorf("Lag(nobody, %s) = %v, %v, want all %d records", topic, lag, err, n)
		}
	})
}

// TestLagOfTransactionalTopics: a group that consumed everything a
// read_committed consumer can see lags by nothing, though its committed
// offsets stop before commit and abort markers and aborted records.
func TestLagOfTransactionalTopics(t *testing.T) {
	_, cfg := newCluster(t)
	ctx := testContext(t)
	topic := cfg.Topics.NormalizedProducts

	cl, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...), kgo.TransactionalID("lag-tx"),
		kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	transaction := func(partition int32, n int, commit bool) {
		t.Helper()
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			r := &kgo.Record{Topic: topic, Partition: partition, Value: fmt.Appendf(nil, "p%d-%d", partition, i)}
			if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
		if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)); err != nil {
			t.Fatal(err)
		}
	}
	// Offsets: partition 0 holds records 0-2 and a commit marker at 3;
	// partition 1 records 0-1, a marker at 2, aborted records 3-4 and an
	// abort marker at 5; partition 2 records 0-3 and a marker at 4;
	// partition 3 records 0-19 and a marker at 20.
	transaction(0, 3, true)
	transaction(1, 2, true)
	transaction(1, 2, false)
	transaction(2, 4, true)
	transaction(3, 20, true)

	commits := kadm.Offsets{}
	for p, at := range map[int32]int64{0: 3, 1: 2, 2: 2, 3: 0} {
		commits.AddOffset(topic, p, at, -1)
	}
	if _, err := kadm.NewClient(cl).CommitOffsets(ctx, "lag-tx-group", commits); err != nil {
		t.Fatal(err)
	}
	admin, err := bus.NewAdmin(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	lag, err := admin.Lag(ctx, "lag-tx-group", topic)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int32]int64{
		0: 0, // only the commit marker is left
		1: 0, // a marker, two aborted records and their marker
		2: 2, // records 2 and 3 are still to come
		// Past tailProbeMax the offsets are taken as they are: the
		// marker counts, an overstatement of one in a real backlog.
		3: 21,
		4: 0,
		5: 0,
	}
	for p, w := range want {
		if got := lag[topic][p]; got != w {
			t.Errorf("partition %d: lag %d, want %d", p, got, w)
		}
	}
}
