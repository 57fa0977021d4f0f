package gormstore

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/skatestock/skatestock/modules/catalog"
)

// fail wraps err with the operation that failed and, when the database
// reported a constraint it recognises, with the matching catalog sentinel,
// so callers test errors.Is(err, catalog.ErrDuplicate) and still see the
// driver's message.
func (s *Store) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s: %w", op, catalog.ErrNotFound)
	}
	if errors.Is(err, catalog.ErrNotFound) || errors.Is(err, catalog.ErrInvalid) || errors.Is(err, catalog.ErrDuplicate) {
		return fmt.Errorf("%s: %w", op, err)
	}
	if sentinel := s.dialect.Classify(err); sentinel != nil {
		return fmt.Errorf("%s: %w: %w", op, sentinel, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}
