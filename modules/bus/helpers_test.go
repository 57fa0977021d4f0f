package bus_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skatestock/skatestock/modules/bus"
)

// testTimeout bounds every wait in these tests; it is a hang guard, not an
// assertion, so it is generous.
const testTimeout = 45 * time.Second

// testLogger logs warnings to stderr with -v and discards otherwise (fault
// tests log warnings on purpose). BUS_TEST_DEBUG=1 with -v logs franz-go's
// debug output too, the way to see what a failing test's clients did.
func testLogger() *slog.Logger {
	var w io.Writer = io.Discard
	if testing.Verbose() {
		w = os.Stderr
	}
	level := slog.LevelWarn
	if os.Getenv("BUS_TEST_DEBUG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// testConfig is the default config against addrs with timers short enough
// for tests: rebalances show up within a heartbeat, retries come fast.
func testConfig(addrs []string) bus.Config {
	cfg := bus.DefaultConfig("").WithBrokers(addrs)
	cfg.Producer.Linger = 0
	cfg.Consumer.FetchMaxWait = 50 * time.Millisecond
	cfg.Consumer.HeartbeatInterval = 100 * time.Millisecond
	cfg.Consumer.SessionTimeout = 6 * time.Second
	cfg.Consumer.RetryBackoff = 10 * time.Millisecond
	cfg.Consumer.TransactionTimeout = 10 * time.Second
	cfg.Consumer.MaxPollRecords = 50
	if os.Getenv("BUS_TEST_DEBUG") != "" {
		cfg.LogLevel = slog.LevelDebug
	}
	return cfg
}

// newCluster starts a one-broker kfake cluster with the topics created by
// EnsureTopics, and returns it with a config pointing at it.
func newCluster(t testing.TB, opts ...kfake.Opt) (*kfake.Cluster, bus.Config) {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cfg := testConfig(c.ListenAddrs())
	admin, err := bus.NewAdmin(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := bus.EnsureTopics(testContext(t), admin, cfg); err != nil {
		t.Fatal(err)
	}
	return c, cfg
}

// testContext is cancelled at testTimeout or when the test ends.
func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// events returns n product-events records spread over 48 shop keys, which
// hash to every one of 6 partitions.
func events(cfg bus.Config, n int) []bus.Record {
	out := make([]bus.Record, n)
	for i := range out {
		out[i] = bus.Record{
			Topic: cfg.Topics.ProductEvents,
			Key:   fmt.Appendf(nil, "shop-%02d", i%48),
			Value: fmt.Appendf(nil, "event-%05d", i),
		}
	}
	return out
}

// publish publishes records with a fresh Producer.
func publish(t testing.TB, cfg bus.Config, records []bus.Record) {
	t.Helper()
	p, err := bus.NewProducer(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	if err := p.Publish(ctx, records); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// readTopic returns every data record of topic up to its end now: the last
// stable offset with readCommitted, the high watermark otherwise. It keeps
// control records internally to know when a partition is done (the record
// just below either end is always returned, data or marker).
func readTopic(t testing.TB, cfg bus.Config, topic string, readCommitted bool) []*kgo.Record {
	t.Helper()
	ctx := testContext(t)
	cl, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	list, iso := adm.ListEndOffsets, kgo.ReadUncommitted()
	if readCommitted {
		list, iso = adm.ListCommittedOffsets, kgo.ReadCommitted()
	}
	ends, err := list(ctx, topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		t.Fatalf("end offsets of %s: %v", topic, err)
	}
	last := map[int32]int64{}
	parts := map[int32]kgo.Offset{}
	for p, end := range ends[topic] {
		if end.Offset > 0 {
			last[p] = end.Offset - 1
			parts[p] = kgo.NewOffset().AtStart()
		}
	}
	if len(last) == 0 {
		return nil
	}
	rd, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...), kgo.FetchIsolationLevel(iso), kgo.KeepControlRecords(),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: parts}))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var out []*kgo.Record
	for len(last) > 0 {
		fs := rd.PollFetches(ctx)
		if err := fs.Err(); err != nil {
			t.Fatalf("read %s: %v", topic, err)
		}
		fs.EachRecord(func(r *kgo.Record) {
			stop, ok := last[r.Partition]
			if !ok {
				return
			}
			if !r.Attrs.IsControl() {
				out = append(out, r)
			}
			if r.Offset >= stop {
				delete(last, r.Partition)
			}
		})
	}
	return out
}

// countValues counts records by value.
func countValues(rs []*kgo.Record) map[string]int {
	m := map[string]int{}
	for _, r := range rs {
		m[string(r.Value)]++
	}
	return m
}

// wantEachOnce fails unless rs holds exactly the values want, once each.
func wantEachOnce(t testing.TB, rs []*kgo.Record, want []string) {
	t.Helper()
	got := countValues(rs)
	for _, v := range want {
		if got[v] != 1 {
			t.Errorf("value %s seen %d times, want once", v, got[v])
		}
		delete(got, v)
	}
	for v, n := range got {
		t.Errorf("unexpected value %s seen %d times", v, n)
	}
	if len(rs) != len(want) {
		t.Errorf("got %d records, want %d", len(rs), len(want))
	}
}
