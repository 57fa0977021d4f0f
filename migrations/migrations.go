// Package migrations embeds the numbered SQL migrations of the SkateStock
// database, one folder per dialect because Postgres and SQLite differ in types
// and in how title search is indexed. Files are in goose format
// (`-- +goose Up` / `-- +goose Down`) and are applied by the store's migrator,
// never by GORM AutoMigrate.
//
// Adding a migration means adding the next number to every dialect folder, in
// the same logical shape, so that one binary knows one schema version.
package migrations

import (
	"embed"
	"fmt"
	"io/fs"
)

// The dialects with a migrations folder.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// FS returns the migrations of dialect ("postgres" or "sqlite") with the
// numbered .sql files at its root, as goose expects them.
func FS(dialect string) (fs.FS, error) {
	switch dialect {
	case Postgres, SQLite:
		return fs.Sub(files, dialect)
	default:
		return nil, fmt.Errorf("migrations: unknown dialect %q (want %s or %s)", dialect, Postgres, SQLite)
	}
}
