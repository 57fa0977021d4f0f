package schema

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Decoding limits. Record bytes come from the network: a garbled length
// prefix must fail the record, not allocate gigabytes.
const (
	maxStringBytes = 1 << 20 // longest string or bytes value
	maxArrayItems  = 1 << 16 // most elements of one array (variants, tags, options)
)

// Serde encodes and decodes topic records (catalog.ProductEvent,
// NormalizedProduct, PriceUpdate) in the Confluent wire format. Encode writes
// the id of the schema embedded in this binary; Decode reads any registered
// version of a record's subject that resolves to the embedded schema (Avro
// schema resolution: fields the reader lacks are skipped, fields the writer
// lacks take their defaults). A Serde is safe for concurrent use; Learn may
// run alongside Decode.
type Serde struct {
	api     avro.API
	serde   *sr.Serde
	records map[string]*recordReader // by full record name; fixed after construction
	client  RegistryClient           // where Learn fetches unknown ids; nil when it cannot
	readers sync.Pool                // of *avro.Reader configured with api
	writers sync.Pool                // of *avro.Writer configured with api
}

// recordReader is one embedded schema, the reader schema of its record.
type recordReader struct {
	def    definition
	schema avro.Schema
	text   string // canonical
}

// priorVersion is the value that ids of other schema versions are registered
// with in sr.Serde. sr.Serde maps each Go type to the one id Encode writes;
// registering catalog.ProductEvent{} for an older id would make Encode write
// the older id.
type priorVersion struct{}

// newSerde parses the embedded schemas; ids are bound by the caller.
func newSerde(client RegistryClient) (*Serde, error) {
	s := &Serde{
		api: avro.Config{
			TagKey:            "avro",
			MaxByteSliceSize:  maxStringBytes,
			MaxSliceAllocSize: maxArrayItems,
		}.Freeze(),
		serde:   sr.NewSerde(),
		records: make(map[string]*recordReader),
		client:  client,
	}
	s.readers.New = func() any { return avro.NewReader(nil, 0, avro.WithReaderConfig(s.api)) }
	s.writers.New = func() any { return avro.NewWriter(nil, 512, avro.WithWriterConfig(s.api)) }
	for _, d := range definitions() {
		sch, text, err := d.load()
		if err != nil {
			return nil, err
		}
		s.records[d.fullName] = &recordReader{def: d, schema: sch, text: text}
	}
	return s, nil
}

// bindCurrent makes id the schema Encode writes for r's record, and lets
// Decode read it.
func (s *Serde) bindCurrent(id int, r *recordReader) {
	zero := reflect.New(r.def.typ).Elem().Interface()
	s.serde.Register(id, zero,
		sr.AppendEncodeFn(func(b []byte, v any) ([]byte, error) {
			w := s.writers.Get().(*avro.Writer)
			defer s.writers.Put(w)
			w.Reset(nil)
			w.Error = nil
			w.WriteVal(r.schema, v)
			if w.Error != nil {
				return nil, fmt.Errorf("encode %s: %w", r.def.fullName, w.Error)
			}
			return append(b, w.Buffer()...), nil
		}),
		sr.DecodeFn(s.decodeFunc(id, r, r.schema)),
	)
}

// bindWriter lets Decode read records written with schema text under id, by
// resolving text (the writer schema) against the embedded reader schema of
// the same record. An error wraps catalog.ErrInvalid when the text is not a
// SkateStock record or cannot be resolved.
func (s *Serde) bindWriter(id int, text string) error {
	writer, err := parseSchema(text)
	if err != nil {
		return fmt.Errorf("%w schema id %d: %w", catalog.ErrInvalid, id, err)
	}
	named, ok := writer.(avro.NamedSchema)
	if !ok {
		return fmt.Errorf("%w schema id %d: a %s schema is not a SkateStock record", catalog.ErrInvalid, id, writer.Type())
	}
	r, ok := s.records[named.FullName()]
	if !ok {
		return fmt.Errorf("%w schema id %d: %s is not a SkateStock record", catalog.ErrInvalid, id, named.FullName())
	}
	// A fresh SchemaCompatibility each time: hamba caches verdicts by the
	// Parsing Canonical Form fingerprint, which ignores defaults, so a cached
	// verdict could belong to a different version.
	resolved, err := avro.NewSchemaCompatibility().Resolve(r.schema, writer)
	if err != nil {
		return fmt.Errorf("%w schema id %d: %s cannot read it: %w", catalog.ErrInvalid, id, r.def.fullName, err)
	}
	s.serde.Register(id, priorVersion{}, sr.DecodeFn(s.decodeFunc(id, r, resolved)))
	return nil
}

