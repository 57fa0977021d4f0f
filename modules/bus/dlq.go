package bus

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// DLQ reads and replays the dead-letter topic, for `skatestock dlq list`
// and `skatestock dlq replay`. It reads without a consumer group, so it
// never moves anybody's offsets. It is safe for concurrent use.
type DLQ struct {
	topic string
	base  []kgo.Opt   // shared client options, for List's short-lived readers
	cl    *kgo.Client // the idempotent producer Replay uses
	adm   *kadm.Client
	log   *slog.Logger
}

// MaxReplays is how often Replay re-publishes the same original record.
// A record that fails again after that many replays stays a dead letter:
// replaying it once more would loop.
const MaxReplays = 3

// NewDLQ returns a DLQ for cfg's DeadLetters topic.
func NewDLQ(cfg Config, log *slog.Logger) (*DLQ, error) {
	log = moduleLogger(log)
	base, err := cfg.clientOpts(log)
	if err != nil {
		return nil, fmt.Errorf("new dlq: %w", err)
	}
	cl, err := kgo.NewClient(append(slices.Clone(base), cfg.Producer.opts()...)...)
	if err != nil {
		return nil, fmt.Errorf("new dlq: %w", err)
	}
	return &DLQ{topic: cfg.Topics.DeadLetters, base: base, cl: cl, adm: kadm.NewClient(cl), log: log}, nil
}

// Close closes the connections. Replay has already waited for its records.
func (d *DLQ) Close() { d.cl.Close() }

// List returns the first limit dead letters, ordered by partition and,
// within each, by offset; limit <= 0 means all. It reads the committed
// records present when it starts, so it ends even while ingest keeps
// adding dead letters. A record that does not decode is returned as far as
// it decodes, and the error, wrapping the first decoding error, counts
// them.
func (d *DLQ) List(ctx context.Context, limit int) ([]DeadLetter, error) {
	ends, err := d.adm.ListCommittedOffsets(ctx, d.topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("list dead letters: end offsets: %w", err)
	}
	starts, err := d.adm.ListStartOffsets(ctx, d.topic)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("list dead letters: start offsets: %w", err)
	}
	// last[p] is the offset of the last record to read in partition p.
	last := map[int32]int64{}
	for p, end := range ends[d.topic] {
		if start, _ := starts.Lookup(d.topic, p); end.Offset > start.Offset {
			last[p] = end.Offset - 1
		}
	}
	if len(last) == 0 {
		return nil, nil
	}
	records, err := d.read(ctx, last, limit)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(records, func(a, b Record) int {
		if a.Partition != b.Partition {
			return int(a.Partition - b.Partition)
		}
		return int(a.Offset - b.Offset)
	})
	if limit > 0 && len(records) > limit {
		records = records[:limit]
	}
	letters := make([]DeadLetter, 0, len(records))
	bad := 0
	var first error
	for _, r := range records {
		l, err := ParseDeadLetter(r)
		if err != nil {
			bad++
			first = cmp.Or(first, err)
		}
		letters = append(letters, l)
	}
	if bad > 0 {
		return letters, fmt.Errorf("list dead letters: %d of %d malformed, first: %w", bad, len(letters), first)
	}
	return letters, nil
}
