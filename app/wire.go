package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/skatestock/skatestock/modules/lake"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/postgres"
	"github.com/skatestock/skatestock/modules/store/sqlite"
)

// database is what app needs of a store: the repository, its migrations,
// the trend rollups and the cross-shop matches. Both implementations
// satisfy it.
type database interface {
	store.Store
	store.Migrator
	store.Rollups
	store.Matches
}

// Database kinds, chosen by URL scheme.
const (
	kindPostgres = "postgres"
	kindSQLite   = "sqlite"
)

// databaseTarget is a parsed database URL.
type databaseTarget struct {
	kind string // kindPostgres or kindSQLite
	url  string // the URL as given, for postgres
	path string // the file, for sqlite
}

const databaseURLForms = "must be a postgres:// or postgresql:// URL, sqlite:///absolute/path or sqlite://./relative/path"

// parseDatabaseURL picks the implementation by scheme. SQLite paths are
// either absolute (sqlite:///var/lib/x.db) or explicitly relative
// (sqlite://./data/x.db) so that a path is never mistaken for a host.
func parseDatabaseURL(raw string) (databaseTarget, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	switch {
	case !ok:
		return databaseTarget{}, errors.New(databaseURLForms)
	case scheme == "postgres" || scheme == "postgresql":
		if _, err := url.Parse(raw); err != nil {
			return databaseTarget{}, fmt.Errorf("is not a valid URL: %s", databaseURLForms)
		}
		return databaseTarget{kind: kindPostgres, url: raw}, nil
	case scheme == "sqlite":
		if strings.ContainsAny(rest, "?#") {
			return databaseTarget{}, errors.New("sqlite URLs take no query or fragment: " + databaseURLForms)
		}
		isPath := strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "./") || strings.HasPrefix(rest, "../")
		if !isPath || strings.HasSuffix(rest, "/") {
			return databaseTarget{}, errors.New("sqlite URLs name a file: " + databaseURLForms)
		}
		return databaseTarget{kind: kindSQLite, path: filepath.FromSlash(rest)}, nil
	default:
		return databaseTarget{}, errors.New(databaseURLForms)
	}
}

// openStore opens the database cfg names. It fails within
// database.connect_timeout when the server does not answer; the error names
// the host and never the password. The store tags its own log records with
// its module name.
func openStore(ctx context.Context, cfg config, log *slog.Logger) (database, error) {
	target, err := parseDatabaseURL(cfg.databaseURL())
	if err != nil {
		return nil, err // validate has already rejected this; kept for safety
	}
	switch target.kind {
	case kindPostgres:
		s, err := postgres.Open(ctx, postgres.Config{
			URL:            target.url,
			MaxOpenConns:   cfg.Database.MaxOpenConns,
			ConnectTimeout: cfg.Database.ConnectTimeout,
		}, log)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		return s, nil
	default:
		// The embedded database lives in a directory the user may not have
		// created yet (./data on a fresh clone).
		if err := os.MkdirAll(filepath.Dir(target.path), 0o755); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		s, err := sqlite.Open(ctx, sqlite.Config{
			Path:           target.path,
			ConnectTimeout: cfg.Database.ConnectTimeout,
		}, log)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		return s, nil
	}
}

// closeDatabase closes db and reports a close failure through *errp unless
// the command already failed, in which case the first error is the one worth
// showing and the close failure is logged.
func (c *cli) closeDatabase(db database, errp *error) {
	cerr := db.Close()
	switch {
	case cerr == nil:
	case *errp == nil:
		*errp = fmt.Errorf("close database: %w", cerr)
	default:
		c.log.Warn("close database failed", "module", "app", "error", cerr)
	}
}

// openLake opens the raw page archive cfg names: lake.url, or the embedded
// file:// lake under the data directory. Its errors already say "lake" and
// where; the URL in them is masked like every error's.
func openLake(ctx context.Context, cfg config, log *slog.Logger) (*lake.Lake, error) {
	lc, err := cfg.lakeTarget()
	if err != nil {
		return nil, err
	}
	return lake.Open(ctx, lc, log)
}

// closeLake closes l like closeDatabase closes the database.
func (c *cli) closeLake(l *lake.Lake, errp *error) {
	cerr := l.Close()
	switch {
	case cerr == nil:
	case *errp == nil:
		*errp = cerr // lake.Close says "close lake" itself
	default:
		c.log.Warn("close lake failed", "module", "app", "error", cerr)
	}
}
