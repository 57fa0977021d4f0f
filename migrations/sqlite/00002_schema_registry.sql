-- The embedded Schema Registry's rows (schema.RegistryStore), in the same
-- logical shape as the Postgres migration; see there for why. Differences:
--   * the text itself is UNIQUE: SQLite has no index entry size limit (long
--     keys spill to overflow pages), so no hash is needed;
--   * deleted is INTEGER 0/1 and the tables are STRICT, as in 00001.

-- +goose Up
CREATE TABLE registry_schemas (
    id   INTEGER PRIMARY KEY,
    text TEXT    NOT NULL UNIQUE -- canonical Avro schema
) STRICT;

CREATE TABLE registry_subject_versions (
    subject   TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version > 0),
    schema_id INTEGER NOT NULL REFERENCES registry_schemas (id),
    deleted   INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), -- soft delete: the version keeps its number
    PRIMARY KEY (subject, version)
) STRICT, WITHOUT ROWID;

-- Subject '' holds the global compatibility level.
CREATE TABLE registry_configs (
    subject TEXT PRIMARY KEY,
    level   TEXT NOT NULL CHECK (level IN ('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD',
                                           'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'))
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE registry_configs;
DROP TABLE registry_subject_versions;
DROP TABLE registry_schemas;
