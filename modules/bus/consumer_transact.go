package bus

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// ErrRetriesExhausted is returned by TransactConsumer.Run when a batch
// failed Consumer.MaxAttempts times in a row. Nothing of the batch was
// committed; the next Run starts from it again.
var ErrRetriesExhausted = errors.New("batch retries exhausted")

// Handler processes one polled batch inside a transaction and returns the
// records to produce in it.
//
// batch holds up to Consumer.MaxPollRecords committed records from any of
// the assigned partitions, in offset order within each partition. Before
// returning nil, the handler makes the batch's effects durable (the store
// write): the offsets are committed after it returns, with the returned
// records, in one transaction. If the handler returns an error, or any
// returned record cannot be produced, or the group rebalances meanwhile,
// the transaction aborts, its records are never seen by read_committed
// readers, and the batch is polled again, possibly with other records
// added. So a handler must be idempotent: it may see a record again after
// its effects were made durable.
//
// An error fails the whole batch. A record that can never be processed
// (bad bytes, unknown schema, failed validation) must not fail it, or its
// partition stops there: the handler returns a dead letter for it instead
// (TopicsConfig.DeadLetter) and carries on. Attempt tells the handler when
// the batch is on its last try, for a policy such as dead-lettering what
// still fails then.
//
// The handler is called from one goroutine at a time.
type Handler func(ctx context.Context, batch []Record) (out []Record, err error)

// TransactConsumer consumes topics as a member of Consumer.Group with
// read_committed isolation and turns each polled batch into one Kafka
// transaction holding the handler's output records and the batch's offsets
// (the consume-transform-produce pattern, KIP-447). Outputs and offsets
// become visible together or not at all: each input record yields its
// outputs exactly once as read_committed readers see them, across crashes,
// restarts and rebalances.
//
// Partitions revoked by a rebalance abort the transaction in progress; the
// member that gets them resumes from the last committed offset.
type TransactConsumer struct {
	cfg   Config
	txnID string
	log   *slog.Logger
	opts  []kgo.Opt // the session's, rebuilt by Run after a failure
}

// NewTransactConsumer returns a consumer of topics for cfg. It connects
// when Run starts.
func NewTransactConsumer(cfg Config, log *slog.Logger, topics ...string) (*TransactConsumer, error) {
	log = moduleLogger(log)
	if len(topics) == 0 {
		return nil, errors.New("new transact consumer: no topics")
	}
	base, err := cfg.clientOpts(log)
	if err != nil {
		return nil, fmt.Errorf("new transact consumer: %w", err)
	}
	cc := cfg.Consumer
	instance := cc.InstanceID
	if instance == "" {
		instance = randomID()
	}
	txnID := cc.TransactionalIDPrefix + "-" + instance
	log = log.With("group", cc.Group, "transactional_id", txnID)
	opts := append(base, cfg.Producer.opts()...)
	opts = append(opts,
		kgo.TransactionalID(txnID),
		kgo.TransactionTimeout(cc.TransactionTimeout),
		kgo.ConsumerGroup(cc.Group),
		kgo.ConsumeTopics(topics...),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		// Offsets committed by a transaction still open are not handed
		// out: a new owner of a partition waits for the outcome.
		kgo.RequireStableFetchOffsets(),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchMaxWait(cc.FetchMaxWait),
		kgo.SessionTimeout(cc.SessionTimeout),
		kgo.HeartbeatInterval(cc.HeartbeatInterval),
		kgo.OnPartitionsAssigned(func(_ context.Context, _ *kgo.Client, parts map[string][]int32) {
			if len(parts) > 0 {
				log.Info("partitions_assigned", "partitions", parts)
			}
		}),
		kgo.OnPartitionsRevoked(func(_ context.Context, _ *kgo.Client, parts map[string][]int32) {
			if len(parts) > 0 {
				log.Info("partitions_revoked", "partitions", parts)
			}
		}),
	)
	return &TransactConsumer{cfg: cfg, txnID: txnID, log: log, opts: opts}, nil
}

// TransactionalID is the id this consumer's transactions use.
func (c *TransactConsumer) TransactionalID() string { return c.txnID }

// Run consumes until ctx is cancelled, then returns nil, or until a batch
// failed Consumer.MaxAttempts times in a row, then returns an error
// wrapping ErrRetriesExhausted and the last failure.
//
// Failures of the session itself (a transaction that cannot be ended, a
// fenced producer) close it and start a new one with the same
// transactional id, which aborts whatever the old one left open. A batch
// being committed when ctx is cancelled is still committed, within
// Consumer.TransactionTimeout, so that a shutdown does not redo it. Run
// must not be called concurrently on one TransactConsumer.
func (c *TransactConsumer) Run(ctx context.Context, h Handler) error {
	failures := 0 // consecutive failed attempts, of batches or sessions
	for {
		sess, err := kgo.NewGroupTransactSession(c.opts...)
		if err != nil {
			return fmt.Errorf("transact consumer %s: %w", c.txnID, err)
		}
		err = c.initProducer(ctx, sess)
		if err == nil {
			err = c.consume(ctx, sess, h, &failures)
		}
		c.closeSession(sess)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrRetriesExhausted):
			return fmt.Errorf("transact consumer %s: %w", c.txnID, err)
		}
		failures++
		if failures >= c.cfg.Consumer.MaxAttempts {
			return fmt.Errorf("transact consumer %s: %w after %d attempts: %w", c.txnID, ErrRetriesExhausted, failures, err)
		}
		c.log.Warn("transact_session_restart", "attempt", failures, "error", err)
		if !sleepCtx(ctx, c.backoff(failures)) {
			return nil
		}
	}
}

// initProducer registers the transactional id before anything is polled.
// That aborts a transaction a predecessor with the same id left open; the
// client would otherwise do it lazily at the first Begin, which never
// comes: polling waits for the offsets that open transaction holds, until
// the broker times it out.
func (c *TransactConsumer) initProducer(ctx context.Context, sess *kgo.GroupTransactSession) error {
	if _, _, err := sess.Client().ProducerID(ctx); err != nil {
		return fmt.Errorf("%w: init producer id: %w", errSession, err)
	}
	return nil
}

// closeSession leaves the group without waiting long: the group
// rebalances now rather than after the session timeout.
func (c *TransactConsumer) closeSession(sess *kgo.GroupTransactSession) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := sess.Client().LeaveGroupContext(ctx); err != nil {
		c.log.Warn("leave_group_failed", "error", err)
	}
	sess.Close()
}

// backoff is the pause after the n-th consecutive failure: RetryBackoff
// doubled per failure, at most a minute.
func (c *TransactConsumer) backoff(n int) time.Duration {
	d := c.cfg.Consumer.RetryBackoff
	for i := 1; i < n && d < time.Minute; i++ {
		d *= 2
	}
	return min(d, time.Minute)
}

// sleepCtx waits d and reports whether ctx is still live.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// randomID names a consumer instance that was given no InstanceID.
func randomID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
