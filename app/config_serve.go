package app

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// httpConfig is how `skatestock serve` listens. Every http.Server timeout is
// set: a server without them can be held open by slow clients.
type httpConfig struct {
	Addr              string        `yaml:"addr"`
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout"`
	ReadTimeout       time.Duration `yaml:"read_timeout"`
	WriteTimeout      time.Duration `yaml:"write_timeout"`
	IdleTimeout       time.Duration `yaml:"idle_timeout"`
	RequestTimeout    time.Duration `yaml:"request_timeout"` // context deadline of one request's work
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout"`
	BodyLimit         int64         `yaml:"body_limit"` // bytes
	CORSOrigins       []string      `yaml:"cors_origins"`
	TrustedProxies    []string      `yaml:"trusted_proxies"` // CIDRs whose X-Forwarded-For is believed
	TLSCertFile       string        `yaml:"tls_cert_file"`
	TLSKeyFile        string        `yaml:"tls_key_file"`
}

// apiConfig is what the API serves and who may administer it.
type apiConfig struct {
	AdminKeys    []string      `yaml:"admin_keys" secret:"value"`
	DefaultLimit int           `yaml:"default_limit"`
	MaxLimit     int           `yaml:"max_limit"`
	CacheTTL     time.Duration `yaml:"cache_ttl"`
	// MaxScrapeAge is how old a shop's last successful scrape may be
	// before /readyz reports the scrapes part failing.
	MaxScrapeAge time.Duration `yaml:"max_scrape_age"`
}

// limitsConfig is the request rate allowed per client IP and per API key;
// a per-minute rate of 0 switches that limit off.
type limitsConfig struct {
	IPPerMinute  int `yaml:"ip_per_minute"`
	IPBurst      int `yaml:"ip_burst"`
	KeyPerMinute int `yaml:"key_per_minute"`
	KeyBurst     int `yaml:"key_burst"`
}

// Bounds of the serve settings.
const (
	maxReadHeaderTimeout = 10 * time.Second // the ceiling: a slowloris guard
	maxServerTimeout     = 10 * time.Minute
	minBodyLimit         = 1 << 10
	maxBodyLimit         = 64 << 20
	maxPageLimit         = 1000
	maxPerMinute         = 1_000_000
	minRedisTimeout      = 10 * time.Millisecond
	maxRedisTimeout      = 30 * time.Second
)

func defaultHTTPConfig() httpConfig {
	return httpConfig{
		Addr:              ":8080",
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		RequestTimeout:    10 * time.Second,
		ShutdownTimeout:   15 * time.Second,
		BodyLimit:         1 << 20,
	}
}

func defaultAPIConfig() apiConfig {
	return apiConfig{
		DefaultLimit: 24,
		MaxLimit:     100,
		CacheTTL:     time.Minute,
		MaxScrapeAge: 2 * time.Hour,
	}
}

func defaultLimitsConfig() limitsConfig {
	return limitsConfig{IPPerMinute: 600, IPBurst: 60, KeyPerMinute: 6000, KeyBurst: 300}
}

