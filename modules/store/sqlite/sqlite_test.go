package sqlite_test

import (
	"context"
	"database/sql"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/sqlite"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

func open(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), sqlite.Config{Path: path}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func subject(s *sqlite.Store, raw *sql.DB) storetest.Subject {
	return storetest.Subject{
		Store: s, Migrator: s, Dialect: migrations.SQLite, SQL: raw,
		WithMigrations: func(fsys fs.FS) store.Migrator { return s.WithMigrations(fsys) },
	}
}

func newSubject(t *testing.T) storetest.Subject {
	path := filepath.Join(t.TempDir(), "data", "skatestock.db")
	s := open(t, path)
	raw, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	return subject(s, raw)
}

func TestContract(t *testing.T) { storetest.Run(t, newSubject) }

func TestContractInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Subject { return subject(open(t, sqlite.Memory), nil) })
}

func TestOpenBadPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain-file")
	if err := os.WriteFile(file, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		want       []string // in the error
	}{
		{"directory is a file", filepath.Join(file, "sub", "skatestock.db"), []string{file, "not a directory"}},
		{"path is a directory", dir, []string{dir, "is a directory"}},
		{"file is not a database", garbage, []string{garbage, "not a database"}},
		{"empty path", "", []string{"Path is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sqlite.Open(context.Background(), sqlite.Config{Path: tt.path}, slog.New(slog.DiscardHandler))
			if err == nil {
				t.Fatal("Open succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// Title search runs on an FTS5 table that triggers keep in step with
// listings.search_text.
func TestFullTextSearch(t *testing.T) {
	sub := newSubject(t)
	ctx := context.Background()
	if _, err := sub.Migrator.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	err := sub.Store.UpsertShops(ctx, []catalog.Shop{{Slug: "brett-haus", Name: "Brett Haus",
		Platform: catalog.PlatformShopify, BaseURL: "https://brett.example", Currency: "EUR", Country: "DE"}})
	if err != nil {
		t.Fatal(err)
	}
	wheels := catalog.Listing{ShopSlug: "brett-haus", ExternalID: "w-54",
		Title: "Café Formula Four Wheels", Brand: "Spitfire", Category: catalog.CategoryWheels,
		URL: "https://brett.example/p/w-54", Variants: []catalog.Variant{{ExternalID: "54"}}}
	search := func(query string) []string {
		t.Helper()
		rows, err := sub.SQL.Query(`SELECT l.external_id FROM listings_fts f JOIN listings l ON l.id = f.rowid
			WHERE listings_fts MATCH $1 ORDER BY rank`, query)
		if err != nil {
			t.Fatalf("search %q: %v", query, err)
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	if err := sub.Store.UpsertListings(ctx, []catalog.Listing{wheels}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"cafe", "wheels spitfire formula", "form*"} {
		if got := search(q); len(got) != 1 || got[0] != "w-54" {
			t.Errorf("search %q = %v, want [w-54]", q, got)
		}
	}
	wheels.Title = "Conical Full Wheels"
	if err := sub.Store.UpsertListings(ctx, []catalog.Listing{wheels}); err != nil {
		t.Fatal(err)
	}
	if got := search("cafe"); len(got) != 0 {
		t.Errorf("old title still found: %v", got)
	}
	if got := search("conical"); len(got) != 1 {
		t.Errorf("new title not found: %v", got)
	}
}
