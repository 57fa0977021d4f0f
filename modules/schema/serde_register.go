package schema

import (
	"context"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Register registers every embedded schema under the value subject of its
// topic (ValueSubject) through client, and returns a Serde that encodes with
// the ids the registry returned and decodes those and every other live
// version of the subjects that resolves to the embedded schema. It is
// idempotent: registering an unchanged schema again returns its id and adds
// no version. A registry that refuses a schema as incompatible (HTTP 409)
// fails Register: the binary's records would break the subject's readers.
func Register(ctx context.Context, client RegistryClient, topics Topics) (*Serde, error) {
	if err := topics.Validate(); err != nil {
		return nil, err
	}
	s, err := newSerde(client)
	if err != nil {
		return nil, err
	}
	for _, d := range definitions() {
		r := s.records[d.fullName]
		subject := ValueSubject(d.topic(topics))
		id, err := client.RegisterSchema(ctx, subject, sr.Schema{Schema: r.text, Type: sr.TypeAvro}, -1, -1)
		if err != nil {
			return nil, fmt.Errorf("register %s under %s: %w", d.fullName, subject, err)
		}
		versions, err := client.Schemas(ctx, subject)
		if err != nil {
			return nil, fmt.Errorf("list versions of %s: %w", subject, err)
		}
		for _, v := range versions {
			if v.ID == id || v.Type != sr.TypeAvro {
				continue
			}
			// A version that does not resolve (registered under
			// compatibility NONE) stays unknown: its records go to the
			// dead-letter queue, naming the id.
			if err := s.bindWriter(v.ID, v.Schema.Schema); err != nil && !errors.Is(err, catalog.ErrInvalid) {
				return nil, err
			}
		}
		s.bindCurrent(id, r) // last, so that Encode writes this id
	}
	return s, nil
}

// Learn asks the registry for schema id, met in a record that Decode refused
// with *UnknownSchemaError, typically a version registered by a newer
// producer after this Serde was built. When the schema resolves to an
// embedded one, Decode reads id from then on. An error wrapping
// catalog.ErrInvalid is final (no such schema, not a SkateStock record, not
// resolvable): the record belongs in the dead-letter queue. Any other error
// is the registry being unreachable; retry rather than dropping the record.
// Learn is safe to call concurrently and does nothing for a known id.
func (s *Serde) Learn(ctx context.Context, id int) error {
	if s.serde.IsRegistered(id, sr.DecodeFn) {
		return nil
	}
	if s.client == nil {
		return &UnknownSchemaError{ID: id}
	}
	sch, err := s.client.SchemaByID(ctx, id)
	if err != nil {
		var re *sr.ResponseError
		if errors.As(err, &re) && re.ErrorCode == sr.ErrSchemaNotFound.Code {
			return fmt.Errorf("learn schema id %d: registry has none: %w", id, &UnknownSchemaError{ID: id})
		}
		return fmt.Errorf("learn schema id %d: %w", id, err)
	}
	if sch.Type != sr.TypeAvro {
		return fmt.Errorf("%w schema id %d: a %s schema, not Avro", catalog.ErrInvalid, id, sch.Type)
	}
	return s.bindWriter(id, sch.Schema)
}
