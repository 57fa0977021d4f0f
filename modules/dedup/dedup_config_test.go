package dedup_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dedup"
)

func TestDefaultConfig(t *testing.T) {
	cfg := dedup.DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v", err)
	}
	// The sizes documented on Config.
	bits, hashes := cfg.Geometry()
	if bits != 143_775_876 || hashes != 10 {
		t.Errorf("Geometry() = %d bits, %d hashes; the doc says 143,775,876 and 10", bits, hashes)
	}
	if bytes := (bits + 7) / 8; bytes != 17_971_985 {
		t.Errorf("default filter takes %d bytes; the doc says 17,971,985", bytes)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*dedup.Config)
		want   []string // every one must appear in the error
	}{
		{"items too few", func(c *dedup.Config) { c.ExpectedItems = 10 }, []string{"ExpectedItems = 10", "[1000, 10000000000]"}},
		{"items too many", func(c *dedup.Config) { c.ExpectedItems = 20_000_000_000 }, []string{"ExpectedItems = 20000000000"}},
		{"rate zero", func(c *dedup.Config) { c.FalsePositiveRate = 0 }, []string{"FalsePositiveRate = 0", "[1e-09, 0.5]"}},
		{"rate one", func(c *dedup.Config) { c.FalsePositiveRate = 1 }, []string{"FalsePositiveRate = 1,"}},
		{"rate NaN", func(c *dedup.Config) { c.FalsePositiveRate = math.NaN() }, []string{"FalsePositiveRate = NaN"}},
		{"too large", func(c *dedup.Config) { c.ExpectedItems, c.FalsePositiveRate = 10_000_000_000, 1e-9 }, []string{"ExpectedItems = 10000000000 with FalsePositiveRate = 1e-09", "16 GiB"}},
		{"prefix empty", func(c *dedup.Config) { c.KeyPrefix = "" }, []string{`KeyPrefix = ""`, "is empty"}},
		{"prefix space", func(c *dedup.Config) { c.KeyPrefix = "a b" }, []string{`KeyPrefix = "a b"`, "byte 1"}},
		{"prefix control", func(c *dedup.Config) { c.KeyPrefix = "a\x00" }, []string{"KeyPrefix", "control"}},
		{"prefix long", func(c *dedup.Config) { c.KeyPrefix = strings.Repeat("a", 201) }, []string{"201 bytes", "at most 200"}},
		{"timeout zero", func(c *dedup.Config) { c.Timeout = 0 }, []string{"Timeout = 0s", "[1ms, 1m0s]"}},
		{"timeout long", func(c *dedup.Config) { c.Timeout = time.Hour }, []string{"Timeout = 1h0m0s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := dedup.DefaultConfig()
			tt.change(&cfg)
			err := cfg.Validate()
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Validate() = %v, want an error wrapping catalog.ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
			if _, err := dedup.NewMemory(cfg); !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("NewMemory() = %v, want the validation error", err)
			}
		})
	}
}

func TestConfigValidateReportsEveryField(t *testing.T) {
	err := dedup.Config{}.Validate()
	for _, field := range []string{"ExpectedItems", "FalsePositiveRate", "KeyPrefix", "Timeout"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("Config{}.Validate() = %v, want it to name %s", err, field)
		}
	}
}
