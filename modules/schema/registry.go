package schema

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

// Registry is an embedded Schema Registry serving the subset of the
// Confluent REST API that serializers, franz-go's sr.Client and registry UIs
// use, with Confluent's error shape ({"error_code": 40401, "message": ...})
// and content type:
//
//	POST   /subjects/{subject}/versions             register; the same schema returns its id
//	POST   /subjects/{subject}                      look a schema up in a subject
//	GET    /subjects[?deleted=true]
//	GET    /subjects/{subject}/versions
//	GET    /subjects/{subject}/versions/{version|latest|-1}[/schema]
//	DELETE /subjects/{subject}[/versions/{version}] soft delete only
//	GET    /schemas/ids/{id}[/schema|/versions|/subjects]
//	GET    /schemas/types, /mode, /mode/{subject}   AVRO; READWRITE
//	GET    /config[/{subject}], PUT /config[/{subject}], DELETE /config/{subject}
//	POST   /compatibility/subjects/{subject}/versions[/{version|latest}]
//
// Schema ids are global: one schema (canonicalized, so whitespace, key order
// and namespace spelling do not matter) has one id in every subject.
// Registration checks compatibility at the subject's level (BACKWARD unless
// configured) and refuses an incompatible schema with HTTP 409. Every change
// is written to the RegistryStore before it is visible, so a Registry started
// on the same store keeps its ids, versions and levels. It supports Avro
// without schema references, and no IMPORT mode. A Registry is safe for
// concurrent use; writes are serialized.
type Registry struct {
	log   *slog.Logger
	store RegistryStore
	mux   *http.ServeMux

	mu       sync.RWMutex
	schemas  map[int]*storedSchema
	byText   map[string]int                   // canonical text -> id
	subjects map[string][]subjectVersion      // versions ascending, deleted ones kept
	configs  map[string]sr.CompatibilityLevel // subject -> level; "" is the global level
	nextID   int
}

// storedSchema is one schemas row, parsed.
type storedSchema struct {
	id     int
	text   string // as stored: canonical JSON
	parsed avro.Schema
}

// subjectVersion is one subject_versions row.
type subjectVersion struct {
	version, id int
	deleted     bool
}

// defaultLevel is the compatibility level when none is configured, as in
// Confluent's registry.
const defaultLevel = sr.CompatBackward

// NewRegistry loads the registry kept in store and returns it ready to
// serve. It fails when the store cannot be read or holds rows that do not
// fit together (a version naming a missing schema, an unknown level).
func NewRegistry(ctx context.Context, store RegistryStore, log *slog.Logger) (*Registry, error) {
	if store == nil {
		return nil, errors.New("new registry: store is nil")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	reg := &Registry{
		log:      log.With("module", "schema"),
		store:    store,
		schemas:  make(map[int]*storedSchema),
		byText:   make(map[string]int),
		subjects: make(map[string][]subjectVersion),
		configs:  make(map[string]sr.CompatibilityLevel),
		nextID:   1,
	}
	if err := reg.load(ctx); err != nil {
		return nil, fmt.Errorf("new registry: %w", err)
	}
	reg.mux = reg.routes()
	return reg, nil
}

// ServeHTTP implements http.Handler.
func (reg *Registry) ServeHTTP(w http.ResponseWriter, r *http.Request) { reg.mux.ServeHTTP(w, r) }

// load fills reg from the store.
func (reg *Registry) load(ctx context.Context) error {
	type versionRow struct {
		subject string
		subjectVersion
	}
	texts := make(map[int]string)
	var versions []versionRow
	var firstErr error
	err := reg.store.LoadRegistry(ctx,
		func(id int, text string) { texts[id] = text },
		func(subject string, version, schemaID int, deleted bool) {
			versions = append(versions, versionRow{subject, subjectVersion{version: version, id: schemaID, deleted: deleted}})
		},
		func(subject, level string) {
			var l sr.CompatibilityLevel
			if err := l.UnmarshalText([]byte(level)); err != nil && firstErr == nil {
				firstErr = fmt.Errorf("config of subject %q: %w", subject, err)
			}
			reg.configs[subject] = l
		},
	)
	if err != nil {
		return fmt.Errorf("load registry: %w", err)
	}
	if firstErr != nil {
		return firstErr
	}
	for id, text := range texts {
		parsed, canonical, err := canonicalize(text)
		if err != nil {
			return fmt.Errorf("schema %d: %w", id, err)
		}
		reg.schemas[id] = &storedSchema{id: id, text: text, parsed: parsed}
		if other, dup := reg.byText[canonical]; !dup || id < other {
			reg.byText[canonical] = id // the oldest id wins, as it did when registered
		}
		reg.nextID = max(reg.nextID, id+1)
	}
	for _, v := range versions {
		if reg.schemas[v.id] == nil {
			return fmt.Errorf("subject %q version %d names schema %d, which is not stored", v.subject, v.version, v.id)
		}
		reg.subjects[v.subject] = append(reg.subjects[v.subject], v.subjectVersion)
	}
	for subject, vs := range reg.subjects {
		sortVersions(vs)
		reg.subjects[subject] = vs
	}
	return nil
}
