package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// MaxKeyLen is the longest key stored as given. Longer keys are replaced
// by hashedKeyMarker and their SHA-256, so that a query string of any
// length costs a bounded key in Redis and in memory.
const MaxKeyLen = 200

// hashedKeyMarker starts every hashed key. Keys that start with it are
// hashed whatever their length, so that no key given by a caller can be
// stored under the same name as the hash of another.
const hashedKeyMarker = "sha256:"

// storageKey returns the bounded name key is stored under. Two different
// keys share it only if SHA-256 collides.
func storageKey(key string) string {
	if len(key) <= MaxKeyLen && !strings.HasPrefix(key, hashedKeyMarker) {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return hashedKeyMarker + hex.EncodeToString(sum[:])
}
