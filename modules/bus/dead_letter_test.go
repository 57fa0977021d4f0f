package bus_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
)

func TestDeadLetterRoundTrip(t *testing.T) {
	topics := bus.DefaultConfig("").Topics
	src := bus.Record{
		Topic: "product-events", Partition: 4, Offset: 1234,
		Key: []byte("shop-07"), Value: []byte{0, 0, 0, 0, 7, 0xff},
		Headers: []bus.Header{
			{Key: "traceparent", Value: []byte("00-abc-def-01")},
			{Key: bus.HeaderErrorKind, Value: []byte("stale")}, // from an earlier trip through the DLQ
			{Key: bus.HeaderReplayCount, Value: []byte("1")},
		},
	}
	before := time.Now().UTC()
	dl := topics.DeadLetter(src, "decode", "unknown schema id 7", 7)
	if dl.Topic != "dead-letter-queue" || string(dl.Key) != "shop-07" || string(dl.Value) != string(src.Value) {
		t.Fatalf("DeadLetter = %+v, want the source key and value on dead-letter-queue", dl)
	}
	if n := strings.Count(headerKeys(dl), bus.HeaderErrorKind); n != 1 {
		t.Errorf("headers %s: %d %s headers, want the stale one replaced", headerKeys(dl), n, bus.HeaderErrorKind)
	}

	// As consumed from the DLQ.
	dl.Partition, dl.Offset = 2, 99
	got, err := bus.ParseDeadLetter(dl)
	if err != nil {
		t.Fatal(err)
	}
	if got.SourceTopic != "product-events" || got.Partition != 4 || got.Offset != 1234 || got.Kind != "decode" ||
		got.Message != "unknown schema id 7" || got.SchemaID != 7 || got.ReplayCount != 1 ||
		got.DLQPartition != 2 || got.DLQOffset != 99 || string(got.Key) != "shop-07" {
		t.Errorf("ParseDeadLetter = %+v", got)
	}
	if got.FailedAt.Before(before) || got.FailedAt.After(time.Now()) {
		t.Errorf("FailedAt = %v, want the time DeadLetter ran", got.FailedAt)
	}
	if want := []bus.Header{src.Headers[0], src.Headers[2]}; !slices.EqualFunc(got.Headers, want, func(a, b bus.Header) bool {
		return a.Key == b.Key && string(a.Value) == string(b.Value)
	}) {
		t.Errorf("Headers = %v, want the original ones without dead-letter headers: %v", got.Headers, want)
	}

	long := topics.DeadLetter(src, "validate", strings.Repeat("x", 5000), 0)
	if msg, _ := long.Header(bus.HeaderErrorMessage); len(msg) > 2100 {
		t.Errorf("message of %d bytes kept, want it cut", len(msg))
	}
}

func TestParseDeadLetterRejectsMalformed(t *testing.T) {
	r := bus.DefaultConfig("").Topics.DeadLetter(bus.Record{Topic: "t"}, "k", "m", 1)
	for i := range r.Headers {
		if r.Headers[i].Key == bus.HeaderSourceOffset {
			r.Headers[i].Value = []byte("twelve")
		}
	}
	r.Headers = slices.DeleteFunc(r.Headers, func(h bus.Header) bool { return h.Key == bus.HeaderSchemaID })
	_, err := bus.ParseDeadLetter(r)
	if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), "x-source-offset") || !strings.Contains(err.Error(), "no x-schema-id header") {
		t.Errorf("ParseDeadLetter = %v, want ErrInvalid naming x-source-offset and x-schema-id", err)
	}
}

func headerKeys(r bus.Record) string {
	var keys []string
	for _, h := range r.Headers {
		keys = append(keys, h.Key)
	}
	return strings.Join(keys, ",")
}
