package dedup_test

import (
	"encoding/hex"
	"testing"
)

// keyChange is one edit of a key's input that must give another key.
type keyChange[T any] struct {
	name   string
	change func(*T)
}

// assertKeysDiffer checks that the key of base() and the key after each
// change are all different from one another.
func assertKeysDiffer[T any](t *testing.T, base func() T, key func(T) []byte, changes []keyChange[T]) {
	t.Helper()
	seen := map[string]string{hex.EncodeToString(key(base())): "base"}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			v := base()
			c.change(&v)
			k := hex.EncodeToString(key(v))
			if other, dup := seen[k]; dup {
				t.Errorf("key %s equals the key of %s", k, other)
			}
			seen[k] = c.name
		})
	}
}
