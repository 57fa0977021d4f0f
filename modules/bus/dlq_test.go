package bus_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skatestock/skatestock/modules/bus"
)

// poisonHandler outputs every record but the poison ones, which it
// dead-letters: the partition carries on past them.
func poisonHandler(cfg bus.Config, ta *tally) bus.Handler {
	return func(ctx context.Context, batch []bus.Record) ([]bus.Record, error) {
		ta.record(ctx, batch)
		out := make([]bus.Record, 0, len(batch))
		for _, r := range batch {
			if bytes.HasPrefix(r.Value, []byte("poison")) {
				out = append(out, cfg.Topics.DeadLetter(r, "decode", "not avro: "+string(r.Value), 42))
				continue
			}
			out = append(out, bus.Record{Topic: cfg.Topics.NormalizedProducts, Key: r.Key, Value: outputValue(r.Value)})
		}
		return out, nil
	}
}

func TestDLQListAndReplay(t *testing.T) {
	_, cfg := newCluster(t)
	in := events(cfg, 120)
	var good []bus.Record
	for i := range in {
		if i%30 == 7 {
			in[i].Value = fmt.Appendf(nil, "poison-%d", i)
		} else {
			good = append(good, in[i])
		}
	}
	publish(t, cfg, in)
	poison := len(in) - len(good)

	r := startConsumer(t, context.Background(), cfg, "a", poisonHandler(cfg, newTally()))
	awaitCommitted(t, cfg, cfg.Topics.NormalizedProducts, len(good))
	awaitCommitted(t, cfg, cfg.Topics.DeadLetters, poison)

	// Where each poison record sits in product-events.
	where := map[string]string{}
	for _, rec := range readTopic(t, cfg, cfg.Topics.ProductEvents, false) {
		where[string(rec.Value)] = fmt.Sprintf("%d/%d", rec.Partition, rec.Offset)
	}

	dlq, err := bus.NewDLQ(cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer dlq.Close()
	ctx := testContext(t)
	letters, err := dlq.List(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(letters) != poison {
		t.Fatalf("List = %d letters, want %d", len(letters), poison)
	}
	for _, l := range letters {
		if l.SourceTopic != cfg.Topics.ProductEvents || where[string(l.Value)] != fmt.Sprintf("%d/%d", l.Partition, l.Offset) ||
			l.Kind != "decode" || l.SchemaID != 42 || l.Message != "not avro: "+string(l.Value) || l.ReplayCount != 0 || l.FailedAt.IsZero() {
			t.Errorf("letter %+v does not describe its source at %s", l, where[string(l.Value)])
		}
	}
	if firstTwo, err := dlq.List(ctx, 2); err != nil || len(firstTwo) != 2 || firstTwo[0].DLQOffset != letters[0].DLQOffset ||
		firstTwo[1].DLQPartition != letters[1].DLQPartition || firstTwo[1].DLQOffset != letters[1].DLQOffset {
		t.Errorf("List(2) = %v, %v, want the first two of List(0)", firstTwo, err)
	}

	// Replay the first letter only; it is still poison, so ingest
	// dead-letters it again, now with a replay count.
	report, err := dlq.Replay(ctx, letters, func(l bus.DeadLetter) bool {
		return l.DLQOffset == letters[0].DLQOffset && l.DLQPartition == letters[0].DLQPartition
	})
	if err != nil || report.Replayed != 1 || len(report.Exhausted) != 0 {
		t.Fatalf("Replay = %+v, %v, want 1 replayed", report, err)
	}
	var replayed int
	for _, rec := range readTopic(t, cfg, cfg.Topics.ProductEvents, false) {
		count, ok := recordHeader(rec.Headers, bus.HeaderReplayCount)
		if !ok {
			continue
		}
		replayed++
		from, _ := recordHeader(rec.Headers, bus.HeaderReplayedFrom)
		wantFrom := fmt.Sprintf("%s/%d/%d", cfg.Topics.DeadLetters, letters[0].DLQPartition, letters[0].DLQOffset)
		if count != "1" || from != wantFrom || !bytes.Equal(rec.Key, letters[0].Key) || !bytes.Equal(rec.Value, letters[0].Value) ||
			rec.Partition != letters[0].Partition {
			t.Errorf("replayed record %s/%s on partition %d, count %s from %s; want the original on partition %d, count 1 from %s",
				rec.Key, rec.Value, rec.Partition, count, from, letters[0].Partition, wantFrom)
		}
	}
	if replayed != 1 {
		t.Fatalf("%d replayed records on %s, want 1", replayed, cfg.Topics.ProductEvents)
	}
	awaitCommitted(t, cfg, cfg.Topics.DeadLetters, poison+1)
	if err := r.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	again, err := dlq.List(ctx, 0)
	if err != nil || len(again) != poison+1 {
		t.Fatalf("List after replay = %d letters, %v, want %d", len(again), err, poison+1)
	}
	counts := map[int]int{}
	for _, l := range again {
		counts[l.ReplayCount]++
	}
	if counts[1] != 1 {
		t.Errorf("replay counts %v, want one letter replayed once", counts)
	}

	// A letter replayed MaxReplays times stays where it is.
	worn := letters[0]
	worn.ReplayCount = bus.MaxReplays
	report, err = dlq.Replay(ctx, []bus.DeadLetter{worn}, nil)
	if err != nil || report.Replayed != 0 || len(report.Exhausted) != 1 {
		t.Errorf("Replay of a worn letter = %+v, %v, want it exhausted", report, err)
	}
}

func recordHeader(hs []kgo.RecordHeader, key string) (string, bool) {
	for _, h := range hs {
		if h.Key == key {
			return string(h.Value), true
		}
	}
	return "", false
}
