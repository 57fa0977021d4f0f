package postgres_test

import (
	"context"
	"database/sql"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/postgres"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

func open(t *testing.T, url string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), postgres.Config{URL: url}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func newSubject(t *testing.T) storetest.Subject {
	url := storetest.PostgresDatabase(t)
	s := open(t, url)
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	return storetest.Subject{
		Store: s, Migrator: s, Dialect: migrations.Postgres, SQL: raw,
		WithMigrations: func(fsys fs.FS) store.Migrator { return s.WithMigrations(fsys) },
	}
}

func TestContract(t *testing.T) {
	storetest.RequirePostgres(t)
	storetest.Run(t, newSubject)
}

func TestOpenUnreachable(t *testing.T) {
	const password = "s3cret-Passw0rd"
	ctx := context.Background()
	start := time.Now()
	_, err := postgres.Open(ctx, postgres.Config{
		URL:            "postgres://skater:" + password + "@127.0.0.1:1/skatestock?sslmode=disable",
		ConnectTimeout: 2 * time.Second,
	}, slog.New(slog.DiscardHandler))
	if err == nil {
		t.Fatal("Open succeeded on a closed port")
	}
	if !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("error %q does not name the server", err)
	}
	if strings.Contains(err.Error(), password) {
		t.Errorf("error %q contains the password", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Open took %s to fail", d)
	}
}

func TestOpenBadURL(t *testing.T) {
	tests := []struct{ name, url string }{
		{"empty", ""},
		{"garbage port", "postgres://skater:s3cret-Passw0rd@127.0.0.1:port/db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := postgres.Open(context.Background(), postgres.Config{URL: tt.url}, slog.New(slog.DiscardHandler))
			if err == nil {
				t.Fatal("Open succeeded")
			}
			if strings.Contains(err.Error(), "s3cret-Passw0rd") {
				t.Errorf("error %q contains the password", err)
			}
		})
	}
}

// wheelSubject is a migrated subject holding one shop with one listing of
// one variant: Brett Haus's Café Formula Four Wheels "w-54", variant "54".
func wheelSubject(t *testing.T) storetest.Subject {
	t.Helper()
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
	err = sub.Store.UpsertListings(ctx, []catalog.Listing{{ShopSlug: "brett-haus", ExternalID: "w-54",
		Title: "Café Formula Four Wheels", Brand: "Spitfire", Category: catalog.CategoryWheels,
		URL: "https://brett.example/p/w-54", Variants: []catalog.Variant{{ExternalID: "54"}}}})
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// Title search runs on a trigram index over search_text, which is folded
// for case and accents and matches whatever the word order.
func TestTrigramSearch(t *testing.T) {
	sub := wheelSubject(t)
	var id string
	err := sub.SQL.QueryRow(`SELECT external_id FROM listings WHERE search_text % $1`, "spitfire wheels formula cafe").Scan(&id)
	if err != nil || id != "w-54" {
		t.Errorf("trigram match = %q, %v; want w-54", id, err)
	}
	var indexed bool
	err = sub.SQL.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE tablename = 'listings'
		AND indexdef LIKE '%gin (search_text gin_trgm_ops)%')`).Scan(&indexed)
	if err != nil || !indexed {
		t.Errorf("no trigram index on listings.search_text (%v)", err)
	}
}
