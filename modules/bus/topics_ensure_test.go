package bus_test

import (
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skatestock/skatestock/modules/bus"
)

func TestEnsureTopics(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cfg := testConfig(c.ListenAddrs())
	cfg.Topics.Partitions = 4
	cfg.Topics.Retention = 36 * time.Hour
	admin, err := bus.NewAdmin(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	ctx := testContext(t)

	report, err := bus.EnsureTopics(ctx, admin, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(report.Created, cfg.Topics.Names()) || len(report.Existing) != 0 || len(report.Mismatched) != 0 {
		t.Fatalf("first EnsureTopics = %+v, want all four created", report)
	}

	cl, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	details, err := adm.ListTopics(ctx, cfg.Topics.Names()...)
	if err != nil {
		t.Fatal(err)
	}
	configs, err := adm.DescribeTopicConfigs(ctx, cfg.Topics.Names()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range cfg.Topics.Names() {
		if got := len(details[name].Partitions); got != 4 {
			t.Errorf("%s has %d partitions, want 4", name, got)
		}
		rc, err := configs.On(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, c := range rc.Configs {
			got[c.Key] = c.MaybeValue()
		}
		wantPolicy, wantRetention := "delete", "129600000"
		if name == cfg.Topics.NormalizedProducts {
			wantPolicy, wantRetention = "compact", "604800000" // left at the broker's default
		}
		if got["cleanup.policy"] != wantPolicy || got["retention.ms"] != wantRetention {
			t.Errorf("%s: cleanup.policy = %q, retention.ms = %q, want %q, %q",
				name, got["cleanup.policy"], got["retention.ms"], wantPolicy, wantRetention)
		}
	}

	// Idempotent: nothing to create the second time.
	report, err = bus.EnsureTopics(ctx, admin, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Created) != 0 || !slices.Equal(report.Existing, cfg.Topics.Names()) {
		t.Fatalf("second EnsureTopics = %+v, want all four existing", report)
	}

	// A partition count that differs is reported, and left alone.
	cfg.Topics.Partitions = 6
	report, err = bus.EnsureTopics(ctx, admin, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Mismatched) != 4 || report.Mismatched[0] != (bus.TopicMismatch{Topic: cfg.Topics.ProductEvents, Want: 6, Have: 4}) {
		t.Fatalf("EnsureTopics with 6 partitions = %+v, want four mismatches", report)
	}
}

func TestEnsureTopicsRejectsImpossibleReplication(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cfg := testConfig(c.ListenAddrs())
	cfg.Topics.ReplicationFactor = 3
	admin, err := bus.NewAdmin(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := bus.EnsureTopics(testContext(t), admin, cfg); err == nil {
		t.Fatal("EnsureTopics with replication factor 3 on one broker succeeded")
	}
}
