package gormstore

import (
	"context"
	"fmt"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The embedded Schema Registry's rows. They mirror the tables of
// migration 00002 and never leave this file: LoadRegistry hands their
// fields to the caller's functions.
type (
	registrySchemaRow struct {
		ID   int
		Text string
	}
	registryVersionRow struct {
		Subject  string
		Version  int
		SchemaID int
		Deleted  bool
	}
	registryConfigRow struct {
		Subject string
		Level   string
	}
)

func (registrySchemaRow) TableName() string  { return "registry_schemas" }
func (registryVersionRow) TableName() string { return "registry_subject_versions" }
func (registryConfigRow) TableName() string  { return "registry_configs" }

// LoadRegistry calls schema, version and config for every stored row, in
// key order, and returns the first error. It reads versions before schemas
// rather than opening a transaction (which on SQLite would take the write
// lock): schemas are never deleted and a version can only be saved after
// its schema, so every version read has its schema among those read after.
func (s *Store) LoadRegistry(ctx context.Context,
	schema func(id int, text string),
	version func(subject string, version, schemaID int, deleted bool),
	config func(subject, level string),
) error {
	db := s.db.WithContext(ctx)
	var configs []registryConfigRow
	if err := db.Order("subject").Find(&configs).Error; err != nil {
		return s.fail("load registry configs", err)
	}
	var versions []registryVersionRow
	if err := db.Order("subject, version").Find(&versions).Error; err != nil {
		return s.fail("load registry versions", err)
	}
	var schemas []registrySchemaRow
	if err := db.Order("id").Find(&schemas).Error; err != nil {
		return s.fail("load registry schemas", err)
	}
	for _, r := range schemas {
		schema(r.ID, r.Text)
	}
	for _, r := range versions {
		version(r.Subject, r.Version, r.SchemaID, r.Deleted)
	}
	for _, r := range configs {
		config(r.Subject, r.Level)
	}
	return nil
}

// SaveRegistrySchema inserts schema id with text. Saving the same id and
// text again succeeds without change, so a registry that retries after a
// lost reply is safe; another text under id, or text already stored under
// another id, fails with catalog.ErrDuplicate, since either would change
// what an id in a Kafka record decodes to.
func (s *Store) SaveRegistrySchema(ctx context.Context, id int, text string) error {
	op := fmt.Sprintf("save registry schema %d", id)
	// DO NOTHING, not a plain INSERT caught on its error: a conflict then
	// costs no server-side error (Postgres logs each one) and the check
	// below tells the harmless repeat from a real clash.
	res := s.db.WithContext(ctx).Exec(
		`INSERT INTO registry_schemas (id, text) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, text)
	if res.Error != nil {
		return s.fail(op, res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var same int64
	err := s.db.WithContext(ctx).Model(&registrySchemaRow{}).
		Where("id = ? AND text = ?", id, text).Count(&same).Error
	if err != nil {
		return s.fail(op, err)
	}
	if same == 0 {
		return s.fail(op, fmt.Errorf("%w: another text has this id, or this text another id", catalog.ErrDuplicate))
	}
	return nil
}

// SaveRegistryVersion inserts or replaces the row of (subject, version) in
// one statement; a soft delete saves it again with deleted set. schemaID
// must be stored (catalog.ErrNotFound otherwise).
func (s *Store) SaveRegistryVersion(ctx context.Context, subject string, version, schemaID int, deleted bool) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO registry_subject_versions (subject, version, schema_id, deleted)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (subject, version) DO UPDATE SET schema_id = excluded.schema_id, deleted = excluded.deleted`,
		subject, version, schemaID, deleted).Error
	return s.fail(fmt.Sprintf("save registry version %q %d", subject, version), err)
}

// SaveRegistryConfig inserts or replaces subject's compatibility level, or
// deletes it when level is "" (deleting a level never set succeeds).
// Subject "" is the global level. A level that is not one of Confluent's
// names fails with catalog.ErrInvalid.
func (s *Store) SaveRegistryConfig(ctx context.Context, subject, level string) error {
	op := fmt.Sprintf("save registry config %q", subject)
	db := s.db.WithContext(ctx)
	if level == "" {
		return s.fail(op, db.Exec(`DELETE FROM registry_configs WHERE subject = ?`, subject).Error)
	}
	err := db.Exec(`INSERT INTO registry_configs (subject, level) VALUES (?, ?)
		ON CONFLICT (subject) DO UPDATE SET level = excluded.level`, subject, level).Error
	return s.fail(op, err)
}
