package schema

import (
	"context"
	"fmt"
	"sync"

	"github.com/skatestock/skatestock/modules/catalog"
)

// MemoryStore is a RegistryStore that keeps its rows in memory: the embedded
// registry's store when no database is configured, and the store tests
// restart a Registry on. It is safe for concurrent use.
type MemoryStore struct {
	mu       sync.Mutex
	schemas  map[int]string
	versions map[memoryVersionKey]memoryVersionRow
	configs  map[string]string
}

type memoryVersionKey struct {
	subject string
	version int
}

type memoryVersionRow struct {
	schemaID int
	deleted  bool
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{
		schemas:  make(map[int]string),
		versions: make(map[memoryVersionKey]memoryVersionRow),
		configs:  make(map[string]string),
	}
}

// LoadRegistry implements RegistryStore.
func (m *MemoryStore) LoadRegistry(ctx context.Context,
	schema func(id int, text string),
	version func(subject string, version, schemaID int, deleted bool),
	config func(subject, level string),
) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, text := range m.schemas {
		schema(id, text)
	}
	for k, row := range m.versions {
		version(k.subject, k.version, row.schemaID, row.deleted)
	}
	for subject, level := range m.configs {
		config(subject, level)
	}
	return nil
}

// SaveRegistrySchema implements RegistryStore. Saving an id again with
// another text fails with catalog.ErrDuplicate.
func (m *MemoryStore) SaveRegistrySchema(ctx context.Context, id int, text string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.schemas[id]; ok && old != text {
		return fmt.Errorf("save registry schema %d: %w: it is stored with another text", id, catalog.ErrDuplicate)
	}
	m.schemas[id] = text
	return nil
}

// SaveRegistryVersion implements RegistryStore.
func (m *MemoryStore) SaveRegistryVersion(ctx context.Context, subject string, version, schemaID int, deleted bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.versions[memoryVersionKey{subject, version}] = memoryVersionRow{schemaID: schemaID, deleted: deleted}
	return nil
}

// SaveRegistryConfig implements RegistryStore.
func (m *MemoryStore) SaveRegistryConfig(ctx context.Context, subject, level string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if level == "" {
		delete(m.configs, subject)
	} else {
		m.configs[subject] = level
	}
	return nil
}
