package schema

import (
	"context"

	"github.com/twmb/franz-go/pkg/sr"
)

// RegistryClient is the part of a Schema Registry client that Register and
// Serde.Learn use. *sr.Client satisfies it against any Confluent-compatible
// registry (Confluent, Redpanda, Karapace, Apicurio's ccompat API, or this
// package's Registry); NewClient builds one.
type RegistryClient interface {
	// RegisterSchema registers s under subject, or returns the id it
	// already has there; id and version -1 let the registry choose.
	RegisterSchema(ctx context.Context, subject string, s sr.Schema, id, version int) (int, error)
	// Schemas returns every live version of subject, oldest first.
	Schemas(ctx context.Context, subject string) ([]sr.SubjectSchema, error)
	// SchemaByID returns the schema with global id.
	SchemaByID(ctx context.Context, id int) (sr.Schema, error)
}

// RegistryStore persists the embedded Registry as three tables of plain rows,
// so that a database can keep schema ids stable across restarts:
//
//	schemas(id PRIMARY KEY, text UNIQUE)
//	subject_versions(subject, version, schema_id REFERENCES schemas, deleted; PRIMARY KEY (subject, version))
//	configs(subject PRIMARY KEY, level)   -- subject '' is the global level
//
// Its methods use only built-in types so that a store module can satisfy it
// without importing this package. The Registry serializes its writes: an
// implementation needs no locking of its own beyond what concurrent reads of
// LoadRegistry require, and each write is one statement.
type RegistryStore interface {
	// LoadRegistry calls schema for every schemas row, version for every
	// subject_versions row and config for every configs row, in any order,
	// and returns the first error it meets. It runs once, when a Registry
	// starts.
	LoadRegistry(ctx context.Context,
		schema func(id int, text string),
		version func(subject string, version, schemaID int, deleted bool),
		config func(subject, level string),
	) error
	// SaveRegistrySchema inserts a schemas row. The Registry only saves new
	// ids and never changes a text; saving an existing (id, text) row again
	// must succeed without change, and an existing id with another text must
	// fail (catalog.ErrDuplicate).
	SaveRegistrySchema(ctx context.Context, id int, text string) error
	// SaveRegistryVersion inserts or replaces the subject_versions row of
	// (subject, version): a soft delete saves the row again with deleted set.
	SaveRegistryVersion(ctx context.Context, subject string, version, schemaID int, deleted bool) error
	// SaveRegistryConfig inserts or replaces the configs row of subject, or
	// deletes it when level is "". Levels are Confluent's names: NONE,
	// BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL,
	// FULL_TRANSITIVE.
	SaveRegistryConfig(ctx context.Context, subject, level string) error
}
