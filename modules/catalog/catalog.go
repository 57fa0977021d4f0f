// Package catalog is the shared domain of SkateStock: shops, listings and their
// variants, money, availability and price observations, with the validation
// rules every module agrees on. It imports nothing but the standard library so
// that every other module can depend on it.
package catalog

import (
	"errors"
	"fmt"
)

// Sentinel errors shared by every module. Adapters (store, HTTP, Kafka) map
// their own errors onto these so callers can use errors.Is across boundaries.
var (
	// ErrNotFound means the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid means input broke a domain rule; the wrapping message names
	// the field and what is allowed.
	ErrInvalid = errors.New("invalid")
	// ErrDuplicate means a write collided with an existing unique key.
	ErrDuplicate = errors.New("duplicate")
)

// invalid builds an error that wraps ErrInvalid and names the offending field.
func invalid(field, format string, args ...any) error {
	return fmt.Errorf("%w %s: %s", ErrInvalid, field, fmt.Sprintf(format, args...))
}
