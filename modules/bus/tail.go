package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Tail follows topics from their end without a consumer group: every
// process that tails sees every record published after it started, and
// none commits offsets. It is for live feeds (invalidating a cache,
// pushing price updates to dashboards) where each instance must see
// everything and a restart needs no history.
type Tail struct {
	cl  *kgo.Client
	log *slog.Logger
}

// TailHandler receives the records of one poll, in partition order. It
// runs on Run's goroutine: a slow handler holds back the next poll, never
// loses records.
type TailHandler func(ctx context.Context, batch []Record)

// NewTail returns a Tail of topics that starts at their current end and
// reads only committed records (a transaction ingest aborts never reaches
// it). Every record committed after NewTail returns is handed to Run's
// handler; the end offsets are looked up here, not lazily when fetching
// starts, so that holds from the moment NewTail returns.
func NewTail(ctx context.Context, cfg Config, log *slog.Logger, topics ...string) (*Tail, error) {
	log = moduleLogger(log)
	if len(topics) == 0 {
		return nil, errors.New("new tail: no topics")
	}
	opts, err := cfg.clientOpts(log)
	if err != nil {
		return nil, fmt.Errorf("new tail: %w", err)
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("new tail: %w", err)
	}
	ends, err := kadm.NewClient(cl).ListCommittedOffsets(ctx, topics...)
	if err == nil {
		err = ends.Error()
	}
	cl.Close()
	if err != nil {
		return nil, fmt.Errorf("new tail of %v: end offsets: %w", topics, err)
	}
	start := make(map[string]map[int32]kgo.Offset, len(topics))
	ends.Each(func(o kadm.ListedOffset) {
		if start[o.Topic] == nil {
			start[o.Topic] = map[int32]kgo.Offset{}
		}
		start[o.Topic][o.Partition] = kgo.NewOffset().At(o.Offset)
	})
	opts = append(opts,
		kgo.ConsumePartitions(start),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.FetchMaxWait(cfg.Consumer.FetchMaxWait),
	)
	if cl, err = kgo.NewClient(opts...); err != nil {
		return nil, fmt.Errorf("new tail: %w", err)
	}
	return &Tail{cl: cl, log: log.With("tail", topics)}, nil
}

// Run hands every batch to h until ctx is cancelled, then closes the
// client and returns nil. Call it once. Fetch errors are logged and retried: the broker
// being away stalls the feed, it does not end it.
func (t *Tail) Run(ctx context.Context, h TailHandler) error {
	defer t.cl.Close()
	for {
		fetches := t.cl.PollFetches(ctx)
		if fetches.IsClientClosed() || ctx.Err() != nil {
			return nil
		}
		failed := false
		fetches.EachError(func(topic string, partition int32, err error) {
			failed = true
			t.log.Warn("tail_fetch_failed", "topic", topic, "partition", partition, "error", err)
		})
		krs := fetches.Records()
		if len(krs) == 0 {
			if failed && !sleepCtx(ctx, time.Second) {
				return nil
			}
			continue
		}
		batch := make([]Record, len(krs))
		for i, kr := range krs {
			batch[i] = fromKgo(kr)
		}
		h(ctx, batch)
	}
}
