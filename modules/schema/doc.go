// Package schema holds the Avro contract of SkateStock's topics and the
// machinery around it: the embedded .avsc schemas (one per topic value,
// namespace com.skatestock.v1), the Go records they map (catalog.ProductEvent,
// NormalizedProduct, PriceUpdate), a Serde in the Confluent wire format
// (magic byte 0, 4-byte big-endian schema id, Avro binary) that reads records
// written with any older registered version of a subject, registration of the
// schemas under TopicNameStrategy subjects, and an embedded registry that
// serves the subset of the Confluent Schema Registry REST API that clients
// use, persisted through the RegistryStore port.
//
// Every decoding failure caused by the bytes of a record (bad header, unknown
// schema id, truncated or garbled Avro) wraps catalog.ErrInvalid, so ingest can
// route it to the dead-letter queue with errors.Is.
package schema
