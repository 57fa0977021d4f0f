package cache_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/cache"
	"github.com/skatestock/skatestock/modules/catalog"
)

func TestConfigValidate(t *testing.T) {
	if err := cache.DefaultConfig().Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v", err)
	}
	tests := []struct {
		name   string
		change func(*cache.Config)
		want   []string // every one must appear in the error
	}{
		{"empty prefix", func(c *cache.Config) { c.Prefix = "" }, []string{`Prefix = ""`, "is empty"}},
		{"long prefix", func(c *cache.Config) { c.Prefix = strings.Repeat("p", 201) }, []string{"201 bytes long"}},
		{"prefix with space", func(c *cache.Config) { c.Prefix = "sk cache:" }, []string{"at byte 2"}},
		{"prefix with glob", func(c *cache.Config) { c.Prefix = "cache*:" }, []string{"at byte 5"}},
		{"timeout zero", func(c *cache.Config) { c.Timeout = 0 }, []string{"Timeout = 0s", "[1ms, 1m0s]"}},
		{"generation ttl", func(c *cache.Config) { c.GenerationTTL = time.Millisecond }, []string{"GenerationTTL = 1ms", "[10ms, 1h0m0s]"}},
		{"no entries", func(c *cache.Config) { c.MaxEntries = 0 }, []string{"MaxEntries = 0", "[1, 10000000]"}},
		{"everything", func(c *cache.Config) { *c = cache.Config{} }, []string{"Prefix", "Timeout", "GenerationTTL", "MaxEntries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := cache.DefaultConfig()
			tt.change(&cfg)
			err := cfg.Validate()
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Validate() = %v, want catalog.ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to mention %q", err, w)
				}
			}
		})
	}
}
