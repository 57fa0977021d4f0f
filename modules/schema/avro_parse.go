package schema

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hamba/avro/v2"
)

// parseSchema parses Avro schema JSON. It uses a fresh name cache on every
// call: hamba's default cache is process-global, so a name defined by one
// schema (a registry client's, an older version's) would otherwise satisfy a
// bare reference in another, and differing versions of one named type would
// overwrite each other.
func parseSchema(text string) (avro.Schema, error) {
	if !json.Valid([]byte(text)) {
		// hamba would read non-JSON text as a bare type name ("string").
		return nil, errors.New("schema is not JSON")
	}
	s, err := avro.ParseWithCache(text, "", &avro.SchemaCache{})
	if err != nil {
		return nil, fmt.Errorf("parse avro schema: %w", err)
	}
	return s, nil
}

// canonicalText is the compact JSON of a parsed schema: whitespace, key order
// and namespace spelling are normalized, but docs, defaults, aliases and
// logical types stay. It is the schema's identity in the registry. hamba's
// String() is the Parsing Canonical Form, which drops defaults and logical
// types; identifying schemas by it would merge a version that adds a default
// with the one before it, and evolution depends on exactly those defaults.
func canonicalText(s avro.Schema) (string, error) {
	m, ok := s.(json.Marshaler)
	if !ok {
		return "", fmt.Errorf("schema type %s has no JSON form", s.Type())
	}
	b, err := m.MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("marshal avro schema: %w", err)
	}
	return string(b), nil
}

// canonicalize parses text and returns the parsed schema with its canonical
// text.
func canonicalize(text string) (avro.Schema, string, error) {
	s, err := parseSchema(text)
	if err != nil {
		return nil, "", err
	}
	c, err := canonicalText(s)
	if err != nil {
		return nil, "", err
	}
	return s, c, nil
}

// load reads, parses and canonicalizes d's embedded file.
func (d definition) load() (avro.Schema, string, error) {
	raw, err := avroFiles.ReadFile(d.file)
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", d.file, err)
	}
	s, text, err := canonicalize(string(raw))
	if err != nil {
		return nil, "", fmt.Errorf("load %s: %w", d.file, err)
	}
	return s, text, nil
}
