package gormstore

import (
	"fmt"
	"log/slog"

	"gorm.io/gorm"
)

// Open opens GORM over dialector with the settings every store uses: no
// implicit transactions (the store opens the ones it needs), no automatic
// ping (the caller pings with its own deadline), slow statements logged to
// log and nothing else.
func Open(dialector gorm.Dialector, log *slog.Logger) (*gorm.DB, error) {
	db, err := gorm.Open(dialector, &gorm.Config{
		SkipDefaultTransaction: true,
		DisableAutomaticPing:   true,
		Logger:                 gormLogger{log: log},
	})
	if err != nil {
		return nil, fmt.Errorf("open gorm: %w", err)
	}
	return db, nil
}
