package app

import (
	"context"
	"io"
	"log/slog"
	"testing"
)

// seededStore opens the database cfg names, migrates it and seeds it with
// cfg.Seed as `skatestock seed` does, and returns it with the quiet cli
// that seeded it. The store is closed when t ends.
func seededStore(t testing.TB, cfg config) (database, *cli) {
	t.Helper()
	ctx := context.Background()
	c := &cli{cfg: cfg, log: slog.New(slog.DiscardHandler), stdout: io.Discard, stderr: io.Discard}
	db, err := openStore(ctx, cfg, c.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.seedStore(ctx, db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return db, c
}
