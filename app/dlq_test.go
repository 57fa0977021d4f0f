package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
)

// TestDLQListReplay dead-letters two records as consume would, lists them
// in both formats, then replays the decode one: --dry-run publishes
// nothing, the real replay puts the original back on product-events with an
// x-replay-count header. The commands share one embedded broker through
// --kafka-brokers, as they would share `kafka serve`.
func TestDLQListReplay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Kafka; skipped with -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	busCfg := bus.DefaultConfig("")
	broker, err := bus.StartEmbedded(ctx, busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	busCfg = busCfg.WithBrokers(broker.Addrs())
	env := pipelineEnv(t, broker.Addrs())

	topics := busCfg.Topics
	poison := bus.Record{Topic: topics.ProductEvents, Partition: 2, Offset: 41, Key: []byte("poison"), Value: []byte("not avro")}
	invalid := bus.Record{Topic: topics.ProductEvents, Partition: 1, Offset: 7, Key: []byte("shop-x"), Value: []byte{0, 0, 0, 0, 9}}
	producer, err := bus.NewProducer(busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer producer.Close(ctx)
	err = producer.Publish(ctx, []bus.Record{
		topics.DeadLetter(poison, "decode", "avro: bad magic byte\nin record", 0),
		topics.DeadLetter(invalid, "validate", "price: negative", 9),
	})
	if err != nil {
		t.Fatal(err)
	}

	r := runCLI(t, env, "dlq", "list")
	if r.code != 0 {
		t.Fatalf("dlq list: %d %s", r.code, r.stderr)
	}
	for _, want := range []string{"product-events/2/41", "decode", "avro: bad magic byte in record", "poison",
		"product-events/1/7", "validate", "2 dead letters"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dlq list output lacks %q:\n%s", want, r.stdout)
		}
	}

	r = runCLI(t, env, "dlq", "list", "--output", "jsonl", "--limit", "5")
	if r.code != 0 {
		t.Fatalf("dlq list --output jsonl: %d %s", r.code, r.stderr)
	}
	var kinds []string
	for line := range strings.Lines(r.stdout) {
		var l deadLetterJSON
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		kinds = append(kinds, l.Kind)
		if l.Kind == "decode" && (string(l.Value) != "not avro" || l.SourceOffset != 41 || l.FailedAt.IsZero()) {
			t.Errorf("decode letter %+v: want value, offset 41 and a failure time", l)
		}
	}
	if len(kinds) != 2 {
		t.Errorf("jsonl has kinds %q, want one line per letter", kinds)
	}

	r = runCLI(t, env, "dlq", "replay", "--kind", "decode", "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "would replay\t1 dead letters") {
		t.Fatalf("dlq replay --dry-run: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := recordsIn(ctx, t, busCfg, topics.ProductEvents); n != 0 {
		t.Fatalf("--dry-run published %d records to %s", n, topics.ProductEvents)
	}

	r = runCLI(t, env, "dlq", "replay", "--kind", "decode")
	if r.code != 0 || !strings.Contains(r.stdout, "replayed\t1 dead letters") || !strings.Contains(r.stdout, "refused\t0") {
		t.Fatalf("dlq replay: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := recordsIn(ctx, t, busCfg, topics.ProductEvents); n != 1 {
		t.Fatalf("%s holds %d records after replaying one", topics.ProductEvents, n)
	}
	// A DLQ reads any topic; the replayed record lacks the dead-letter
	// headers, so List calls it malformed but still decodes its key, value
	// and x-replay-count.
	events := busCfg
	events.Topics.DeadLetters, events.Topics.ProductEvents = topics.ProductEvents, "unused"
	reader, err := bus.NewDLQ(events, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	replayed, _ := reader.List(ctx, 10)
	if len(replayed) != 1 || string(replayed[0].Key) != "poison" || string(replayed[0].Value) != "not avro" || replayed[0].ReplayCount != 1 {
		t.Errorf("product-events holds %+v; want the poison record with x-replay-count 1", replayed)
	}
}

// recordsIn counts the records topic holds, as the lag of a group that
// never committed.
func recordsIn(ctx context.Context, t *testing.T, cfg bus.Config, topic string) int64 {
	t.Helper()
	admin, err := bus.NewAdmin(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	lag, err := admin.Lag(ctx, "probe-"+topic, topic)
	if err != nil {
		t.Fatal(err)
	}
	return lag.Total()
}

func TestDLQUsageErrors(t *testing.T) {
	env := []string{"SKATESTOCK_DATA_DIR=" + t.TempDir()}
	for _, args := range [][]string{
		{"dlq", "list", "--output", "xml"},
		{"dlq", "list", "--limit", "0"},
		{"dlq", "list", "--limit", "100001"},
		{"dlq", "list", "--limit", "many"},
		{"dlq", "replay", "--limit", "-1"},
		{"dlq", "replay", "--bogus"},
		{"dlq", "replay", "extra"},
		{"dlq", "purge"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := runCLI(t, env, args...)
			if r.code != exitUsage || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 with one line on stderr", r.code, r.stdout, r.stderr)
			}
		})
	}
}
