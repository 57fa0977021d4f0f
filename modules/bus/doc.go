// Package bus is SkateStock's Kafka boundary. It is the only package that
// imports franz-go; everyone else sees Record, Config and the small types
// here. bus moves bytes: the Avro serde lives elsewhere and callers encode
// and decode.
//
//   - Producer publishes records (scrape -> product-events).
//   - TransactConsumer runs a consumer group's consume-transform-produce
//     loop in Kafka transactions (ingest).
//   - Admin creates the topics (EnsureTopics) and measures lag (Lag).
//   - TopicsConfig.DeadLetter builds dead letters; DLQ lists and replays
//     them.
//   - Embedded is the in-process broker used when no brokers are
//     configured.
//
// # Delivery guarantees
//
// Producer publishes with an idempotent producer and acks=all: a retried
// produce never duplicates a record in the log, and Publish returns only
// when every record is acknowledged or has failed, naming the failures.
//
// TransactConsumer consumes a group with read_committed isolation and runs
// one Kafka transaction per polled batch. Within it the handler makes the
// batch's effects durable (the store write), the records it returns are
// produced, and the batch's offsets are committed with them. The
// transaction commits only if the handler returned no error, every output
// was acknowledged and the group did not rebalance meanwhile; otherwise it
// aborts, the outputs stay invisible to read_committed readers and the
// batch is polled again. So Kafka outputs and offsets are exactly once; the
// handler's own side effects are at least once and must be idempotent
// (upserts), which is why the database, not Kafka, is the final authority
// on duplicates.
//
// # Embedded broker
//
// With no brokers configured, StartEmbedded runs an in-process kfake
// cluster persisted under the data dir. Producer, TransactConsumer, Admin
// and DLQ talk to it over TCP with exactly the code they use against a
// real cluster, SASL included.
package bus
