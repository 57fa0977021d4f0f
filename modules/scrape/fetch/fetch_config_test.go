package fetch_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

func TestConfigValidate(t *testing.T) {
	valid := func() fetch.Config {
		cfg := fetch.DefaultConfig()
		cfg.ContactURL = testContact
		return cfg
	}
	tests := []struct {
		name   string
		mutate func(*fetch.Config)
		want   []string // substrings of the error; none means valid
	}{
		{"defaults with contact", func(*fetch.Config) {}, nil},
		{"versioned agent", func(c *fetch.Config) { c.UserAgent = "SkateStockBot/1.4.2-rc.1" }, nil},
		{"no retries, no redirects", func(c *fetch.Config) { c.MaxRetries, c.MaxRedirects = 0, 0 }, nil},
		{"defaults lack contact", func(c *fetch.Config) { c.ContactURL = "" }, []string{"ContactURL", `""`, "absolute http(s) URL"}},
		{"relative contact", func(c *fetch.Config) { c.ContactURL = "/about" }, []string{"ContactURL"}},
		{"mailto contact", func(c *fetch.Config) { c.ContactURL = "mailto:bot@skatestock.example" }, []string{"ContactURL"}},
		{"agent without version", func(c *fetch.Config) { c.UserAgent = "SkateStockBot" }, []string{"UserAgent", `"SkateStockBot"`}},
		{"agent with space", func(c *fetch.Config) { c.UserAgent = "Skate Stock/1.0" }, []string{"UserAgent"}},
		{"agent with digit in product", func(c *fetch.Config) { c.UserAgent = "Bot2/1.0" }, []string{"UserAgent"}},
		{"connect timeout zero", func(c *fetch.Config) { c.ConnectTimeout = 0 }, []string{"ConnectTimeout = 0s", "[10ms, 1m0s]"}},
		{"connect above total", func(c *fetch.Config) { c.ConnectTimeout, c.Timeout = 20*time.Second, 10*time.Second }, []string{"ConnectTimeout = 20s", "at most Timeout (10s)"}},
		{"timeout too long", func(c *fetch.Config) { c.Timeout = time.Hour }, []string{"Timeout = 1h0m0s", "[100ms, 10m0s]"}},
		{"body cap zero", func(c *fetch.Config) { c.MaxBodyBytes = 0 }, []string{"MaxBodyBytes = 0", "[1024, 1073741824]"}},
		{"redirects negative", func(c *fetch.Config) { c.MaxRedirects = -1 }, []string{"MaxRedirects = -1", "[0, 20]"}},
		{"retries too many", func(c *fetch.Config) { c.MaxRetries = 11 }, []string{"MaxRetries = 11", "[0, 10]"}},
		{"backoff base zero", func(c *fetch.Config) { c.BackoffBase = 0 }, []string{"BackoffBase = 0s"}},
		{"backoff max below base", func(c *fetch.Config) { c.BackoffBase, c.BackoffMax = 2*time.Second, time.Second }, []string{"BackoffMax = 1s", "at least BackoffBase (2s)"}},
		{"retry-after cap zero", func(c *fetch.Config) { c.MaxRetryAfter = 0 }, []string{"MaxRetryAfter = 0s", "[1s, 1h0m0s]"}},
		{"rate zero", func(c *fetch.Config) { c.RequestsPerSecond = 0 }, []string{"RequestsPerSecond = 0", "(0, 100]"}},
		{"rate NaN", func(c *fetch.Config) { c.RequestsPerSecond = math.NaN() }, []string{"RequestsPerSecond = NaN"}},
		{"rate too high", func(c *fetch.Config) { c.RequestsPerSecond = 1000 }, []string{"RequestsPerSecond = 1000"}},
		{"burst zero", func(c *fetch.Config) { c.Burst = 0 }, []string{"Burst = 0", "[1, 100]"}},
		{"concurrency zero", func(c *fetch.Config) { c.Concurrency = 0 }, []string{"Concurrency = 0", "[1, 64]"}},
		{"robots ttl above rfc", func(c *fetch.Config) { c.RobotsTTL = 48 * time.Hour }, []string{"RobotsTTL = 48h0m0s", "[1m0s, 24h0m0s]"}},
		{"every problem reported", func(c *fetch.Config) { c.Burst, c.Concurrency = 0, 0 }, []string{"Burst", "Concurrency"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid()
			tt.mutate(&cfg)
			err := cfg.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want error naming %v", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestDefaultConfigIsPolite(t *testing.T) {
	cfg := fetch.DefaultConfig()
	if cfg.IgnoreRobots || cfg.AllowLocal {
		t.Error("defaults must honour robots.txt and guard against SSRF")
	}
	if cfg.RequestsPerSecond != 1 || cfg.Concurrency != 2 || cfg.MaxBodyBytes != 10<<20 || cfg.MaxRetries != 4 {
		t.Errorf("defaults = %+v", cfg)
	}
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "ContactURL") {
		t.Errorf("defaults must require a ContactURL, Validate() = %v", err)
	}
}
