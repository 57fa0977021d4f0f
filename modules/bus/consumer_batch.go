package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// errSession marks failures of the session rather than of a batch: Run
// answers them with a new session.
var errSession = errors.New("transact session failed")

// consume polls and transacts batches until ctx is cancelled, the session
// fails (an error wrapping errSession) or batches failed too often (an
// error wrapping ErrRetriesExhausted). failures counts consecutive failed
// attempts across sessions.
func (c *TransactConsumer) consume(ctx context.Context, sess *kgo.GroupTransactSession, h Handler, failures *int) error {
	maxAttempts := c.cfg.Consumer.MaxAttempts
	for {
		fetches := sess.PollRecords(ctx, c.cfg.Consumer.MaxPollRecords)
		if fetches.IsClientClosed() || ctx.Err() != nil {
			return ctx.Err()
		}
		fetchFailed := false
		fetches.EachError(func(topic string, partition int32, err error) {
			fetchFailed = true
			c.log.Warn("fetch_failed", "topic", topic, "partition", partition, "error", err)
		})
		krs := fetches.Records()
		if len(krs) == 0 {
			// Errors without records come back at once; pause so that a
			// persistent one (authorization) does not spin.
			if fetchFailed && !sleepCtx(ctx, max(c.cfg.Consumer.RetryBackoff, 100*time.Millisecond)) {
				return nil
			}
			continue
		}
		batch := make([]Record, len(krs))
		for i, kr := range krs {
			batch[i] = fromKgo(kr)
		}

		committed, err := c.transact(ctx, sess, h, batch, *failures+1)
		switch {
		case errors.Is(err, errSession):
			return err
		case err != nil:
			*failures++
			if *failures >= maxAttempts {
				return fmt.Errorf("%w after %d attempts: %w", ErrRetriesExhausted, *failures, err)
			}
			c.log.Warn("batch_aborted", "records", len(batch), "attempt", *failures, "error", err)
			if !sleepCtx(ctx, c.backoff(*failures)) {
				return nil
			}
		case committed:
			*failures = 0
		default:
			// The session aborted it: a rebalance, or a commit the
			// broker refused in a way that calls for another try. Not
			// the batch's fault, so not counted against it.
			c.log.Info("batch_not_committed", "records", len(batch))
		}
	}
}

// transact runs one batch in one transaction and reports whether it
// committed. A batch error (handler or produce) aborts and is returned as
// is; a failure to begin or end the transaction wraps errSession.
func (c *TransactConsumer) transact(ctx context.Context, sess *kgo.GroupTransactSession, h Handler, batch []Record, attempt int) (bool, error) {
	if err := sess.Begin(); err != nil {
		return false, fmt.Errorf("%w: begin transaction: %w", errSession, err)
	}
	out, err := h(withAttempt(ctx, attempt, c.cfg.Consumer.MaxAttempts), batch)
	if err != nil {
		err = fmt.Errorf("handle batch of %d records: %w", len(batch), err)
	}
	// From here on the batch is finished or abandoned whatever ctx says:
	// a shutdown commits the work it has done rather than redo it, and
	// an abort must reach the broker so nobody waits for the
	// transaction to time out.
	endCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.Consumer.TransactionTimeout)
	defer cancel()
	if err == nil {
		err = produceSync(endCtx, sess.ProduceSync, out)
	}
	end := kgo.TryCommit
	if err != nil {
		end = kgo.TryAbort
	}
	committed, endErr := sess.End(endCtx, end)
	if endErr != nil {
		return false, fmt.Errorf("%w: end transaction (commit %t): %w", errSession, bool(end), errors.Join(endErr, err))
	}
	return committed, err
}

// attemptKey carries the batch attempt to the handler.
type attemptKey struct{}

type attemptInfo struct{ n, of int }

func withAttempt(ctx context.Context, n, of int) context.Context {
	return context.WithValue(ctx, attemptKey{}, attemptInfo{n, of})
}

// Attempt returns, inside a Handler, which try of the batch this is
// (from 1) and how many tries there are (Consumer.MaxAttempts). A handler
// on its last try (n == of) that still fails makes Run return
// ErrRetriesExhausted; it may instead dead-letter what it cannot process.
// Outside a Handler Attempt returns 0, 0.
func Attempt(ctx context.Context) (n, of int) {
	a, _ := ctx.Value(attemptKey{}).(attemptInfo)
	return a.n, a.of
}
