package api

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Config is the HTTP API's configuration. App fills it from its config keys;
// a zero field takes the default DefaultConfig documents.
type Config struct {
	Addr string // listen address, ":8080"; "127.0.0.1:0" picks a free port

	// The http.Server timeouts. ReadHeaderTimeout is at most 10s: a slow
	// client must not hold a connection open sending headers.
	ReadHeaderTimeout time.Duration // 5s
	ReadTimeout       time.Duration // 15s
	WriteTimeout      time.Duration // 30s
	IdleTimeout       time.Duration // 120s
	// RequestTimeout bounds every API request's context, so a slow store
	// answers 504 instead of piling up requests. It must stay below
	// WriteTimeout for the client to see that answer.
	RequestTimeout  time.Duration // 10s
	ShutdownTimeout time.Duration // 15s: how long Run waits for in-flight requests
	MaxHeaderBytes  int           // 64 KiB
	BodyLimit       int64         // 1 MiB: larger request bodies get 413

	// CORSOrigins are the origins allowed to call the API from a browser
	// ("https://example.com" or "*"); none turns CORS off.
	CORSOrigins []string
	// TrustedProxies are the CIDRs of proxies whose X-Forwarded-For is
	// believed. With none, the client IP (rate limits, logs) is the TCP
	// peer and X-Forwarded-For is ignored.
	TrustedProxies []string
	// TLSCertFile and TLSKeyFile serve HTTPS when both are set, and only
	// then is HSTS sent (behind a TLS-terminating proxy, the proxy sends it).
	TLSCertFile, TLSKeyFile string

	// AdminKeys are the API keys accepted by /admin routes, each at least
	// 16 characters; none disables admin (401).
	AdminKeys []string

	CacheTTL time.Duration // 30s: how long a response stays in Deps.Cache
	// MaxAge is the Cache-Control max-age of cacheable responses. It stays
	// small: the server cache is invalidated when prices land, a browser's
	// is not; ETags make revalidation cheap.
	MaxAge time.Duration // 5s
	// LimiterTimeout bounds every rate limiter call; a limiter that does not
	// answer in time lets the request through (fail open).
	LimiterTimeout time.Duration // 100ms

	DefaultLimit int // 24: page size when limit is not given
	MaxLimit     int // 100: the largest limit accepted

	HistoryMaxPoints int           // 2000: most points per variant a history response holds
	HistoryMaxRange  time.Duration // 366 days: widest from..to range
	ReadyTimeout     time.Duration // 3s: how long /readyz waits for its probes
}

// DefaultConfig returns the configuration with every default filled in.
func DefaultConfig() Config {
	return Config{
		Addr:              ":8080",
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		RequestTimeout:    10 * time.Second,
		ShutdownTimeout:   15 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BodyLimit:         1 << 20,
		CacheTTL:          30 * time.Second,
		MaxAge:            5 * time.Second,
		LimiterTimeout:    100 * time.Millisecond,
		DefaultLimit:      24,
		MaxLimit:          100,
		HistoryMaxPoints:  2000,
		HistoryMaxRange:   366 * 24 * time.Hour,
		ReadyTimeout:      3 * time.Second,
	}
}

// withDefaults fills the zero fields of c from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	orDefault := func(v *time.Duration, def time.Duration) {
		if *v == 0 {
			*v = def
		}
	}
	if c.Addr == "" {
		c.Addr = d.Addr
	}
	orDefault(&c.ReadHeaderTimeout, d.ReadHeaderTimeout)
	orDefault(&c.ReadTimeout, d.ReadTimeout)
	orDefault(&c.WriteTimeout, d.WriteTimeout)
	orDefault(&c.IdleTimeout, d.IdleTimeout)
	orDefault(&c.RequestTimeout, d.RequestTimeout)
	orDefault(&c.ShutdownTimeout, d.ShutdownTimeout)
	orDefault(&c.CacheTTL, d.CacheTTL)
	orDefault(&c.MaxAge, d.MaxAge)
	orDefault(&c.LimiterTimeout, d.LimiterTimeout)
	orDefault(&c.HistoryMaxRange, d.HistoryMaxRange)
	orDefault(&c.ReadyTimeout, d.ReadyTimeout)
	if c.MaxHeaderBytes == 0 {
		c.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if c.BodyLimit == 0 {
		c.BodyLimit = d.BodyLimit
	}
	if c.DefaultLimit == 0 {
		c.DefaultLimit = d.DefaultLimit
	}
	if c.MaxLimit == 0 {
		c.MaxLimit = max(d.MaxLimit, c.DefaultLimit)
	}
	if c.HistoryMaxPoints == 0 {
		c.HistoryMaxPoints = d.HistoryMaxPoints
	}
	return c
}

