package ratelimit_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/ratelimit"
)

func TestConfigValidate(t *testing.T) {
	if err := ratelimit.DefaultConfig().Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v", err)
	}
	tests := []struct {
		name   string
		change func(*ratelimit.Config)
		want   []string // every one must appear in the error
	}{
		{"empty prefix", func(c *ratelimit.Config) { c.Prefix = "" }, []string{`Prefix = ""`, "is empty"}},
		{"prefix with glob", func(c *ratelimit.Config) { c.Prefix = "rl?" }, []string{"at byte 2"}},
		{"rate zero", func(c *ratelimit.Config) { c.Rate = 0 }, []string{"Rate = 0,", "[0.001, 1e+06]"}},
		{"rate NaN", func(c *ratelimit.Config) { c.Rate = math.NaN() }, []string{"Rate = NaN"}},
		{"rate too high", func(c *ratelimit.Config) { c.Rate = 2e6 }, []string{"Rate = 2e+06"}},
		{"burst zero", func(c *ratelimit.Config) { c.Burst = 0 }, []string{"Burst = 0", "[1, 1000000]"}},
		{"timeout", func(c *ratelimit.Config) { c.Timeout = 0 }, []string{"Timeout = 0s"}},
		{"max keys", func(c *ratelimit.Config) { c.MaxKeys = 0 }, []string{"MaxKeys = 0"}},
		{"everything", func(c *ratelimit.Config) { *c = ratelimit.Config{} }, []string{"Prefix", "Rate", "Burst", "Timeout", "MaxKeys"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ratelimit.DefaultConfig()
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

// TestIntervalRounding pins how a rate becomes an emission interval: to the
// nearest microsecond, the same for Memory and the Lua script.
func TestIntervalRounding(t *testing.T) {
	for _, tt := range []struct {
		rate float64
		want int64
	}{{1, 1_000_000}, {3, 333_333}, {0.37, 2_702_703}, {1_000_000, 1}, {0.001, 1_000_000_000}} {
		cfg := ratelimit.DefaultConfig()
		cfg.Rate = tt.rate
		if got := ratelimit.IntervalOf(cfg); got != tt.want {
			t.Errorf("rate %g: interval %d µs, want %d", tt.rate, got, tt.want)
		}
	}
}
