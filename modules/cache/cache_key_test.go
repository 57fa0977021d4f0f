package cache_test

import (
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/cache"
)

func TestStorageKey(t *testing.T) {
	long := strings.Repeat("a", cache.MaxKeyLen+1)
	hashedLong := cache.StorageKey(long)
	tests := []struct {
		key, want string
	}{
		{"", ""},
		{"/api/v1/deals?page=1", "/api/v1/deals?page=1"},
		{strings.Repeat("a", cache.MaxKeyLen), strings.Repeat("a", cache.MaxKeyLen)},
		// Pinned: a change would orphan every cached long key (harmless, but
		// it should be on purpose).
		{long, "sha256:a92efd82109373e58f9a2056dee01e807e216ce6075f7051207c0a9f7d666e50"},
		// A key shaped like a hashed one is hashed too, so cannot collide.
		{hashedLong, ""},
	}
	for _, tt := range tests {
		got := cache.StorageKey(tt.key)
		switch {
		case tt.key == hashedLong:
			if got == hashedLong || !strings.HasPrefix(got, "sha256:") {
				t.Errorf("StorageKey(%q) = %q; want another hash", tt.key, got)
			}
		case got != tt.want:
			t.Errorf("StorageKey(%.30q...) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