// decodeFunc decodes Avro written with schema id into a pointer to r's Go
// type, read through sch (the reader schema, or a resolved writer schema).
func (s *Serde) decodeFunc(id int, r *recordReader, sch avro.Schema) func([]byte, any) error {
	return func(b []byte, v any) error {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Type() != r.def.typ {
			return fmt.Errorf("%w record: schema id %d is a %s, which does not decode into %T",
				catalog.ErrInvalid, id, r.def.fullName, v)
		}
		// Start from zero: hamba adds decoded map entries to an existing
		// map, and a reused value would keep the previous record's options.
		rv.Elem().SetZero()
		if err := s.unmarshal(sch, b, v); err != nil {
			return fmt.Errorf("%w record: decode %s with schema id %d: %w", catalog.ErrInvalid, r.def.fullName, id, err)
		}
		return nil
	}
}

// unmarshal decodes b, which must hold exactly one value of sch, into v.
// It does not use avro.API.Unmarshal, which reports running out of bytes
// (io.EOF) as success: a record cut short at a field boundary would decode
// into zero values. Trailing bytes are refused too: no writer produces them,
// so they mean the bytes are not what the header says.
func (s *Serde) unmarshal(sch avro.Schema, b []byte, v any) error {
	r := s.readers.Get().(*avro.Reader)
	defer func() {
		r.Reset(nil) // do not keep the record alive in the pool
		s.readers.Put(r)
	}()
	r.Error = nil
	r.Reset(b)
	r.ReadVal(sch, v)
	switch {
	case errors.Is(r.Error, io.EOF):
		return io.ErrUnexpectedEOF
	case r.Error != nil:
		return r.Error
	}
	if r.Peek(); r.Error == nil {
		return errors.New("trailing bytes after the record")
	}
	return nil
}

// Encode returns v in the Confluent wire format with the id of the embedded
// schema. v is a catalog.ProductEvent, NormalizedProduct or PriceUpdate, or a
// pointer to one. ObservedAt-style times keep microseconds; finer precision is
// dropped.
func (s *Serde) Encode(v any) ([]byte, error) { return s.AppendEncode(nil, v) }

// AppendEncode appends the encoding of v to b, as Encode does.
func (s *Serde) AppendEncode(b []byte, v any) ([]byte, error) {
	switch p := v.(type) {
	case *catalog.ProductEvent:
		v = *p
	case *NormalizedProduct:
		v = *p
	case *PriceUpdate:
		v = *p
	}
	out, err := s.serde.AppendEncode(b, v)
	if errors.Is(err, sr.ErrNotRegistered) {
		return nil, fmt.Errorf("%w record: %T is not a SkateStock topic record", catalog.ErrInvalid, v)
	}
	return out, err
}

// Decode reads record value b into v, a pointer to the Go type of the
// record b holds. Every error wraps catalog.ErrInvalid: a missing or wrong
// header, a schema id this Serde has not learned (*UnknownSchemaError), a
// record of another type than v, or Avro that does not decode.
func (s *Serde) Decode(b []byte, v any) error {
	id, err := SchemaID(b)
	if err != nil {
		return err
	}
	err = s.serde.Decode(b, v)
	if errors.Is(err, sr.ErrNotRegistered) {
		return &UnknownSchemaError{ID: id}
	}
	return err
}
