package schema_test

import (
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

// BenchmarkEncodeProductEvent measures Serde.Encode of a full event into a
// reused buffer (records/s is the figure to watch: ingest encodes one
// normalized record per event).
func BenchmarkEncodeProductEvent(b *testing.B) {
	serde, _ := registeredSerde(b)
	ev := sampleEvent()
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = serde.AppendEncode(buf[:0], ev); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkDecodeProductEvent measures Serde.Decode of a full event.
func BenchmarkDecodeProductEvent(b *testing.B) {
	serde, _ := registeredSerde(b)
	rec, err := serde.Encode(sampleEvent())
	if err != nil {
		b.Fatal(err)
	}
	var ev catalog.ProductEvent
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	for b.Loop() {
		if err := serde.Decode(rec, &ev); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
