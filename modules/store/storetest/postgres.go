package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// The environment variables through which tests find a Postgres server.
const (
	// EnvPostgresURL is the URL of a server and a database to connect to
	// for creating test databases, such as
	// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
	EnvPostgresURL = "SKATESTOCK_TEST_POSTGRES_URL"
	// EnvRequireServices set to 1 turns a missing server from a skip into
	// a failure, so that CI cannot pass by testing nothing.
	EnvRequireServices = "SKATESTOCK_TEST_REQUIRE_SERVICES"
)

// RequirePostgres returns the URL of EnvPostgresURL. Without the variable
// it skips t, or fails it when EnvRequireServices is 1.
func RequirePostgres(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgresURL)
	if admin == "" {
		if os.Getenv(EnvRequireServices) == "1" {
			t.Fatalf("%s is not set and %s=1: Postgres tests cannot run", EnvPostgresURL, EnvRequireServices)
		}
		t.Skipf("%s is not set: skipping Postgres tests (set it to e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)", EnvPostgresURL)
	}
	return admin
}

// PostgresDatabase creates a database with a unique name on the server of
// EnvPostgresURL, returns its URL and drops it when t ends, so that tests
// and parallel runs never see each other's rows. Without the variable it
// skips or fails t as RequirePostgres does.
func PostgresDatabase(t testing.TB) string {
	t.Helper()
	admin := RequirePostgres(t)
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s must be a postgres:// URL", EnvPostgresURL)
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("open %s: %v", u.Redacted(), err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "skatestock_test_" + hex.EncodeToString(suffix)
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database %s on %s: %v", name, u.Redacted(), err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer db.Close()
		// FORCE ends connections a failed test may have left open.
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
