package bus

import (
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Header is one Kafka record header. A record may repeat a key.
type Header struct {
	Key   string
	Value []byte
}

// Record is a Kafka record as bus hands it out and takes it in, so that
// callers never see franz-go types.
//
// Records passed to Publish or returned by a Handler go to Topic, to the
// partition the key hashes to (Kafka's murmur2, like the Java client); a
// nil key spreads records over partitions. Partition and Offset are ignored
// there, and a zero Timestamp means the time of producing. Consumed records
// carry all fields. bus does not copy Key, Value or header values: a
// consumed record's slices belong to the receiver, a produced record's must
// not change until Publish or the Handler's transaction returns.
type Record struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte
	Value     []byte
	Headers   []Header
	Timestamp time.Time
}

// Header returns the value of the last header named key.
func (r Record) Header(key string) ([]byte, bool) {
	for i := len(r.Headers) - 1; i >= 0; i-- {
		if r.Headers[i].Key == key {
			return r.Headers[i].Value, true
		}
	}
	return nil, false
}

// toKgo converts r for producing.
func (r Record) toKgo() *kgo.Record {
	kr := &kgo.Record{Topic: r.Topic, Key: r.Key, Value: r.Value, Timestamp: r.Timestamp}
	if len(r.Headers) > 0 {
		kr.Headers = make([]kgo.RecordHeader, len(r.Headers))
		for i, h := range r.Headers {
			kr.Headers[i] = kgo.RecordHeader{Key: h.Key, Value: h.Value}
		}
	}
	return kr
}

// fromKgo converts a consumed record.
func fromKgo(kr *kgo.Record) Record {
	r := Record{
		Topic: kr.Topic, Partition: kr.Partition, Offset: kr.Offset,
		Key: kr.Key, Value: kr.Value, Timestamp: kr.Timestamp,
	}
	if len(kr.Headers) > 0 {
		r.Headers = make([]Header, len(kr.Headers))
		for i, h := range kr.Headers {
			r.Headers[i] = Header{Key: h.Key, Value: h.Value}
		}
	}
	return r
}
