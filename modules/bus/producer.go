package bus

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"
)

// maxListedFailures bounds how many record failures a PublishError spells
// out; a broker outage fails every record the same way.
const maxListedFailures = 10

// Producer publishes records with an idempotent producer and acks=all: a
// record acknowledged by Publish is on every in-sync replica, and the
// producer's retries never write a record twice. Records with the same key
// keep their order. Producer is safe for concurrent use.
type Producer struct {
	cl  *kgo.Client
	log *slog.Logger
}

// NewProducer returns a producer for cfg's brokers. It does not connect
// until the first Publish.
func NewProducer(cfg Config, log *slog.Logger) (*Producer, error) {
	log = moduleLogger(log)
	opts, err := cfg.clientOpts(log)
	if err != nil {
		return nil, fmt.Errorf("new producer: %w", err)
	}
	opts = append(opts, cfg.Producer.opts()...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("new producer: %w", err)
	}
	return &Producer{cl: cl, log: log}, nil
}

// opts are the producing options shared by Producer and the transactional
// session: idempotence is kgo's default, and it requires acks=all.
func (p ProducerConfig) opts() []kgo.Opt {
	return []kgo.Opt{
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerLinger(p.Linger),
		kgo.ProducerBatchMaxBytes(p.BatchMaxBytes),
		kgo.ProducerBatchCompression(codec(p.Compression)),
		kgo.RecordDeliveryTimeout(p.DeliveryTimeout),
	}
}

// codec maps a validated Compression name to its codec.
func codec(name string) kgo.CompressionCodec {
	switch name {
	case CompressionGzip:
		return kgo.GzipCompression()
	case CompressionSnappy:
		return kgo.SnappyCompression()
	case CompressionLz4:
		return kgo.Lz4Compression()
	case CompressionZstd:
		return kgo.ZstdCompression()
	}
	return kgo.NoCompression()
}

// Publish produces records and waits until each is acknowledged or has
// failed. It returns nil when all were acknowledged, and otherwise a
// *PublishError naming the failures. The records that did not fail are
// written regardless: Publish is not atomic, and publishing the whole slice
// again duplicates them (readers key on content, so that is safe, only
// wasteful). Cancelling ctx fails the records not yet sent.
func (p *Producer) Publish(ctx context.Context, records []Record) error {
	return produceSync(ctx, p.cl.ProduceSync, records)
}

// produceSync produces records with produce (a client's or a transact
// session's ProduceSync) and gathers the failures into a *PublishError.
func produceSync(ctx context.Context, produce func(context.Context, ...*kgo.Record) kgo.ProduceResults, records []Record) error {
	if len(records) == 0 {
		return nil
	}
	krs := make([]*kgo.Record, len(records))
	for i := range records {
		krs[i] = records[i].toKgo()
	}
	var perr *PublishError
	for _, res := range produce(ctx, krs...) {
		if res.Err == nil {
			continue
		}
		if perr == nil {
			perr = &PublishError{Total: len(records)}
		}
		perr.add(res.Record.Topic, res.Record.Key, res.Err)
	}
	if perr != nil {
		return perr
	}
	return nil
}

// Flush waits until every record buffered by concurrent Publish calls is
// acknowledged or failed, or ctx is done.
func (p *Producer) Flush(ctx context.Context) error {
	if err := p.cl.Flush(ctx); err != nil {
		return fmt.Errorf("flush producer: %w", err)
	}
	return nil
}

// Close flushes within ctx and closes the connections. Records still
// buffered when ctx ends are failed, and Close reports it.
func (p *Producer) Close(ctx context.Context) error {
	err := p.Flush(ctx)
	p.cl.Close()
	return err
}

// PublishError is Publish's error when some records failed. errors.Is and
// errors.As see the listed record errors (kerr errors, context errors).
type PublishError struct {
	Failed, Total int
	// Errs are the first failures, at most 10, each naming the topic and
	// key of its record.
	Errs []error
}

func (e *PublishError) add(topic string, key []byte, err error) {
	e.Failed++
	if len(e.Errs) < maxListedFailures {
		e.Errs = append(e.Errs, fmt.Errorf("publish to %s key %q: %w", topic, shorten(key), err))
	}
}

func (e *PublishError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "publish: %d of %d records failed", e.Failed, e.Total)
	for _, err := range e.Errs {
		b.WriteString("; ")
		b.WriteString(err.Error())
	}
	if more := e.Failed - len(e.Errs); more > 0 {
		fmt.Fprintf(&b, "; and %d more", more)
	}
	return b.String()
}

// Unwrap returns the listed failures.
func (e *PublishError) Unwrap() []error { return e.Errs }

// shorten keeps error messages readable when keys are long.
func shorten(b []byte) string {
	const limit = 64
	if len(b) <= limit {
		return string(b)
	}
	return string(b[:limit]) + "..."
}
