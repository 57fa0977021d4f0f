package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ingest"
)

// mixedBatch is n messages over shops, interleaving records that cannot be
// decoded, records that break a catalog rule and records of an unknown
// shop with good ones, several of a listing and of a variant.
func mixedBatch(n int, shops []string) []ingest.Message {
	msgs := make([]ingest.Message, n)
	for i := range msgs {
		ev := event(strconv.Itoa(i/4%9), string(rune('a'+i%3)), int64(100+i), t0.Add(time.Duration(i)*time.Second))
		ev.Shop = shops[i%len(shops)]
		switch {
		case i%11 == 5:
			ev.Currency = ""
		case i%13 == 6:
			ev.Shop = "nowhere"
		}
		msgs[i] = messages(ev)[0]
		msgs[i].Offset = int64(i)
		if i%7 == 3 {
			msgs[i].Value = []byte("not avro")
		}
	}
	return msgs
}

// Decoding in parallel changes nothing of what Handle returns or writes:
// dead letters and outputs come in batch order whatever the workers.
func TestHandleParallelDecodeKeepsOrder(t *testing.T) {
	shops := []string{"s0", "s1"}
	msgs := mixedBatch(300, shops)
	var want []string
	for _, workers := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			cfg := ingest.DefaultConfig()
			cfg.DecodeWorkers = workers
			h := newHarnessWith(t, cfg, nil, shops...)
			outs, err := h.ing.Handle(context.Background(), msgs)
			if err != nil {
				t.Fatal(err)
			}
			var offsets []int64
			for _, o := range outs {
				if o.Topic == catalog.TopicDeadLetters {
					off, _ := strconv.ParseInt(header(o, "x-source-offset"), 10, 64)
					offsets = append(offsets, off)
				}
			}
			if len(offsets) == 0 || !slices.IsSorted(offsets) {
				t.Errorf("dead letters at offsets %v, want some, in batch order", offsets)
			}
			got := outputsText(outs)
			if want == nil {
				want = got
			} else if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("outputs differ from one worker's:\n%v\n%v", got, want)
			}
		})
	}
}

// A batch written by several shards at once yields the outputs and the
// history of one writer.
func TestHandleShardedWritesMatchOneWriter(t *testing.T) {
	shops := []string{"s0", "s1", "s2", "s3", "s4"}
	first, second := mixedBatch(120, shops), mixedBatch(160, shops)
	for i := range second {
		second[i].Offset += 1000
	}
	var want []string
	var wantPoints string
	for _, shards := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			cfg := ingest.DefaultConfig()
			cfg.WriteShards = shards
			h := newHarnessWith(t, cfg, nil, shops...)
			var got []string
			for _, batch := range [][]ingest.Message{first, second} {
				outs, err := h.ing.Handle(context.Background(), batch)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, outputsText(outs)...)
			}
			points := h.store.pointsText()
			if want == nil {
				want, wantPoints = got, points
				return
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("outputs differ from one writer's:\n%v\n%v", got, want)
			}
			if points != wantPoints {
				t.Errorf("history differs from one writer's:\n%s\n%s", points, wantPoints)
			}
		})
	}
}

// One shard failing fails the batch, though other shards' writes are
// durable; the retry yields what a batch that never failed yields.
func TestHandleShardFailureRetries(t *testing.T) {
	shops := []string{"s0", "s1", "s2", "s3"}
	msgs := mixedBatch(100, shops)
	cfg := ingest.DefaultConfig()
	cfg.WriteShards = 3
	clean := newHarnessWith(t, cfg, nil, shops...)
	want, err := clean.ing.Handle(context.Background(), msgs)
	if err != nil {
		t.Fatal(err)
	}

	h := newHarnessWith(t, cfg, nil, shops...)
	h.store.failShop = "s2"
	if outs, err := h.ing.Handle(context.Background(), msgs); !errors.Is(err, errTransient) || outs != nil {
		t.Fatalf("outputs %d, error %v; want none and the shard's error", len(outs), err)
	}
	h.store.failShop = ""
	got, err := h.ing.Handle(context.Background(), msgs)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(outputsText(got)) != fmt.Sprint(outputsText(want)) {
		t.Errorf("retry outputs differ from a clean run's:\n%v\n%v", outputsText(got), outputsText(want))
	}
	if h.store.pointsText() != clean.store.pointsText() {
		t.Errorf("retry history differs from a clean run's")
	}
}
