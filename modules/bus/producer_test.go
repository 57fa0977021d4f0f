package bus_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/skatestock/skatestock/modules/bus"
)

// A produce the broker applied but answered with REQUEST_TIMED_OUT is
// retried; the idempotent producer's sequence numbers make the broker drop
// the retry, so every record is in the log exactly once.
func TestPublishIsIdempotentAcrossRetries(t *testing.T) {
	c, cfg := newCluster(t)
	const n = 300
	// REQUEST_TIMED_OUT on produce is answered after the append: the
	// records are written and the client cannot know it.
	timeouts := c.Fault(kfake.Fault{
		Keys:  []kmsg.Key{kmsg.Produce},
		Topic: cfg.Topics.ProductEvents,
		Err:   kerr.RequestTimedOut,
		Count: 5,
	})
	records := events(cfg, n)
	publish(t, cfg, records)

	if hits := timeouts.Hits(); hits != 5 {
		t.Fatalf("fault answered %d produce requests, want 5", hits)
	}
	want := make([]string, n)
	for i, r := range records {
		want[i] = string(r.Value)
	}
	wantEachOnce(t, readTopic(t, cfg, cfg.Topics.ProductEvents, false), want)
}

// The control for the test above: the same fault against a producer
// without idempotence does duplicate, so the fault exercises what the
// test claims.
func TestNonIdempotentProduceDuplicatesUnderTheSameFault(t *testing.T) {
	c, cfg := newCluster(t)
	c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: cfg.Topics.ProductEvents, Err: kerr.RequestTimedOut, Count: 1})
	cl, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...), kgo.DisableIdempotentWrite())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.ProduceSync(testContext(t), &kgo.Record{Topic: cfg.Topics.ProductEvents, Value: []byte("once")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	if got := countValues(readTopic(t, cfg, cfg.Topics.ProductEvents, false))["once"]; got != 2 {
		t.Fatalf("non-idempotent retry wrote the record %d times, want 2", got)
	}
}

// Same key, same partition, in order: what makes per-shop ordering hold.
func TestPublishKeepsKeyOrder(t *testing.T) {
	_, cfg := newCluster(t)
	records := events(cfg, 120)
	publish(t, cfg, records)
	last := map[string]string{}
	parts := map[string]int32{}
	for _, r := range readTopic(t, cfg, cfg.Topics.ProductEvents, false) {
		k := string(r.Key)
		if p, ok := parts[k]; ok && p != r.Partition {
			t.Errorf("key %s on partitions %d and %d", k, p, r.Partition)
		}
		parts[k] = r.Partition
		if string(r.Value) <= last[k] {
			t.Errorf("key %s: %s after %s", k, r.Value, last[k])
		}
		last[k] = string(r.Value)
	}
}

func TestPublishSurfacesFailures(t *testing.T) {
	c, cfg := newCluster(t)
	p, err := bus.NewProducer(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	defer p.Close(ctx)

	t.Run("record too large", func(t *testing.T) {
		records := events(cfg, 3)
		records[1].Value = make([]byte, cfg.Producer.BatchMaxBytes+1)
		err := p.Publish(ctx, records)
		var perr *bus.PublishError
		if !errors.As(err, &perr) || perr.Failed != 1 || perr.Total != 3 {
			t.Fatalf("Publish() = %v, want a PublishError with 1 of 3 failed", err)
		}
		if !errors.Is(err, kerr.MessageTooLarge) || !strings.Contains(err.Error(), `key "shop-01"`) {
			t.Errorf("Publish() = %v, want MESSAGE_TOO_LARGE naming key shop-01", err)
		}
	})
	t.Run("not authorized", func(t *testing.T) {
		denied := c.Fault(kfake.Fault{
			Keys: []kmsg.Key{kmsg.Produce}, Topic: cfg.Topics.PriceUpdates,
			Err: kerr.TopicAuthorizationFailed, Count: -1,
		})
		defer denied.Remove()
		var records []bus.Record
		for i := range 25 {
			records = append(records, bus.Record{Topic: cfg.Topics.PriceUpdates, Key: fmt.Appendf(nil, "l%d", i), Value: []byte("v")})
		}
		err := p.Publish(ctx, records)
		var perr *bus.PublishError
		if !errors.As(err, &perr) || perr.Failed != 25 || len(perr.Errs) != 10 {
			t.Fatalf("Publish() = %v, want 25 failures with 10 listed", err)
		}
		if !errors.Is(err, kerr.TopicAuthorizationFailed) || !strings.Contains(err.Error(), "and 15 more") {
			t.Errorf("Publish() = %v, want TOPIC_AUTHORIZATION_FAILED and 15 more", err)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if err := p.Publish(ctx, nil); err != nil {
			t.Errorf("Publish(nil) = %v", err)
		}
	})
}

func TestNewProducerRejects(t *testing.T) {
	cfg := bus.DefaultConfig("")
	if _, err := bus.NewProducer(cfg, nil); err == nil || !strings.Contains(err.Error(), "no brokers") {
		t.Errorf("NewProducer without brokers = %v, want a no-brokers error", err)
	}
	cfg = cfg.WithBrokers([]string{"k:9092"})
	cfg.Producer.Compression = "brotli"
	if _, err := bus.NewProducer(cfg, nil); err == nil {
		t.Error("NewProducer with bad compression succeeded")
	}
}
