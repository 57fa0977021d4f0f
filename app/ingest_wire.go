package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/ingest"
	"github.com/skatestock/skatestock/modules/store"
)

// openDedup builds ingest's filter: in memory when redis.url is empty, else
// in Redis; either way failing open, since the store confirms duplicates.
// close releases the Redis client, if any.
func (c *cli) openDedup(ctx context.Context) (f *dedup.FailOpen, closeFn func(), err error) {
	cfg := dedup.DefaultConfig()
	cfg.Timeout = c.cfg.Redis.Timeout
	log := c.log.With("module", "dedup")
	if c.cfg.Redis.URL == "" {
		m, err := dedup.NewMemory(cfg)
		if err != nil {
			return nil, nil, fmt.Errorf("dedup: %w", err)
		}
		return dedup.NewFailOpen(m, log), func() {}, nil
	}
	client, err := c.openRedis()
	if err != nil {
		return nil, nil, err
	}
	r, err := dedup.NewRedis(ctx, cfg, client, log)
	if err != nil {
		client.Close()
		return nil, nil, fmt.Errorf("dedup: %w", err)
	}
	return dedup.NewFailOpen(r, log), client.Close, nil
}

// ingestBatch is the most records one ingest transaction takes, and so the
// most observations one store call writes: enough that the store's
// set-based statements and each batch's fixed costs (the store
// transactions, the state read, the Kafka transaction) are spread over
// thousands of events, few enough that a batch is done well within the
// Kafka transaction timeout.
const ingestBatch = 5000

// postgresWriteShards is how many store calls write a batch at once on
// Postgres, each for its own shops: the store locks per shop, so they do
// not wait on each other, and the server works on them side by side while
// ingest waits. SQLite has one writer at a time, so it gets one.
const postgresWriteShards = 4

// ingestBus is cfg as the ingest consumer uses it: polls of up to
// ingestBatch records, so that one poll is one transaction and one write.
func ingestBus(cfg bus.Config) bus.Config {
	cfg.Consumer.MaxPollRecords = ingestBatch
	return cfg
}

// newIngester wires ingest to the pipeline's Serde, the filter and the
// store, whose kind (kindPostgres or kindSQLite) decides how many writes
// of a batch run at once.
func newIngester(p *pipeline, filter ingest.Filter, db store.Store, dbKind string, log *slog.Logger) (*ingest.Ingester, error) {
	topics := p.bus.Topics
	cfg := ingest.DefaultConfig()
	cfg.NormalizedProductsTopic, cfg.PriceUpdatesTopic = topics.NormalizedProducts, topics.PriceUpdates
	cfg.WriteChunk = ingestBatch
	if dbKind == kindPostgres {
		cfg.WriteShards = postgresWriteShards
	}
	in, err := ingest.New(cfg, log, ingest.Deps{
		Decoder:    serdeCodec{p.serde},
		Encoder:    serdeCodec{p.serde},
		Filter:     filter,
		ContentKey: dedup.ContentKey,
		ListingKey: dedup.ListingKey,
		Store:      ingestStore{db},
		DeadLetter: func(m ingest.Message, kind, msg string, schemaID int) ingest.Output {
			return outputOf(topics.DeadLetter(recordOf(m), kind, msg, schemaID))
		},
		Attempt: bus.Attempt,
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return in, nil
}

// databaseKind is the kind of the configured database (kindPostgres or
// kindSQLite). Validate has rejected a URL it cannot parse.
func (c *cli) databaseKind() string {
	target, err := parseDatabaseURL(c.cfg.databaseURL())
	if err != nil {
		return kindSQLite
	}
	return target.kind
}

// ingestHandler runs in over each consumed batch, converting at the border.
func ingestHandler(in *ingest.Ingester) bus.Handler {
	return func(ctx context.Context, batch []bus.Record) ([]bus.Record, error) {
		msgs := make([]ingest.Message, len(batch))
		for i, r := range batch {
			msgs[i] = messageOf(r)
		}
		outs, err := in.Handle(ctx, msgs)
		if err != nil {
			return nil, err
		}
		recs := make([]bus.Record, len(outs))
		for i, o := range outs {
			recs[i] = bus.Record{Topic: o.Topic, Key: o.Key, Value: o.Value, Headers: busHeaders(o.Headers)}
		}
		return recs, nil
	}
}

func messageOf(r bus.Record) ingest.Message {
	m := ingest.Message{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Key: r.Key, Value: r.Value}
	if len(r.Headers) > 0 {
		m.Headers = make([]ingest.Header, len(r.Headers))
		for i, h := range r.Headers {
			m.Headers[i] = ingest.Header(h)
		}
	}
	return m
}

func recordOf(m ingest.Message) bus.Record {
	r := bus.Record{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset, Key: m.Key, Value: m.Value}
	r.Headers = busHeaders(m.Headers)
	return r
}

func outputOf(r bus.Record) ingest.Output {
	o := ingest.Output{Topic: r.Topic, Key: r.Key, Value: r.Value}
	if len(r.Headers) > 0 {
		o.Headers = make([]ingest.Header, len(r.Headers))
		for i, h := range r.Headers {
			o.Headers[i] = ingest.Header(h)
		}
	}
	return o
}

func busHeaders(hs []ingest.Header) []bus.Header {
	if len(hs) == 0 {
		return nil
	}
	out := make([]bus.Header, len(hs))
	for i, h := range hs {
		out[i] = bus.Header(h)
	}
	return out
}
