package migrations_test

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/migrations"
)

// Both dialects must know the same versions: one binary, one schema version.
func TestDialectsHaveTheSameVersions(t *testing.T) {
	versions := map[string][]string{}
	for _, d := range []string{migrations.Postgres, migrations.SQLite} {
		fsys, err := migrations.FS(d)
		if err != nil {
			t.Fatalf("FS(%q): %v", d, err)
		}
		names, err := fs.Glob(fsys, "*.sql")
		if err != nil || len(names) == 0 {
			t.Fatalf("FS(%q) has no .sql files (err %v)", d, err)
		}
		for _, name := range names {
			version, _, ok := strings.Cut(name, "_")
			if !ok {
				t.Errorf("%s/%s: want <version>_<name>.sql", d, name)
			}
			versions[d] = append(versions[d], version)
		}
	}
	if got, want := strings.Join(versions[migrations.SQLite], ","), strings.Join(versions[migrations.Postgres], ","); got != want {
		t.Errorf("sqlite versions %s, postgres versions %s: every migration needs both dialects", got, want)
	}
}

func TestFilesAreGooseFormat(t *testing.T) {
	up := regexp.MustCompile(`(?m)^-- \+goose Up$`)
	down := regexp.MustCompile(`(?m)^-- \+goose Down$`)
	for _, d := range []string{migrations.Postgres, migrations.SQLite} {
		fsys, err := migrations.FS(d)
		if err != nil {
			t.Fatal(err)
		}
		names, _ := fs.Glob(fsys, "*.sql")
		for _, name := range names {
			t.Run(path.Join(d, name), func(t *testing.T) {
				b, err := fs.ReadFile(fsys, name)
				if err != nil {
					t.Fatal(err)
				}
				if !up.Match(b) || !down.Match(b) {
					t.Errorf("want both -- +goose Up and -- +goose Down annotations")
				}
			})
		}
	}
}

func TestUnknownDialect(t *testing.T) {
	if _, err := migrations.FS("mysql"); err == nil {
		t.Fatal("FS(mysql) succeeded, want an error")
	}
}
