// Package gormstore is the store.Store and store.Migrator implementation that
// Postgres and SQLite share. It holds the row structs, the converters, the
// queries and the price-history logic once; a Dialect supplies the little
// that differs (how a batch of rows becomes statement parameters, the name
// of GREATEST, locking, error codes). The postgres and sqlite packages open
// the connection, pick the dialect and embed *Store.
//
// Only this package and its two dialects import GORM.
package gormstore

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"gorm.io/gorm"

	"github.com/skatestock/skatestock/migrations"
	"github.com/skatestock/skatestock/modules/store"
)

// Store implements store.Store, store.Migrator and store.RegistryStore over
// a GORM connection. It is safe for concurrent use.
type Store struct {
	db         *gorm.DB
	dialect    Dialect
	migrations fs.FS
	now        func() time.Time
}

var (
	_ store.Store         = (*Store)(nil)
	_ store.Migrator      = (*Store)(nil)
	_ store.RegistryStore = (*Store)(nil)
)

// New returns a store over db, which must have been opened by Open. It does
// not touch the database.
func New(db *gorm.DB, d Dialect) (*Store, error) {
	fsys, err := migrations.FS(d.Name())
	if err != nil {
		return nil, err
	}
	return &Store{db: db, dialect: d, migrations: fsys, now: time.Now}, nil
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Close releases the connection pool. The store is unusable afterwards.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("close: %w", err)
	}
	if err := sqlDB.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

// Counts returns how many rows each table holds, read in one statement.
func (s *Store) Counts(ctx context.Context) (store.Counts, error) {
	var c struct {
		Shops, Listings, Variants, PricePoints int64
	}
	err := s.db.WithContext(ctx).Raw(`SELECT
		(SELECT COUNT(*) FROM shops) AS shops,
		(SELECT COUNT(*) FROM listings) AS listings,
		(SELECT COUNT(*) FROM variants) AS variants,
		(SELECT COUNT(*) FROM price_points) AS price_points`).Scan(&c).Error
	if err != nil {
		return store.Counts{}, s.fail("counts", err)
	}
	return store.Counts(c), nil
}

// clock is the store's time for created/updated columns, in stored precision.
func (s *Store) clock() time.Time { return at(s.now()) }
