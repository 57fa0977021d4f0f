// Package postgres is the production store: store.Store and store.Migrator
// on Postgres through GORM and pgx. The queries and the price-history logic
// are shared with the sqlite package (internal/gormstore); this package
// opens the connection pool and supplies what is Postgres-specific: batches
// as arrays expanded by unnest, advisory locks, SQLSTATE mapping.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3/lock"
	gormpg "gorm.io/driver/postgres"

	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/internal/gormstore"
)

// Defaults applied by Open to zero Config fields.
const (
	DefaultMaxOpenConns   = 10
	DefaultConnectTimeout = 5 * time.Second
)

// Config says where the database is and how to reach it.
type Config struct {
	// URL is a libpq connection string or URL,
	// postgres://user:password@host:5432/db?sslmode=require.
	URL string
	// MaxOpenConns caps the pool; 0 means DefaultMaxOpenConns.
	MaxOpenConns int
	// ConnectTimeout bounds each connection attempt and the first ping;
	// 0 means DefaultConnectTimeout.
	ConnectTimeout time.Duration
}

// Validate reports a missing URL or a negative limit.
func (c Config) Validate() error {
	switch {
	case c.URL == "":
		return errors.New("postgres: URL is empty")
	case c.MaxOpenConns < 0:
		return fmt.Errorf("postgres: MaxOpenConns is %d, want 0 (default) or more", c.MaxOpenConns)
	case c.ConnectTimeout < 0:
		return fmt.Errorf("postgres: ConnectTimeout is %s, want 0 (default) or more", c.ConnectTimeout)
	}
	return nil
}

// Store is the Postgres store. Its methods are those of store.Store,
// store.Migrator and store.RegistryStore, documented there; it is safe for
// concurrent use.
type Store struct {
	*gormstore.Store
}

var (
	_ store.Store         = (*Store)(nil)
	_ store.Migrator      = (*Store)(nil)
	_ store.RegistryStore = (*Store)(nil)
)

// Open connects to the database of cfg.URL and checks it answers within
// cfg.ConnectTimeout. It does not migrate: see MigrateUp and CheckSchema.
// Errors name the server's host:port and never contain the password.
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
	maxConns := cfg.MaxOpenConns
	if maxConns == 0 {
		maxConns = DefaultMaxOpenConns
	}
	pgcfg, err := pgx.ParseConfig(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse URL: %w", redact(err, passwordOf(cfg.URL)))
	}
	pgcfg.ConnectTimeout = timeout
	addr := net.JoinHostPort(pgcfg.Host, strconv.Itoa(int(pgcfg.Port)))

	sqlDB := stdlib.OpenDB(*pgcfg)
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("postgres: connect to %s: %w", addr, redact(err, pgcfg.Password))
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("postgres: migration lock: %w", err)
	}
	db, err := gormstore.Open(gormpg.New(gormpg.Config{Conn: sqlDB}), log.With("module", "store", "db", "postgres"))
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s, err := gormstore.New(db, dialect{locker: locker})
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Store{Store: s}, nil
}

// passwordOf digs the password out of a URL that pgx could not parse, so
// that it can be kept out of the error.
func passwordOf(url string) string {
	rest, ok := strings.CutPrefix(url, "postgres://")
	if !ok {
		rest, ok = strings.CutPrefix(url, "postgresql://")
	}
	if !ok {
		return ""
	}
	userinfo, _, ok := strings.Cut(rest, "@")
	if !ok {
		return ""
	}
	_, pw, _ := strings.Cut(userinfo, ":")
	return pw
}

// redactedError hides a secret from an error's text. It answers errors.Is
// for the original chain (context.DeadlineExceeded, say) but does not
// unwrap to it, since that would hand the secret back.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string        { return e.msg }
func (e *redactedError) Is(target error) bool { return errors.Is(e.err, target) }

func redact(err error, secret string) error {
	if secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), secret, "xxxxx"), err: err}
}
