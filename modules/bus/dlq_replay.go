package bus

import (
	"context"
	"errors"
	"fmt"
	"strconv"
)

// ReplayReport says what Replay did.
type ReplayReport struct {
	Replayed int
	// Exhausted are the letters the filter chose but that were already
	// replayed MaxReplays times; they were left alone.
	Exhausted []DeadLetter
}

// Replay publishes the original key, value and headers of every letter
// filter accepts (nil accepts all) back to its source topic, so the key
// lands on the partition it came from, with two headers: x-replay-count,
// one more than before, and x-replayed-from, "<dlq topic>/<partition>/
// <offset>" of the letter. A replayed record that fails again is
// dead-lettered with its replay count, and Replay refuses it once the
// count reaches MaxReplays: that bounds a loop between ingest and the DLQ.
//
// Replay uses an idempotent producer and waits for every record. It is not
// atomic: on error, the report counts the records that were replayed and
// the wrapped *PublishError the ones that failed. The dead letters stay in
// the topic; replaying them again publishes them again, which ingest
// absorbs like any redelivery.
func (d *DLQ) Replay(ctx context.Context, letters []DeadLetter, filter func(DeadLetter) bool) (ReplayReport, error) {
	var report ReplayReport
	var records []Record
	for _, l := range letters {
		if filter != nil && !filter(l) {
			continue
		}
		if l.ReplayCount >= MaxReplays {
			report.Exhausted = append(report.Exhausted, l)
			continue
		}
		records = append(records, d.replayRecord(l))
	}
	err := produceSync(ctx, d.cl.ProduceSync, records)
	report.Replayed = len(records)
	if perr, ok := errors.AsType[*PublishError](err); ok {
		report.Replayed -= perr.Failed
	}
	if err != nil {
		return report, fmt.Errorf("replay dead letters: %w", err)
	}
	d.log.Info("dead_letters_replayed", "replayed", report.Replayed, "exhausted", len(report.Exhausted))
	return report, nil
}

// replayRecord rebuilds l's original record with the replay headers.
func (d *DLQ) replayRecord(l DeadLetter) Record {
	headers := make([]Header, 0, len(l.Headers)+2)
	for _, h := range l.Headers {
		if h.Key != HeaderReplayCount && h.Key != HeaderReplayedFrom {
			headers = append(headers, h)
		}
	}
	from := d.topic + "/" + strconv.FormatInt(int64(l.DLQPartition), 10) + "/" + strconv.FormatInt(l.DLQOffset, 10)
	headers = append(headers,
		Header{HeaderReplayCount, strconv.AppendInt(nil, int64(l.ReplayCount+1), 10)},
		Header{HeaderReplayedFrom, []byte(from)},
	)
	return Record{Topic: l.SourceTopic, Key: l.Key, Value: l.Value, Headers: headers}
}
