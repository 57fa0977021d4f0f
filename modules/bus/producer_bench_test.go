package bus_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/skatestock/skatestock/modules/bus"
)

// BenchmarkPublish measures Publish throughput against kfake for the
// linger and compression settings worth considering, in two shapes: one
// caller publishing a scrape run's 500 observations at a time, and many
// callers publishing a 50-product page each. The broker discards what it
// is sent (kfake.BlackholeProduce), so this measures the client: batching,
// compression, round trips over loopback. wire-B/rec is the record batch
// bytes sent per record, what compression saves on the network and disk.
//
//	go test -run '^$' -bench Publish -benchtime 2s ./modules/bus/
func BenchmarkPublish(b *testing.B) {
	for _, shape := range []struct {
		name     string
		batch    int
		parallel bool
	}{{"run500", 500, false}, {"pages50x8", 50, true}} {
		for _, linger := range []time.Duration{0, 5 * time.Millisecond, 20 * time.Millisecond} {
			for _, codec := range []string{bus.CompressionNone, bus.CompressionSnappy, bus.CompressionLz4, bus.CompressionZstd, bus.CompressionGzip} {
				name := fmt.Sprintf("%s/linger=%v/%s", shape.name, linger, codec)
				b.Run(name, func(b *testing.B) {
					benchPublish(b, linger, codec, shape.batch, shape.parallel)
				})
			}
		}
	}
}

func benchPublish(b *testing.B, linger time.Duration, codec string, batch int, parallel bool) {
	c, cfg := newCluster(b, kfake.BlackholeProduce())
	var wire atomic.Int64
	c.ControlKey(int16(kmsg.Produce), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		for _, t := range kreq.(*kmsg.ProduceRequest).Topics {
			for _, p := range t.Partitions {
				wire.Add(int64(len(p.Records)))
			}
		}
		return nil, nil, false // observe only; kfake answers
	})
	cfg.Producer.Linger = linger
	cfg.Producer.Compression = codec
	p, err := bus.NewProducer(cfg, testLogger())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	defer p.Close(ctx)
	records := observations(cfg, batch)
	size := 0
	for _, r := range records {
		size += len(r.Key) + len(r.Value)
	}
	if err := p.Publish(ctx, records); err != nil { // connect and warm up
		b.Fatal(err)
	}
	wire.Store(0)
	b.SetBytes(int64(size))
	b.ResetTimer()
	if parallel {
		b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := p.Publish(ctx, records); err != nil {
					b.Error(err)
					return
				}
			}
		})
	} else {
		for b.Loop() {
			if err := p.Publish(ctx, records); err != nil {
				b.Fatal(err)
			}
		}
	}
	n := float64(b.N * batch)
	b.ReportMetric(n/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(wire.Load())/n, "wire-B/rec")
}

// observations returns batch records shaped like Avro product events:
// ~250 bytes, mostly text that repeats across a shop's products.
func observations(cfg bus.Config, batch int) []bus.Record {
	out := make([]bus.Record, batch)
	for i := range out {
		shop := i % 24
		out[i] = bus.Record{
			Topic: cfg.Topics.ProductEvents,
			Key:   fmt.Appendf(nil, "shop-%02d", shop),
			Value: fmt.Appendf(nil,
				"\x00\x00\x00\x00\x01\x0eshop-%02d\x0c%06d\x0c%06d\x80\xe8\xa4\x9c\xcc\x63"+
					"\x48Baker Brand Logo Skateboard Deck %d.%02d\x0aBaker\x0adecks"+
					"\x84https://shop-%02d.example.com/products/baker-brand-logo-deck-%d\x00"+
					"\x10BKR-%05d\x1a0%012d\x0c%d.%02d in\x02\x0aWidth\x08%d.%02d"+
					"\xa6\x06\x00\x00\x00\x00\x00\x00\x06USD\x8e\x55\x00\x10in_stock\x28run-2026-11-24T06:00:00Z",
				shop, 10000+i, 20000+i, 7+i%3, 25*(i%4), shop, i, i, 720000000000+i, 8+i%2, 25*(i%4), 8+i%2, 25*(i%4)),
		}
	}
	return out
}
