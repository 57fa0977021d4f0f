package shops_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/shops"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*shops.Config)
		field  string // "" means valid
	}{
		{"zero config takes defaults", func(c *shops.Config) { *c = shops.Config{} }, ""},
		{"defaults", func(*shops.Config) {}, ""},
		{"ipv6 loopback", func(c *shops.Config) { c.Host = "::1" }, ""},
		{"localhost", func(c *shops.Config) { c.Host = "localhost" }, ""},
		{"all interfaces refused", func(c *shops.Config) { c.Host = "0.0.0.0" }, "shops.host"},
		{"LAN address refused", func(c *shops.Config) { c.Host = "192.168.1.10" }, "shops.host"},
		{"LAN address allowed", func(c *shops.Config) { c.Host, c.AllowNonLoopback = "192.168.1.10", true }, ""},
		{"negative base port", func(c *shops.Config) { c.BasePort = -1 }, "shops.base_port"},
		{"base port too high", func(c *shops.Config) { c.BasePort = 70000 }, "shops.base_port"},
		{"addr without port", func(c *shops.Config) { c.Addrs = map[string]string{"a": "127.0.0.1"} }, "shops.addrs.a"},
		{"addr on every interface", func(c *shops.Config) { c.Addrs = map[string]string{"a": ":8080"} }, "shops.addrs.a"},
		{"addr port out of range", func(c *shops.Config) { c.Addrs = map[string]string{"a": "127.0.0.1:99999"} }, "shops.addrs.a"},
		{"negative speed", func(c *shops.Config) { c.Speed = -1 }, "shops.speed"},
		{"NaN speed", func(c *shops.Config) { c.Speed = math.NaN() }, "shops.speed"},
		{"speed too high", func(c *shops.Config) { c.Speed = 2e6 }, "shops.speed"},
		{"negative shutdown timeout", func(c *shops.Config) { c.ShutdownTimeout = -time.Second }, "shops.shutdown_timeout"},
		{"fault for a bad slug", func(c *shops.Config) { c.Faults = map[string]shops.Faults{"Bad Slug": {}} }, "shops.faults"},
		{"unknown fault mode", func(c *shops.Config) {
			c.Faults = map[string]shops.Faults{"a": {Modes: []shops.FaultMode{"boom"}}}
		}, "shops.faults.a.modes"},
		{"burst longer than its period", func(c *shops.Config) {
			c.Faults = map[string]shops.Faults{"*": {BurstLength: 5, BurstPeriod: 2}}
		}, "shops.faults.*.burst_length"},
		{"retry-after not in seconds", func(c *shops.Config) {
			c.Faults = map[string]shops.Faults{"a": {RetryAfter: 1500 * time.Millisecond}}
		}, "shops.faults.a.retry_after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := shops.DefaultConfig()
			tt.mutate(&c)
			checkInvalid(t, c.Validate(), tt.field)
		})
	}
}

func TestParseFaults(t *testing.T) {
	all := "slow,429,5xx,malformed,html,truncated,huge,redirect,badprice"
	tests := []struct {
		in    string
		check func(shops.Faults) bool
		field string // error expected when set
	}{
		{"", func(f shops.Faults) bool { return len(f.Modes) == 0 && f.String() == "none" }, ""},
		{"none", func(f shops.Faults) bool { return len(f.Modes) == 0 }, ""},
		{all, func(f shops.Faults) bool { return reflect.DeepEqual(f.Modes, shops.FaultModes()) }, ""},
		{"slow:500ms", func(f shops.Faults) bool { return f.SlowDelay == 500*time.Millisecond }, ""},
		{"429:4", func(f shops.Faults) bool { return f.RateLimitEvery == 4 && f.RetryAfter == time.Second }, ""},
		{"5xx:2/7", func(f shops.Faults) bool { return f.BurstLength == 2 && f.BurstPeriod == 7 }, ""},
		{"5xx:4", func(f shops.Faults) bool { return f.BurstLength == 4 && f.BurstPeriod == 20 }, ""},
		{"redirect:shop.example:8443", func(f shops.Faults) bool { return f.RedirectHost == "shop.example:8443" }, ""},
		{"malformed:3, huge:3", func(f shops.Faults) bool { return f.Every == 3 && f.Has(shops.FaultHuge) }, ""},
		{"HTML", func(f shops.Faults) bool { return f.Has(shops.FaultHTML) && f.Every == 2 }, ""},
		{"boom", nil, "shops.faults.modes"},
		{"slow:fast", nil, "shops.faults.slow_delay"},
		{"429:0", nil, "shops.faults.rate_limit_every"},
		{"5xx:3/2", nil, "shops.faults.burst_length"},
		{"malformed:2,html:3", nil, "shops.faults.every"},
		{"badprice:1", nil, "shops.faults.badprice"},
		{"redirect:", nil, "shops.faults.redirect_host"},
		{"redirect:evil.example/path", nil, "shops.faults.redirect_host"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := shops.ParseFaults(tt.in)
			if tt.field != "" {
				checkInvalid(t, err, tt.field)
				return
			}
			if err != nil || !tt.check(f) {
				t.Fatalf("ParseFaults(%q) = %+v, %v", tt.in, f, err)
			}
			again, err := shops.ParseFaults(f.String())
			if err != nil || !reflect.DeepEqual(again, f) {
				t.Fatalf("String %q does not parse back: %+v, %v", f.String(), again, err)
			}
		})
	}
}

func TestParseFaultFlags(t *testing.T) {
	got, err := shops.ParseFaultFlags([]string{"ridgeline-skate-supply=slow,429", "*=5xx"})
	if err != nil {
		t.Fatal(err)
	}
	if !got["ridgeline-skate-supply"].Has(shops.FaultRateLimit) || !got["*"].Has(shops.FaultUnavailable) {
		t.Fatalf("ParseFaultFlags = %+v", got)
	}
	for _, bad := range [][]string{{"no-equals"}, {"Bad Slug=slow"}, {"a=boom"}, {"a=slow", "a=429"}} {
		if _, err := shops.ParseFaultFlags(bad); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("ParseFaultFlags(%q) error %v, want ErrInvalid", bad, err)
		}
	}
}

// TestNewChecksCatalog checks New refuses config naming shops the catalog
// lacks, and a missing catalog.
func TestNewChecksCatalog(t *testing.T) {
	g := newGenerator(t)
	tests := []struct {
		name   string
		mutate func(*shops.Config)
		field  string
	}{
		{"fault for an unknown shop", func(c *shops.Config) { c.Faults = map[string]shops.Faults{"nowhere": {}} }, "shops.faults"},
		{"address for an unknown shop", func(c *shops.Config) { c.Addrs = map[string]string{"nowhere": "127.0.0.1:0"} }, "shops.addrs"},
		{"base port leaves no room", func(c *shops.Config) { c.BasePort = 65534 }, "shops.base_port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(newFakeWall())
			tt.mutate(&cfg)
			_, err := shops.New(cfg, nil, g)
			checkInvalid(t, err, tt.field)
		})
	}
	if _, err := shops.New(shops.DefaultConfig(), nil, nil); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("New with a nil catalog: %v", err)
	}
}

func checkInvalid(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), field) {
		t.Fatalf("error %v, want ErrInvalid naming %s", err, field)
	}
}
