// Package sqlite is the embedded store: store.Store and store.Migrator on a
// single SQLite file through GORM and a pure-Go driver (no cgo), so that
// `skatestock demo` and the tests need nothing installed. The queries and
// the price-history logic are shared with the postgres package
// (internal/gormstore); this package opens the file and supplies what is
// SQLite-specific: batches as one JSON document expanded by json_each,
// immediate transactions instead of locks, extended result codes.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/glebarez/sqlite"

	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
)

// Memory is the Path of a private in-memory database. It lives as long as
// the Store and is served by a single connection, so concurrent callers
// take turns.
const Memory = ":memory:"

// DefaultConnectTimeout applies when Config.ConnectTimeout is zero.
const DefaultConnectTimeout = 5 * time.Second

// Config says which file holds the database.
type Config struct {
	// Path is the database file, created with its directory when missing,
	// or Memory.
	Path string
	// ConnectTimeout bounds opening the file and the first query; 0 means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration
}

// Validate reports an empty Path or one the driver cannot take.
func (c Config) Validate() error {
	switch {
	case c.Path == "":
		return errors.New("sqlite: Path is empty")
	case strings.ContainsRune(c.Path, '?'):
		return fmt.Errorf("sqlite: Path %q contains '?', which the driver reads as the start of options", c.Path)
	case c.ConnectTimeout < 0:
		return fmt.Errorf("sqlite: ConnectTimeout is %s, want 0 (default) or more", c.ConnectTimeout)
	}
	return nil
}

// Store is the SQLite store. Its methods are those of store.Store,
// store.Migrator and store.RegistryStore, documented there; it is safe for
// concurrent use. Readers run in parallel (WAL); writers take turns.
type Store struct {
	*gormstore.Store
}

var (
	_ store.Store         = (*Store)(nil)
	_ store.Migrator      = (*Store)(nil)
	_ store.RegistryStore = (*Store)(nil)
)

// options of every connection: WAL so readers do not block the writer,
// synchronous=NORMAL (durable at checkpoints, safe against corruption, the
// usual WAL pairing), foreign keys on (SQLite's default is off), a busy
// timeout long enough to wait out a large batch, a 32 MiB page cache per
// connection (the default 2 MiB is small next to a batch's working set), and
// BEGIN IMMEDIATE so that a transaction holds the write lock from its
// start: it can neither fail half-way on a lock upgrade nor read data that
// changes before it writes.
const options = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)&_pragma=cache_size(-32768)&_txlock=immediate"

// Open opens (creating if needed) the database at cfg.Path and checks it is
// a usable SQLite database. It does not migrate: see MigrateUp and
// CheckSchema.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	timeout := cfg.ConnectTimeout
	if timeout == 0 {
		timeout = DefaultConnectTimeout
	}
	memory := cfg.Path == Memory
	if !memory {
		if err := prepareFile(cfg.Path); err != nil {
			return nil, err
		}
	}
	sqlDB, err := sql.Open(sqlite.DriverName, cfg.Path+options)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", cfg.Path, err)
	}
	if memory {
		// Every connection to :memory: is a database of its own.
		sqlDB.SetMaxOpenConns(1)
		sqlDB.SetConnMaxIdleTime(0)
		sqlDB.SetConnMaxLifetime(0)
	} else {
		sqlDB.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	}
	if err := check(ctx, sqlDB, memory, timeout); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", cfg.Path, err)
	}
	db, err := gormstore.Open(&sqlite.Dialector{Conn: sqlDB}, log.With("module", "store", "db", "sqlite"))
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	s, err := gormstore.New(db, dialect{})
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return &Store{Store: s}, nil
}

// prepareFile creates the directory of path and checks the file can be
// opened for writing, so that a wrong path fails with the operating
// system's reason rather than SQLite's "unable to open database file".
func prepareFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("sqlite: create directory for %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("sqlite: open %s for writing: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlite: open %s for writing: %w", path, err)
	}
	return nil
}

// check reads the journal mode, which fails on a file that is not a
// database, and makes sure WAL took effect.
func check(ctx context.Context, db *sql.DB, memory bool, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if !memory && !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, want wal", mode)
	}
	return nil
}
