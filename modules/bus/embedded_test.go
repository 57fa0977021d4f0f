package bus_test

import (
	"context"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/bus"
)

// embeddedConfig is testConfig for an embedded broker persisted in dir.
func embeddedConfig(dir string) bus.Config {
	cfg := testConfig(nil)
	cfg.Embedded.DataDir = dir
	return cfg
}

func startEmbedded(t *testing.T, cfg bus.Config) *bus.Embedded {
	t.Helper()
	emb, err := bus.StartEmbedded(testContext(t), cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emb.Close)
	return emb
}

// Records, committed group offsets and transactions survive a restart of
// the embedded broker on the same data dir.
func TestEmbeddedPersists(t *testing.T) {
	cfg := embeddedConfig(t.TempDir())
	emb := startEmbedded(t, cfg)
	live := cfg.WithBrokers(emb.Addrs())
	in := events(live, 150)
	publish(t, live, in[:100])
	r := startConsumer(t, context.Background(), live, "a", mapHandler(live, newTally(), nil))
	awaitCommitted(t, live, live.Topics.NormalizedProducts, 100)
	if err := r.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	publish(t, live, in[100:])

	if _, err := bus.StartEmbedded(testContext(t), cfg, testLogger()); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second StartEmbedded on a dir in use = %v, want an in-use error", err)
	}
	emb.Close()

	emb = startEmbedded(t, cfg)
	live = cfg.WithBrokers(emb.Addrs())
	if got := readTopic(t, live, live.Topics.ProductEvents, false); len(got) != len(in) {
		t.Fatalf("after restart: %d events, want %d", len(got), len(in))
	}
	wantEachOnce(t, readTopic(t, live, live.Topics.NormalizedProducts, true), outputs(in[:100]))

	admin, err := bus.NewAdmin(live, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	lag, err := admin.Lag(testContext(t), live.Consumer.Group)
	if err != nil || lag.Total() != 50 {
		t.Fatalf("Lag after restart = %v, %v, want the 50 unconsumed events", lag, err)
	}

	// The group carries on from its committed offsets.
	ta := newTally()
	r = startConsumer(t, context.Background(), live, "a", mapHandler(live, ta, nil))
	awaitCommitted(t, live, live.Topics.NormalizedProducts, len(in))
	if err := r.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	wantEachOnce(t, readTopic(t, live, live.Topics.NormalizedProducts, true), outputs(in))
	for _, rec := range in[:100] {
		if ta.seen[string(rec.Value)] != 0 {
			t.Fatalf("%s handed out again after the restart", rec.Value)
		}
	}
}

func TestEmbeddedInMemoryRun(t *testing.T) {
	cfg := embeddedConfig("")
	emb, err := bus.StartEmbedded(testContext(t), cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- emb.Run(ctx) }()
	live := cfg.WithBrokers(emb.Addrs())
	publish(t, live, events(live, 10))
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	emb.Close() // idempotent
}

func TestStartEmbeddedRejects(t *testing.T) {
	cfg := embeddedConfig("").WithBrokers([]string{"k:9092"})
	if _, err := bus.StartEmbedded(testContext(t), cfg, nil); err == nil {
		t.Error("StartEmbedded with brokers set: want an error")
	}
	cfg = embeddedConfig("")
	cfg.Embedded.Listen = "256.0.0.1:0"
	if _, err := bus.StartEmbedded(testContext(t), cfg, nil); err == nil {
		t.Error("StartEmbedded on a bad address: want an error")
	}
}
