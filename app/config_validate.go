package app

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// validate checks every key of c in declaration order and returns the first
// problem as a one-line usageError: "config: key = value: what is allowed".
func (c config) validate() error {
	if err := oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error"); err != nil {
		return err
	}
	if err := oneOf("log.format", c.Log.Format, "auto", "text", "json"); err != nil {
		return err
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return invalidValue("data_dir", c.DataDir, "must name a directory")
	}
	if _, err := parseDatabaseURL(c.databaseURL()); err != nil {
		return invalidValue("database.url", c.databaseURL(), err.Error())
	}
	if n := c.Database.MaxOpenConns; n < minOpenConns || n > maxOpenConns {
		return invalidValue("database.max_open_conns", strconv.Itoa(n), fmt.Sprintf("must be between %d and %d", minOpenConns, maxOpenConns))
	}
	if d := c.Database.ConnectTimeout; d < minConnectTimeout || d > maxConnectTimeout {
		return invalidValue("database.connect_timeout", d.String(), fmt.Sprintf("must be between %s and %s", minConnectTimeout, shortDuration(maxConnectTimeout)))
	}
	if err := checkRedisURL(c.Redis.URL); err != nil {
		return invalidValue("redis.url", c.Redis.URL, err.Error())
	}
	for _, b := range c.Kafka.Brokers {
		if err := checkBroker(b); err != nil {
			return invalidValue("kafka.brokers", b, err.Error())
		}
	}
	if err := c.validateKafkaAuth(); err != nil {
		return err
	}
	if err := checkRegistryURL(c.Registry.URL); err != nil {
		return invalidValue("schema_registry.url", c.Registry.URL, err.Error())
	}
	if c.Registry.Password != "" && c.Registry.Username == "" {
		return invalidValue("schema_registry.password", c.Registry.Password, "needs schema_registry.username")
	}
	if (c.Registry.Username != "" || c.Registry.Password != "") && c.Registry.URL == "" {
		return invalidValue("schema_registry.username", c.Registry.Username, "needs schema_registry.url: the embedded registry takes no credentials")
	}
	if err := c.validateSeed(); err != nil {
		return err
	}
	if err := c.validateScrape(); err != nil {
		return err
	}
	return c.validateServe()
}

// validateKafkaAuth checks kafka.sasl.* and kafka.tls.*, which only mean
// something for configured brokers: the embedded one speaks plaintext.
func (c config) validateKafkaAuth() error {
	k := c.Kafka
	mechanisms := []string{bus.MechanismPlain, bus.MechanismSCRAMSHA256, bus.MechanismSCRAMSHA512}
	if m := k.SASL.Mechanism; m != "" && !slices.Contains(mechanisms, m) {
		return invalidValue("kafka.sasl.mechanism", m, "must be empty (no SASL) or one of "+strings.Join(mechanisms, ", "))
	}
	if k.SASL.Mechanism != "" && (k.SASL.Username == "" || k.SASL.Password == "") {
		return invalidValue("kafka.sasl.mechanism", k.SASL.Mechanism, "needs kafka.sasl.username and kafka.sasl.password")
	}
	if k.SASL.Mechanism == "" && (k.SASL.Username != "" || k.SASL.Password != "") {
		return invalidValue("kafka.sasl.username", k.SASL.Username, "needs kafka.sasl.mechanism")
	}
	if len(k.Brokers) == 0 && (k.SASL.Mechanism != "" || k.TLS.Enabled) {
		return invalidValue("kafka.brokers", "", "must be set when kafka.sasl or kafka.tls is: the embedded broker takes neither")
	}
	if !k.TLS.Enabled && (k.TLS.CAFile != "" || k.TLS.InsecureSkipVerify) {
		return invalidValue("kafka.tls.enabled", "false", "must be true when kafka.tls.ca_file or kafka.tls.insecure_skip_verify is set")
	}
	if id := k.InstanceID; id != "" && !catalog.ValidSlug(strings.ToLower(id)) {
		return invalidValue("kafka.instance_id", id, "must be letters, digits and dashes, such as a pod name")
	}
	return nil
}

func oneOf(key, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return invalidValue(key, value, "must be one of "+strings.Join(allowed, ", "))
}

// invalidValue is the usage error for key's value; the key comes from the
// key table so that secrets in the value are masked.
func invalidValue(key, value, allowed string) error {
	k, ok := lookupKey(key)
	if !ok {
		return usageErrorf("config: %s = %q: %s", key, value, allowed)
	}
	return k.invalid(value, allowed)
}

// checkRedisURL allows "" (in-memory) or a redis:// or rediss:// URL with a host.
func checkRedisURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		return fmt.Errorf("must be empty (in-memory) or a redis://host:port/db or rediss:// URL")
	}
	return nil
}

// checkRegistryURL allows "" (embedded) or an http(s) URL with a host.
func checkRegistryURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("must be empty (embedded) or an http:// or https:// URL")
	}
	return nil
}

// checkBroker allows host:port with a port in 1..65535.
func checkBroker(b string) error {
	host, port, err := net.SplitHostPort(b)
	n, perr := strconv.Atoi(port)
	if err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
		return fmt.Errorf("each broker must be host:port with a port between 1 and 65535")
	}
	return nil
}

// shortDuration prints 2m rather than time's 2m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// validateSeed checks the seed.* sizes against the generator's own limits,
// so they live in one place, then runs the generator's Validate for any rule
// it adds later.
func (c config) validateSeed() error {
	ranges := []struct {
		key         string
		value       int
		least, most int
	}{
		{"seed.shops", c.Seed.Shops, seed.MinShops, seed.MaxShops},
		{"seed.products", c.Seed.Products, seed.MinProducts, seed.MaxProducts},
		{"seed.days", c.Seed.Days, seed.MinDays, seed.MaxDays},
		{"seed.per_day", c.Seed.PerDay, seed.MinPerDay, seed.MaxPerDay},
	}
	for _, r := range ranges {
		if r.value < r.least || r.value > r.most {
			return invalidValue(r.key, strconv.Itoa(r.value), fmt.Sprintf("must be between %d and %d", r.least, r.most))
		}
	}
	sc, err := c.seedGeneratorConfig(time.Now())
	if err != nil {
		return err
	}
	if err := sc.Validate(); err != nil {
		return usageErrorf("config: %w", err)
	}
	return nil
}