// minAdminKeyLen keeps guessable keys out of the config.
const minAdminKeyLen = 16

// Validate checks c after defaults are applied and names every wrong field.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("api config %s: %s", field, fmt.Sprintf(format, args...)))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		bad("Addr", "%q is not host:port", c.Addr)
	}
	if c.ReadHeaderTimeout < 0 || c.ReadHeaderTimeout > 10*time.Second {
		bad("ReadHeaderTimeout", "%s must be between 0 and 10s", c.ReadHeaderTimeout)
	}
	for _, f := range []struct {
		name string
		v    time.Duration
	}{
		{"ReadTimeout", c.ReadTimeout}, {"WriteTimeout", c.WriteTimeout}, {"IdleTimeout", c.IdleTimeout},
		{"RequestTimeout", c.RequestTimeout}, {"ShutdownTimeout", c.ShutdownTimeout},
		{"CacheTTL", c.CacheTTL}, {"MaxAge", c.MaxAge},
		{"LimiterTimeout", c.LimiterTimeout},
		{"HistoryMaxRange", c.HistoryMaxRange}, {"ReadyTimeout", c.ReadyTimeout},
	} {
		if f.v < 0 {
			bad(f.name, "%s must not be negative", f.v)
		}
	}
	if c.RequestTimeout >= c.WriteTimeout {
		bad("RequestTimeout", "%s must be below WriteTimeout %s so clients see the timeout answer", c.RequestTimeout, c.WriteTimeout)
	}
	if c.MaxHeaderBytes < 4096 {
		bad("MaxHeaderBytes", "%d is below 4096", c.MaxHeaderBytes)
	}
	if c.BodyLimit < 0 {
		bad("BodyLimit", "%d must not be negative", c.BodyLimit)
	}
	if c.MaxLimit < 1 || c.MaxLimit > 1000 {
		bad("MaxLimit", "%d must be between 1 and 1000", c.MaxLimit)
	}
	if c.DefaultLimit < 1 || c.DefaultLimit > c.MaxLimit {
		bad("DefaultLimit", "%d must be between 1 and MaxLimit %d", c.DefaultLimit, c.MaxLimit)
	}
	if c.HistoryMaxPoints < 1 {
		bad("HistoryMaxPoints", "%d must be at least 1", c.HistoryMaxPoints)
	}
	for _, o := range c.CORSOrigins {
		if err := checkOrigin(o); err != nil {
			bad("CORSOrigins", "%v", err)
		}
	}
	if _, err := parseCIDRs(c.TrustedProxies); err != nil {
		bad("TrustedProxies", "%v", err)
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		bad("TLSCertFile", "TLSCertFile and TLSKeyFile must be set together")
	}
	for i, k := range c.AdminKeys {
		// The key itself never appears in an error: errors get logged.
		if len(k) < minAdminKeyLen || strings.TrimSpace(k) != k {
			bad("AdminKeys", "key #%d must be at least %d characters without surrounding spaces", i+1, minAdminKeyLen)
		}
	}
	return errors.Join(errs...)
}

// checkOrigin accepts "*" or a scheme://host[:port] origin without a path.
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("%q is not an origin such as https://example.com or *", o)
	}
	return nil
}

func parseCIDRs(cidrs []string) ([]*net.IPNet, error) {
	out := make([]*net.IPNet, 0, len(cidrs))
	for _, s := range cidrs {
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			if ip := net.ParseIP(s); ip != nil {
				bits := 8 * len(ip.To16())
				if ip.To4() != nil {
					ip, bits = ip.To4(), 32
				}
				n = &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}
			} else {
				return nil, fmt.Errorf("%q is not a CIDR such as 10.0.0.0/8 or an IP", s)
			}
		}
		out = append(out, n)
	}
	return out, nil
}
