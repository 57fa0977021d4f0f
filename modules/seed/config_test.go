package seed_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

func TestDefaultConfig(t *testing.T) {
	c := seed.DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v", err)
	}
	want := seed.Config{Shops: 5, Products: 5000, Days: 30, PerDay: 1, RandSeed: 1}
	if c != want {
		t.Errorf("DefaultConfig() = %+v, want %+v", c, want)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*seed.Config)
		wantErr string // "" means valid
	}{
		{"default", func(*seed.Config) {}, ""},
		{"smallest", func(c *seed.Config) { *c = seed.Config{Shops: 1, Products: 1, Days: 0, PerDay: 1} }, ""},
		{"largest", func(c *seed.Config) { *c = seed.Config{Shops: 50, Products: 200000, Days: 1100, PerDay: 48} }, ""},
		{"no shops", func(c *seed.Config) { c.Shops = 0 }, "invalid seed.shops: 0 is outside 1..50"},
		{"too many shops", func(c *seed.Config) { c.Shops = 51 }, "invalid seed.shops: 51 is outside 1..50"},
		{"no products", func(c *seed.Config) { c.Products = 0 }, "invalid seed.products: 0 is outside 1..200000"},
		{"too many products", func(c *seed.Config) { c.Products = 200001 }, "invalid seed.products: 200001 is outside 1..200000"},
		{"negative days", func(c *seed.Config) { c.Days = -1 }, "invalid seed.days: -1 is outside 0..1100"},
		{"too many days", func(c *seed.Config) { c.Days = 1101 }, "invalid seed.days: 1101 is outside 0..1100"},
		{"no scrapes", func(c *seed.Config) { c.PerDay = 0 }, "invalid seed.per_day: 0 is outside 1..48"},
		{"too many scrapes", func(c *seed.Config) { c.PerDay = 49 }, "invalid seed.per_day: 49 is outside 1..48"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := seed.DefaultConfig()
			tt.mutate(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Validate() = %v, want an error wrapping catalog.ErrInvalid", err)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("Validate() = %q, want %q", err, tt.wantErr)
			}
			if _, err := seed.New(c); !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New() error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
