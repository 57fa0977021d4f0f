// Package ingest turns product-events records into durable price history:
// decode -> normalize -> validate -> dedup -> store -> outputs. Handle is the
// body of one Kafka transaction: it makes the batch's effects durable in the
// store before it returns, and returns the records (normalized-products,
// price-updates, dead letters) that the caller commits together with the
// batch's offsets.
//
// Ingest meets the rest of the system only through the ports in ports.go
// and its own Message and Output types; app adapts bus records, the schema
// serde, the dedup filter and the store to them.
//
// Idempotency: Handle may see a batch again after its store write became
// durable (the transaction aborted after the write). Every output is a
// function of the batch and of the history the write leaves, never of what
// the store held before the write, so a redelivered batch yields the same
// outputs and the same rows.
package ingest