// validateServe checks the http.*, api.* and rate_limit.* keys.
func (c config) validateServe() error {
	h := c.HTTP
	if err := checkListenAddr(h.Addr); err != nil {
		return invalidValue("http.addr", h.Addr, err.Error())
	}
	durations := []struct {
		key       string
		value     time.Duration
		least, at time.Duration
	}{
		{"http.read_header_timeout", h.ReadHeaderTimeout, 100 * time.Millisecond, maxReadHeaderTimeout},
		{"http.read_timeout", h.ReadTimeout, 100 * time.Millisecond, maxServerTimeout},
		{"http.write_timeout", h.WriteTimeout, 100 * time.Millisecond, maxServerTimeout},
		{"http.idle_timeout", h.IdleTimeout, 100 * time.Millisecond, maxServerTimeout},
		{"http.request_timeout", h.RequestTimeout, 10 * time.Millisecond, maxServerTimeout},
		{"http.shutdown_timeout", h.ShutdownTimeout, 0, maxServerTimeout},
		{"api.cache_ttl", c.API.CacheTTL, time.Second, 24 * time.Hour},
		{"api.max_scrape_age", c.API.MaxScrapeAge, time.Minute, 30 * 24 * time.Hour},
		{"redis.timeout", c.Redis.Timeout, minRedisTimeout, maxRedisTimeout},
	}
	for _, d := range durations {
		if d.value < d.least || d.value > d.at {
			return invalidValue(d.key, d.value.String(),
				fmt.Sprintf("must be between %s and %s", shortDuration(d.least), shortDuration(d.at)))
		}
	}
	if h.RequestTimeout >= h.WriteTimeout {
		return invalidValue("http.request_timeout", h.RequestTimeout.String(),
			"must be shorter than http.write_timeout ("+shortDuration(h.WriteTimeout)+"), or a slow request's error could never be written")
	}
	if n := h.BodyLimit; n < minBodyLimit || n > maxBodyLimit {
		return invalidValue("http.body_limit", strconv.FormatInt(n, 10),
			fmt.Sprintf("must be between %d and %d bytes", minBodyLimit, maxBodyLimit))
	}
	for _, o := range h.CORSOrigins {
		if err := checkOrigin(o); err != nil {
			return invalidValue("http.cors_origins", o, err.Error())
		}
	}
	for _, p := range h.TrustedProxies {
		if _, _, err := net.ParseCIDR(p); err != nil {
			return invalidValue("http.trusted_proxies", p, "each must be a CIDR such as 10.0.0.0/8 or 127.0.0.1/32")
		}
	}
	if (h.TLSCertFile == "") != (h.TLSKeyFile == "") {
		return invalidValue("http.tls_cert_file", h.TLSCertFile, "http.tls_cert_file and http.tls_key_file must be set together")
	}
	for _, k := range c.API.AdminKeys {
		if len(k) < 16 {
			return invalidValue("api.admin_keys", k, "each key must be at least 16 characters long")
		}
	}
	if n := c.API.MaxLimit; n < 1 || n > maxPageLimit {
		return invalidValue("api.max_limit", strconv.Itoa(n), fmt.Sprintf("must be between 1 and %d", maxPageLimit))
	}
	if n := c.API.DefaultLimit; n < 1 || n > c.API.MaxLimit {
		return invalidValue("api.default_limit", strconv.Itoa(n), fmt.Sprintf("must be between 1 and api.max_limit (%d)", c.API.MaxLimit))
	}
	ints := []struct {
		key   string
		value int
		least int
	}{
		{"rate_limit.ip_per_minute", c.Limits.IPPerMinute, 0},
		{"rate_limit.ip_burst", c.Limits.IPBurst, 1},
		{"rate_limit.key_per_minute", c.Limits.KeyPerMinute, 0},
		{"rate_limit.key_burst", c.Limits.KeyBurst, 1},
	}
	for _, r := range ints {
		if r.value < r.least || r.value > maxPerMinute {
			return invalidValue(r.key, strconv.Itoa(r.value), fmt.Sprintf("must be between %d and %d", r.least, maxPerMinute))
		}
	}
	return nil
}

// checkListenAddr allows host:port or :port with a port in 0..65535 (0
// picks a free one).
func checkListenAddr(a string) error {
	_, port, err := net.SplitHostPort(a)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n < 0 || n > 65535 {
		return fmt.Errorf("must be host:port or :port with a port between 0 and 65535")
	}
	return nil
}

// checkOrigin allows "*" or a scheme://host[:port] origin without a path.
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.TrimSuffix(u.Path, "/") != "" || u.RawQuery != "" {
		return fmt.Errorf(`each must be "*" or an origin such as https://skatestock.example`)
	}
	return nil
}
