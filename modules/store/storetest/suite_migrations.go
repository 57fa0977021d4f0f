package storetest

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/store"
)

func embedded(t *testing.T, dialect string) fs.FS {
	t.Helper()
	fsys, err := migrations.FS(dialect)
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// withExtra is the embedded migrations plus files.
func withExtra(t *testing.T, dialect string, files map[string]string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(embedded(t, dialect), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded(t, dialect), path)
		out[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		out[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return out
}

func testMigrations(t *testing.T, newSubject Factory) {
	ctx := context.Background()

	t.Run("fresh database is outdated", func(t *testing.T) {
		s := newSubject(t)
		if err := s.Migrator.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaOutdated) {
			t.Errorf("CheckSchema error %v, want ErrSchemaOutdated", err)
		}
	})

	t.Run("up, then up again, is current", func(t *testing.T) {
		s := newSubject(t)
		applied, err := s.Migrator.MigrateUp(ctx)
		if err != nil || len(applied) == 0 {
			t.Fatalf("MigrateUp = %v, %v; want every version", applied, err)
		}
		again, err := s.Migrator.MigrateUp(ctx)
		if err != nil || len(again) != 0 {
			t.Errorf("second MigrateUp = %v, %v; want nothing applied", again, err)
		}
		if err := s.Migrator.CheckSchema(ctx); err != nil {
			t.Errorf("CheckSchema after up: %v", err)
		}
	})

	t.Run("status lists every migration", func(t *testing.T) {
		s := newSubject(t)
		files, _ := fs.Glob(embedded(t, s.Dialect), "*.sql")
		before, err := s.Migrator.MigrationStatus(ctx)
		if err != nil || len(before) != len(files) {
			t.Fatalf("MigrationStatus = %v, %v; want %d pending", before, err, len(files))
		}
		for i, st := range before {
			if !st.AppliedAt.IsZero() || !strings.HasSuffix(files[i], "_"+st.Name) {
				t.Errorf("before up: %+v for file %s", st, files[i])
			}
		}
		if _, err := s.Migrator.MigrateUp(ctx); err != nil {
			t.Fatal(err)
		}
		after, err := s.Migrator.MigrationStatus(ctx)
		if err != nil || len(after) != len(files) {
			t.Fatalf("MigrationStatus = %v, %v", after, err)
		}
		for _, st := range after {
			if st.AppliedAt.IsZero() || st.Version == 0 {
				t.Errorf("after up: %+v, want applied", st)
			}
		}
	})

	t.Run("database newer than the binary", func(t *testing.T) {
		s := newSubject(t)
		future := withExtra(t, s.Dialect, map[string]string{
			"99999_from_the_future.sql": "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n",
		})
		if _, err := s.WithMigrations(future).MigrateUp(ctx); err != nil {
			t.Fatalf("MigrateUp with a future migration: %v", err)
		}
		err := s.Migrator.CheckSchema(ctx)
		if !errors.Is(err, store.ErrSchemaTooNew) || !strings.Contains(err.Error(), "99999") {
			t.Errorf("CheckSchema error %v, want ErrSchemaTooNew naming version 99999", err)
		}
	})

	t.Run("a migration skipped below the database's version is pending", func(t *testing.T) {
		s := newSubject(t)
		noop := &fstest.MapFile{Data: []byte("-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n")}
		without2 := fstest.MapFS{"00001_a.sql": noop, "00003_c.sql": noop}
		all := fstest.MapFS{"00001_a.sql": noop, "00002_b.sql": noop, "00003_c.sql": noop}
		if _, err := s.WithMigrations(without2).MigrateUp(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.WithMigrations(all).CheckSchema(ctx); !errors.Is(err, store.ErrSchemaOutdated) {
			t.Errorf("CheckSchema error %v, want ErrSchemaOutdated", err)
		}
	})

	t.Run("a failing migration leaves nothing half applied", func(t *testing.T) {
		s := newSubject(t)
		broken := fstest.MapFS{
			"00001_first.sql": {Data: []byte("-- +goose Up\nCREATE TABLE first_table (id integer);\n" +
				"-- +goose Down\nDROP TABLE first_table;\n")},
			"00002_broken.sql": {Data: []byte("-- +goose Up\nCREATE TABLE second_table (id integer);\n" +
				"INSERT INTO no_such_table VALUES (1);\n-- +goose Down\nDROP TABLE second_table;\n")},
		}
		m := s.WithMigrations(broken)
		applied, err := m.MigrateUp(ctx)
		if err == nil || len(applied) != 1 || applied[0] != 1 {
			t.Fatalf("MigrateUp = %v, %v; want version 1 applied and an error", applied, err)
		}
		if !strings.Contains(err.Error(), "2") {
			t.Errorf("error %q does not name the failing version", err)
		}
		if err := m.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaOutdated) {
			t.Errorf("CheckSchema error %v, want ErrSchemaOutdated", err)
		}
		status, err := m.MigrationStatus(ctx)
		if err != nil || len(status) != 2 || status[0].AppliedAt.IsZero() || !status[1].AppliedAt.IsZero() {
			t.Errorf("MigrationStatus = %+v, %v; want 1 applied, 2 pending", status, err)
		}
		if s.SQL != nil {
			if _, err := s.SQL.Exec("SELECT COUNT(*) FROM first_table"); err != nil {
				t.Errorf("first_table missing after its migration was applied: %v", err)
			}
			if _, err := s.SQL.Exec("SELECT COUNT(*) FROM second_table"); err == nil {
				t.Error("second_table exists: the failing migration was half applied")
			}
		}
	})
}
