package bus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Headers of a dead letter. The x-source-* headers say where the record
// was consumed; x-replay-* are set by Replay.
const (
	HeaderSourceTopic     = "x-source-topic"
	HeaderSourcePartition = "x-source-partition"
	HeaderSourceOffset    = "x-source-offset"
	HeaderErrorKind       = "x-error-kind"
	HeaderErrorMessage    = "x-error-message"
	HeaderSchemaID        = "x-schema-id"
	HeaderFailedAt        = "x-failed-at"
	HeaderReplayCount     = "x-replay-count"
	HeaderReplayedFrom    = "x-replayed-from"
)

// maxErrorMessage bounds x-error-message; a parser error quoting a whole
// payload would otherwise double the record.
const maxErrorMessage = 2000

// deadLetterHeaders are replaced, not kept, when a record is dead-lettered
// again after a replay. The replay count is kept: it is what stops loops.
var deadLetterHeaders = []string{
	HeaderSourceTopic, HeaderSourcePartition, HeaderSourceOffset, HeaderErrorKind,
	HeaderErrorMessage, HeaderSchemaID, HeaderFailedAt, HeaderReplayedFrom,
}

// DeadLetter returns the dead-letter record for src, a consumed record
// that cannot be used: src's key, value and headers, on the DeadLetters
// topic, with headers naming src's topic, partition and offset, the error
// kind (a short stable word such as "decode" or "validate"), the message,
// the schema id src was written with (0 when unknown) and the time. A
// Handler returns it among its outputs, so it is committed with the batch.
func (t TopicsConfig) DeadLetter(src Record, kind, msg string, schemaID int) Record {
	if len(msg) > maxErrorMessage {
		msg = msg[:maxErrorMessage] + "..."
	}
	headers := make([]Header, 0, len(src.Headers)+7)
	for _, h := range src.Headers {
		if !isDeadLetterHeader(h.Key) {
			headers = append(headers, h)
		}
	}
	headers = append(headers,
		Header{HeaderSourceTopic, []byte(src.Topic)},
		Header{HeaderSourcePartition, strconv.AppendInt(nil, int64(src.Partition), 10)},
		Header{HeaderSourceOffset, strconv.AppendInt(nil, src.Offset, 10)},
		Header{HeaderErrorKind, []byte(kind)},
		Header{HeaderErrorMessage, []byte(msg)},
		Header{HeaderSchemaID, strconv.AppendInt(nil, int64(schemaID), 10)},
		Header{HeaderFailedAt, time.Now().UTC().AppendFormat(nil, time.RFC3339Nano)},
	)
	return Record{Topic: t.DeadLetters, Key: src.Key, Value: src.Value, Headers: headers}
}

func isDeadLetterHeader(key string) bool {
	for _, k := range deadLetterHeaders {
		if k == key {
			return true
		}
	}
	return false
}

// DeadLetter is a dead-letter record decoded: where the original came
// from, why it failed, and the original itself.
type DeadLetter struct {
	SourceTopic string
	Partition   int32 // of the source topic
	Offset      int64 // in the source partition
	Kind        string
	Message     string
	SchemaID    int
	FailedAt    time.Time
	ReplayCount int // how often it was replayed before it failed this time

	Key, Value []byte
	Headers    []Header // the original headers, without the dead-letter ones

	// DLQPartition and DLQOffset are where the dead letter itself sits.
	DLQPartition int32
	DLQOffset    int64
}

// ParseDeadLetter decodes a record of the DeadLetters topic. When a header
// DeadLetter writes is missing or malformed it returns what it could decode
// and an error wrapping catalog.ErrInvalid that names the header.
func ParseDeadLetter(r Record) (DeadLetter, error) {
	d := DeadLetter{Key: r.Key, Value: r.Value, DLQPartition: r.Partition, DLQOffset: r.Offset}
	var errs []error
	get := func(key string) string {
		v, ok := r.Header(key)
		if !ok {
			errs = append(errs, fmt.Errorf("no %s header", key))
		}
		return string(v)
	}
	num := func(key string, bits int) int64 {
		s := get(key)
		n, err := strconv.ParseInt(s, 10, bits)
		if err != nil && s != "" {
			errs = append(errs, fmt.Errorf("header %s = %q: %w", key, s, err))
		}
		return n
	}
	d.SourceTopic = get(HeaderSourceTopic)
	d.Partition = int32(num(HeaderSourcePartition, 32))
	d.Offset = num(HeaderSourceOffset, 64)
	d.Kind = get(HeaderErrorKind)
	d.Message = get(HeaderErrorMessage)
	d.SchemaID = int(num(HeaderSchemaID, 32))
	if s := get(HeaderFailedAt); s != "" {
		at, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			errs = append(errs, fmt.Errorf("header %s: %w", HeaderFailedAt, err))
		}
		d.FailedAt = at
	}
	if v, ok := r.Header(HeaderReplayCount); ok {
		n, err := strconv.Atoi(string(v))
		if err != nil {
			errs = append(errs, fmt.Errorf("header %s = %q: %w", HeaderReplayCount, v, err))
		}
		d.ReplayCount = n
	}
	for _, h := range r.Headers {
		if !isDeadLetterHeader(h.Key) {
			d.Headers = append(d.Headers, h)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return d, fmt.Errorf("%w dead letter at partition %d offset %d: %s",
			catalog.ErrInvalid, r.Partition, r.Offset, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return d, nil
}
