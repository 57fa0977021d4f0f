package bus

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/twmb/franz-go/pkg/kerr"
)

// Lag is, per topic and partition, how many records a consumer group has
// yet to consume.
type Lag map[string]map[int32]int64

// Total is the sum over every partition, for metrics and readiness.
func (l Lag) Total() int64 {
	var n int64
	for _, parts := range l {
		for _, v := range parts {
			n += v
		}
	}
	return n
}

// Lag returns the lag of group on every partition of topics and of the
// topics it has committed offsets in. Lag is measured to the last stable
// offset, the end a read_committed consumer can reach; a partition without
// a committed offset lags by every record it still retains. Lag reads
// offsets the group has committed, so the batch a consumer is working on
// still counts. A group that does not exist has committed nothing. A
// partition whose last few offsets hold nothing a consumer will receive
// (transaction markers, aborted records) is not lagging.
func (a *Admin) Lag(ctx context.Context, group string, topics ...string) (Lag, error) {
	committed, err := a.adm.FetchOffsets(ctx, group)
	if err == nil {
		err = committed.Error()
	}
	if errors.Is(err, kerr.GroupIDNotFound) {
		committed, err = nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lag of group %s: fetch offsets: %w", group, err)
	}
	set := map[string]bool{}
	for _, t := range topics {
		set[t] = true
	}
	for t := range committed {
		set[t] = true
	}
	if len(set) == 0 {
		return Lag{}, nil
	}
	names := slices.Sorted(maps.Keys(set))
	ends, err := a.adm.ListCommittedOffsets(ctx, names...)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("lag of group %s: list end offsets: %w", group, err)
	}
	starts, err := a.adm.ListStartOffsets(ctx, names...)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("lag of group %s: list start offsets: %w", group, err)
	}

	lag, from := Lag{}, map[string]map[int32]int64{}
	for t, parts := range ends {
		lag[t] = make(map[int32]int64, len(parts))
		from[t] = make(map[int32]int64, len(parts))
		for p, end := range parts {
			at := int64(-1)
			if c, ok := committed.Lookup(t, p); ok {
				at = c.At
			}
			if at < 0 {
				start, _ := starts.Lookup(t, p)
				at = start.Offset
			}
			// Commits and ends are read at different moments: never
			// report a negative lag.
			lag[t][p] = max(end.Offset-at, 0)
			from[t][p] = at
		}
	}
	if err := a.settleTails(ctx, lag, from); err != nil {
		return nil, fmt.Errorf("lag of group %s: read partition tails: %w", group, err)
	}
	return lag, nil
}
