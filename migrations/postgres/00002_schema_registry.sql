-- The embedded Schema Registry's rows (schema.RegistryStore), so that schema
-- ids stay stable across restarts: consumers hold ids in every record they
-- read, and an id that changed meaning would decode data with the wrong
-- schema. Ids and versions are integer because the Confluent wire format
-- carries ids as 32 bits.

-- +goose Up
CREATE TABLE registry_schemas (
    id   integer PRIMARY KEY,
    text text    NOT NULL -- canonical Avro schema
);

-- One id per text. A B-tree entry must fit in a third of a page (about
-- 2.7 kB) and Avro schemas are often larger, so the index holds the text's
-- md5 instead of the text. md5 is no defence against crafted collisions,
-- but only the registry writes here, and a collision would refuse a
-- registration (a duplicate error), never merge two schemas.
CREATE UNIQUE INDEX registry_schemas_text_key ON registry_schemas (md5(text));

CREATE TABLE registry_subject_versions (
    subject   text    NOT NULL,
    version   integer NOT NULL CHECK (version > 0),
    schema_id integer NOT NULL REFERENCES registry_schemas (id),
    deleted   boolean NOT NULL DEFAULT false, -- soft delete: the version keeps its number
    PRIMARY KEY (subject, version)
);

-- Subject '' holds the global compatibility level.
CREATE TABLE registry_configs (
    subject text PRIMARY KEY,
    level   text NOT NULL CHECK (level IN ('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD',
                                           'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'))
);

-- +goose Down
DROP TABLE registry_configs;
DROP TABLE registry_subject_versions;
DROP TABLE registry_schemas;
