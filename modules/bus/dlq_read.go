package bus

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/twmb/franz-go/pkg/kgo"
)

// read returns the committed records of the dead-letter topic from the
// start of each partition in last through offset last[p], at most limit
// per partition when limit > 0.
//
// It knows it is done because it also reads control records: under
// read_committed the record just below the last stable offset is always
// returned, either as data or as the marker that ended its transaction.
func (d *DLQ) read(ctx context.Context, last map[int32]int64, limit int) ([]Record, error) {
	parts := make(map[int32]kgo.Offset, len(last))
	for p := range last {
		parts[p] = kgo.NewOffset().AtStart()
	}
	cl, err := kgo.NewClient(append(slices.Clone(d.base),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{d.topic: parts}),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.KeepControlRecords(),
	)...)
	if err != nil {
		return nil, fmt.Errorf("list dead letters: %w", err)
	}
	defer cl.Close()

	var out []Record
	count := map[int32]int{}
	for len(last) > 0 {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("list dead letters: %w", err)
		}
		var errs []error
		fetches.EachError(func(_ string, p int32, err error) {
			errs = append(errs, fmt.Errorf("partition %d: %w", p, err))
		})
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("list dead letters: fetch: %w", err)
		}
		fetches.EachRecord(func(kr *kgo.Record) {
			p := kr.Partition
			stop, reading := last[p]
			if !reading {
				return
			}
			if !kr.Attrs.IsControl() {
				out = append(out, fromKgo(kr))
				count[p]++
			}
			if kr.Offset >= stop || limit > 0 && count[p] >= limit {
				delete(last, p)
			}
		})
	}
	return out, nil
}
