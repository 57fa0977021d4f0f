package gormstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/pressly/goose/v3"

	"github.com/skatestock/skatestock/modules/store"
)

// MigrateUp applies every pending migration in version order, each in its
// own transaction, and returns the versions it applied. When one fails, the
// ones before it stay applied, the failing one leaves nothing behind, and
// the error names it. Postgres holds a session lock meanwhile, so two
// processes migrating at once take turns.
func (s *Store) MigrateUp(ctx context.Context) ([]int64, error) {
	p, err := s.provider()
	if err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	results, err := p.Up(ctx)
	var partial *goose.PartialError
	if errors.As(err, &partial) {
		results = partial.Applied
	}
	var applied []int64
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	if err != nil {
		return applied, fmt.Errorf("migrate up: %w", err)
	}
	return applied, nil
}

// MigrationStatus lists every migration this binary knows, oldest first,
// with when it was applied (zero when pending).
func (s *Store) MigrationStatus(ctx context.Context) ([]store.MigrationStatus, error) {
	p, err := s.provider()
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	statuses, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]store.MigrationStatus, len(statuses))
	for i, st := range statuses {
		_, name, _ := strings.Cut(path.Base(st.Source.Path), "_")
		out[i] = store.MigrationStatus{Version: st.Source.Version, Name: name}
		if st.State == goose.StateApplied {
			out[i].AppliedAt = st.AppliedAt.UTC()
		}
	}
	return out, nil
}

// CheckSchema returns nil when every migration this binary knows is applied
// and none newer is; otherwise an error wrapping store.ErrSchemaOutdated or
// store.ErrSchemaTooNew that names both versions. It does not wait for a
// migration running elsewhere (no lock is taken), but on a database never
// migrated it creates goose's version table, as every goose command does.
func (s *Store) CheckSchema(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return fmt.Errorf("check schema: %w", err)
	}
	current, known, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("check schema: %w", err)
	}
	if current > known {
		return fmt.Errorf("check schema: %w (database at version %d, this binary knows up to %d)",
			store.ErrSchemaTooNew, current, known)
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		// goose reports a migration skipped below the database's version
		// as an error, indistinguishable from a failure but by its text;
		// the status tells the two apart.
		statuses, serr := p.Status(ctx)
		if serr != nil {
			return fmt.Errorf("check schema: %w", errors.Join(err, serr))
		}
		for _, st := range statuses {
			pending = pending || st.State != goose.StateApplied
		}
		if !pending {
			return fmt.Errorf("check schema: %w", err)
		}
	}
	if pending {
		return fmt.Errorf("check schema: %w (database at version %d, this binary at %d)",
			store.ErrSchemaOutdated, current, known)
	}
	return nil
}

// WithMigrations returns a store over the same connections that migrates
// with fsys instead of the embedded migrations: for tests of the migrator
// itself and for tools that carry their own. The two share one pool:
// closing either closes both.
func (s *Store) WithMigrations(fsys fs.FS) *Store {
	c := *s
	c.migrations = fsys
	return &c
}

func (s *Store) provider() (*goose.Provider, error) {
	db, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	dialect, opts := s.dialect.Goose()
	opts = append(opts, goose.WithDisableGlobalRegistry(true))
	return goose.NewProvider(dialect, db, s.migrations, opts...)
}
