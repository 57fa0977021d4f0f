package app

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// loadFor parses args as the CLI would and loads the config for the command
// they name, with exactly env as environment.
func loadFor(t *testing.T, env []string, args ...string) (config, error) {
	t.Helper()
	root := newRootCmd(&cli{})
	cmd, rest, err := root.Find(args)
	if err != nil {
		t.Fatalf("find %q: %v", args, err)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Fatalf("parse %q: %v", args, err)
	}
	return loadConfig(cmd.Flags(), env)
}

func TestConfigPrecedence(t *testing.T) {
	def := defaultConfig()
	file := writeFile(t, "c.yaml", "database:\n  max_open_conns: 20\nseed:\n  shops: 7\ndata_dir: /from/file\n")
	other := writeFile(t, "other.yaml", "database:\n  max_open_conns: 25\n")
	tests := []struct {
		name      string
		env       []string
		args      []string
		wantConns int
		wantShops int
		wantURL   string
	}{
		{"defaults", nil, []string{"seed"}, def.Database.MaxOpenConns, def.Seed.Shops, "sqlite://./data/skatestock.db"},
		{"file over defaults", nil, []string{"seed", "--config", file}, 20, 7, "sqlite:///from/file/skatestock.db"},
		{"file from SKATESTOCK_CONFIG", []string{"SKATESTOCK_CONFIG=" + file}, []string{"seed"}, 20, 7, "sqlite:///from/file/skatestock.db"},
		{"--config over SKATESTOCK_CONFIG", []string{"SKATESTOCK_CONFIG=" + file}, []string{"seed", "--config", other}, 25, def.Seed.Shops, "sqlite://./data/skatestock.db"},
		{"env over file", []string{"SKATESTOCK_DATABASE_MAX_OPEN_CONNS=30", "SKATESTOCK_SEED_SHOPS=9", "SKATESTOCK_DATA_DIR=rel/dir"}, []string{"seed", "--config", file}, 30, 9, "sqlite://./rel/dir/skatestock.db"},
		{"flags over env", []string{"SKATESTOCK_SEED_SHOPS=9", "SKATESTOCK_DATA_DIR=/env"}, []string{"seed", "--config", file, "--shops", "11", "--data-dir", "/flag"}, 20, 11, "sqlite:///flag/skatestock.db"},
		{"database url over data dir", []string{"SKATESTOCK_DATABASE_URL=postgres://db.internal/skate"}, []string{"seed", "--data-dir", "/flag"}, def.Database.MaxOpenConns, def.Seed.Shops, "postgres://db.internal/skate"},
		{"flag database url over env", []string{"SKATESTOCK_DATABASE_URL=postgres://db.internal/skate"}, []string{"migrate", "up", "--database-url", "sqlite:///x.db"}, def.Database.MaxOpenConns, def.Seed.Shops, "sqlite:///x.db"},
		{"unchanged flags keep env", []string{"SKATESTOCK_SEED_SHOPS=9"}, []string{"seed", "--days", "3"}, def.Database.MaxOpenConns, 9, "sqlite://./data/skatestock.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadFor(t, tt.env, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if c.Database.MaxOpenConns != tt.wantConns || c.Seed.Shops != tt.wantShops || c.databaseURL() != tt.wantURL {
				t.Errorf("got max_open_conns %d, seed.shops %d, database url %s; want %d, %d, %s",
					c.Database.MaxOpenConns, c.Seed.Shops, c.databaseURL(), tt.wantConns, tt.wantShops, tt.wantURL)
			}
		})
	}
}

// TestEveryKeyFromEnvAndFile sets each key through the environment and
// through a file, so a key whose env name or parsing is broken cannot hide.
func TestEveryKeyFromEnvAndFile(t *testing.T) {
	values := map[string]string{
		"log.level": "warn", "log.format": "json", "log.file": "/var/log/skatestock.log", "data_dir": "/srv/skate",
		"database.url": "postgres://u:p4ssw0rd@db:5432/skate", "database.max_open_conns": "42",
		"database.connect_timeout": "1m30s", "redis.url": "rediss://:pw@cache:6380/1",
		"kafka.brokers": "k1:9092,k2:9093", "schema_registry.url": "https://u:pw@registry:8081",
		"scrape.sink": "kafka", "seed.shops": "6", "seed.products": "123",
		"seed.days": "12", "seed.per_day": "3", "seed.rand_seed": "99",
		"seed.end": "2026-11-01T12:00:00Z", "scrape.shops_file": "/etc/skatestock/shops.yaml",
		"scrape.request_timeout": "12s", "scrape.max_retries": "2", "scrape.backoff_base": "50ms",
		"lake.url":      "s3://skate-lake?region=eu-west-1&prefix=raw/",
		"redis.timeout": "75ms", "kafka.sasl.mechanism": "SCRAM-SHA-512", "kafka.sasl.username": "ingest",
		"kafka.sasl.password": "K4fkaSecret", "kafka.tls.enabled": "true", "kafka.tls.ca_file": "/etc/ssl/msk.pem",
		"kafka.tls.insecure_skip_verify": "true", "kafka.instance_id": "skatestock-ingest-0",
		"schema_registry.username": "sr-key", "schema_registry.password": "SrSecret",
		"http.addr": "127.0.0.1:9000", "http.read_header_timeout": "2s", "http.read_timeout": "20s",
		"http.write_timeout": "40s", "http.idle_timeout": "3m", "http.request_timeout": "7s",
		"http.shutdown_timeout": "20s", "http.body_limit": "65536",
		"http.cors_origins": "https://skatestock.example,http://localhost:3000", "http.trusted_proxies": "10.0.0.0/8",
		"http.tls_cert_file": "/etc/tls/cert.pem", "http.tls_key_file": "/etc/tls/key.pem",
		"api.admin_keys": "0123456789abcdef,fedcba9876543210", "api.default_limit": "10", "api.max_limit": "50",
		"api.cache_ttl": "30s", "api.max_scrape_age": "3h",
		"rate_limit.ip_per_minute": "120", "rate_limit.ip_burst": "20", "rate_limit.key_per_minute": "0",
		"rate_limit.key_burst": "5",
	}
	want := defaultConfig()
	var env []string
	for _, k := range configKeys() {
		v, ok := values[k.name]
		if !ok {
			t.Fatalf("key %s has no test value: add one", k.name)
		}
		if err := k.set(&want, v); err != nil {
			t.Fatal(err)
		}
		env = append(env, k.env+"="+v)
	}
	got, err := loadFor(t, env, "seed")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("from env:\n got %+v\nwant %+v", got, want)
	}
	if want.Kafka.Brokers[1] != "k2:9093" || want.Database.ConnectTimeout != 90*time.Second {
		t.Errorf("parsing: brokers %q, timeout %s", want.Kafka.Brokers, want.Database.ConnectTimeout)
	}

	yml, err := yaml.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err = loadFor(t, nil, "seed", "--config", writeFile(t, "all.yaml", string(yml)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("from file:\n got %+v\nwant %+v", got, want)
	}
}

// TestFlagBindings checks every bound flag names a real key, and the flags
// the documentation promises exist.
func TestFlagBindings(t *testing.T) {
	bound := make(map[string]string) // flag -> key
	var visit func(cmd *cobra.Command)
	visit = func(cmd *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{cmd.LocalFlags(), cmd.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if keys := f.Annotations[configKeyAnnotation]; len(keys) > 0 {
					if _, ok := lookupKey(keys[0]); !ok {
						t.Errorf("--%s is bound to unknown key %s", f.Name, keys[0])
					}
					bound[f.Name] = keys[0]
				}
			})
		}
		for _, sub := range cmd.Commands() {
			visit(sub)
		}
	}
	visit(newRootCmd(&cli{}))
	want := map[string]string{
		"log-level": "log.level", "log-format": "log.format", "data-dir": "data_dir", "database-url": "database.url",
		"shops": "seed.shops", "products": "seed.products", "days": "seed.days", "per-day": "seed.per_day", "rand-seed": "seed.rand_seed",
		"end": "seed.end", "shops-file": "scrape.shops_file", "request-timeout": "scrape.request_timeout",
		"max-retries": "scrape.max_retries", "backoff-base": "scrape.backoff_base",
		"kafka-brokers": "kafka.brokers", "schema-registry-url": "schema_registry.url", "sink": "scrape.sink",
		"http-addr": "http.addr",
	}
	if !reflect.DeepEqual(bound, want) {
		t.Errorf("bound flags %v, want %v", bound, want)
	}
}

func TestConfigErrors(t *testing.T) {
	unknownKey := writeFile(t, "unknown.yaml", "log:\n  level: info\ndatabase:\n  urll: postgres://x\n")
	unknownTop := writeFile(t, "top.yaml", "databse:\n  url: x\n")
	badType := writeFile(t, "type.yaml", "seed:\n  shops: ten\n")
	badYAML := writeFile(t, "bad.yaml", "log:\n  level: info\n    format: text\n")
	notMap := writeFile(t, "list.yaml", "- a\n- b\n")
	badSection := writeFile(t, "section.yaml", "database: postgres://x\n")
	tests := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"max_open_conns zero", []string{"SKATESTOCK_DATABASE_MAX_OPEN_CONNS=0"}, []string{"migrate", "up"},
			"config: database.max_open_conns = 0: must be between 1 and 1000"},
		{"max_open_conns too big", []string{"SKATESTOCK_DATABASE_MAX_OPEN_CONNS=1001"}, []string{"migrate", "up"},
			"config: database.max_open_conns = 1001: must be between 1 and 1000"},
		{"max_open_conns not a number", []string{"SKATESTOCK_DATABASE_MAX_OPEN_CONNS=lots"}, []string{"migrate", "up"},
			`config: database.max_open_conns = "lots": must be a whole number`},
		{"connect_timeout too short", []string{"SKATESTOCK_DATABASE_CONNECT_TIMEOUT=50ms"}, []string{"migrate", "up"},
			"config: database.connect_timeout = 50ms: must be between 100ms and 2m"},
		{"connect_timeout too long", []string{"SKATESTOCK_DATABASE_CONNECT_TIMEOUT=3m"}, []string{"migrate", "up"},
			"config: database.connect_timeout = 3m0s: must be between 100ms and 2m"},
		{"connect_timeout not a duration", []string{"SKATESTOCK_DATABASE_CONNECT_TIMEOUT=5"}, []string{"migrate", "up"},
			`config: database.connect_timeout = "5": must be a duration such as 500ms, 5s or 1m`},
		{"log level", nil, []string{"migrate", "up", "--log-level", "verbose"},
			`config: log.level = "verbose": must be one of debug, info, warn, error`},
		{"log format", []string{"SKATESTOCK_LOG_FORMAT=xml"}, []string{"migrate", "up"},
			`config: log.format = "xml": must be one of auto, text, json`},
		{"empty data dir", []string{"SKATESTOCK_DATA_DIR="}, []string{"migrate", "up"},
			`config: data_dir = "": must name a directory`},
		{"database scheme, password masked", nil, []string{"migrate", "up", "--database-url", "mysql://root:hunter22@db/x"},
			`config: database.url = "mysql://root:xxxxx@db/x": ` + databaseURLForms},
		{"sqlite relative without ./", nil, []string{"migrate", "up", "--database-url", "sqlite://data/x.db"},
			`config: database.url = "sqlite://data/x.db": sqlite URLs name a file: ` + databaseURLForms},
		{"redis scheme, password masked", []string{"SKATESTOCK_REDIS_URL=http://:hunter22@cache:6379"}, []string{"migrate", "up"},
			`config: redis.url = "http://:xxxxx@cache:6379": must be empty (in-memory) or a redis://host:port/db or rediss:// URL`},
		{"kafka broker without port", []string{"SKATESTOCK_KAFKA_BROKERS=k1:9092,k2"}, []string{"migrate", "up"},
			`config: kafka.brokers = "k2": each broker must be host:port with a port between 1 and 65535`},
		{"kafka broker port out of range", []string{"SKATESTOCK_KAFKA_BROKERS=k1:0"}, []string{"migrate", "up"},
			`config: kafka.brokers = "k1:0": each broker must be host:port with a port between 1 and 65535`},
		{"bool not a bool", []string{"SKATESTOCK_KAFKA_BROKERS=k1:9092", "SKATESTOCK_KAFKA_TLS_ENABLED=yes please"}, []string{"migrate", "up"},
			`config: kafka.tls.enabled = "yes please": must be true or false`},
		{"sasl mechanism", []string{"SKATESTOCK_KAFKA_BROKERS=k1:9092", "SKATESTOCK_KAFKA_SASL_MECHANISM=GSSAPI"}, []string{"migrate", "up"},
			`config: kafka.sasl.mechanism = "GSSAPI": must be empty (no SASL) or one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512`},
		{"sasl without password", []string{"SKATESTOCK_KAFKA_BROKERS=k1:9092", "SKATESTOCK_KAFKA_SASL_MECHANISM=PLAIN", "SKATESTOCK_KAFKA_SASL_USERNAME=u"}, []string{"migrate", "up"},
			`config: kafka.sasl.mechanism = "PLAIN": needs kafka.sasl.username and kafka.sasl.password`},
		{"tls with the embedded broker", []string{"SKATESTOCK_KAFKA_TLS_ENABLED=true"}, []string{"migrate", "up"},
			`config: kafka.brokers = "": must be set when kafka.sasl or kafka.tls is: the embedded broker takes neither`},
		{"registry password masked, needs user", []string{"SKATESTOCK_SCHEMA_REGISTRY_URL=http://sr:8081", "SKATESTOCK_SCHEMA_REGISTRY_PASSWORD=Hunter22Secret"}, []string{"migrate", "up"},
			`config: schema_registry.password = "xxxxx": needs schema_registry.username`},
		{"read header timeout ceiling", []string{"SKATESTOCK_HTTP_READ_HEADER_TIMEOUT=11s"}, []string{"migrate", "up"},
			"config: http.read_header_timeout = 11s: must be between 100ms and 10s"},
		{"request timeout within write timeout", []string{"SKATESTOCK_HTTP_REQUEST_TIMEOUT=30s"}, []string{"migrate", "up"},
			"config: http.request_timeout = 30s: must be shorter than http.write_timeout (30s), or a slow request's error could never be written"},
		{"listen address", []string{"SKATESTOCK_HTTP_ADDR=localhost"}, []string{"migrate", "up"},
			`config: http.addr = "localhost": must be host:port or :port with a port between 0 and 65535`},
		{"trusted proxy not a CIDR", []string{"SKATESTOCK_HTTP_TRUSTED_PROXIES=10.0.0.1"}, []string{"migrate", "up"},
			`config: http.trusted_proxies = "10.0.0.1": each must be a CIDR such as 10.0.0.0/8 or 127.0.0.1/32`},
		{"cors origin with a path", []string{"SKATESTOCK_HTTP_CORS_ORIGINS=https://a.example/app"}, []string{"migrate", "up"},
			`config: http.cors_origins = "https://a.example/app": each must be "*" or an origin such as https://skatestock.example`},
		{"short admin key masked", []string{"SKATESTOCK_API_ADMIN_KEYS=0123456789abcdef,sh0rt"}, []string{"migrate", "up"},
			`config: api.admin_keys = "xxxxx": each key must be at least 16 characters long`},
		{"default limit above max", []string{"SKATESTOCK_API_DEFAULT_LIMIT=200"}, []string{"migrate", "up"},
			"config: api.default_limit = 200: must be between 1 and api.max_limit (100)"},
		{"burst zero", []string{"SKATESTOCK_RATE_LIMIT_IP_BURST=0"}, []string{"migrate", "up"},
			"config: rate_limit.ip_burst = 0: must be between 1 and 1000000"},
		{"seed value not a number", []string{"SKATESTOCK_SEED_DAYS=2w"}, []string{"seed"},
			`config: seed.days = "2w": must be a whole number`},
		{"seed end not a time", nil, []string{"seed", "--end", "yesterday"},
			`config: seed.end = "yesterday": must be "now" or an RFC 3339 time such as 2026-11-01T12:00:00Z`},
		{"unknown env var", []string{"SKATESTOCK_DATABASE_URI=x"}, []string{"migrate", "up"},
			"config: environment variable SKATESTOCK_DATABASE_URI names no setting; settings are SKATESTOCK_ plus the config key in upper case with _ for . (such as SKATESTOCK_DATABASE_URL), see configs/skatestock.yaml"},
		{"unknown nested yaml key", nil, []string{"migrate", "up", "--config", unknownKey},
			"config: " + unknownKey + " line 4: unknown key database.urll (known keys: database.url, database.max_open_conns, database.connect_timeout)"},
		{"unknown top-level yaml key", nil, []string{"migrate", "up", "--config", unknownTop},
			"config: " + unknownTop + " line 1: unknown key databse (known keys: log, data_dir, database, redis, kafka, schema_registry, seed, scrape, lake, http, api, rate_limit)"},
		{"yaml type error names key", nil, []string{"migrate", "up", "--config", badType},
			"config: " + badType + ": line 2: seed.shops: cannot unmarshal !!str `ten` into int"},
		{"unparsable yaml", nil, []string{"migrate", "up", "--config", badYAML},
			"config: " + badYAML + ": line 3: mapping values are not allowed in this context"},
		{"yaml not a mapping", nil, []string{"migrate", "up", "--config", notMap},
			"config: " + notMap + " line 1: the file must be a mapping of keys"},
		{"yaml section not a mapping", nil, []string{"migrate", "up", "--config", badSection},
			"config: " + badSection + " line 1: database must be a mapping of keys"},
		{"missing config file", nil, []string{"migrate", "up", "--config", "/nonexistent/skatestock.yaml"},
			"config: read file: open /nonexistent/skatestock.yaml: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertOneLineError(t, runCLI(t, tt.env, tt.args...), exitUsage, tt.want)
		})
	}
}

func TestSeedRangeIsUsageError(t *testing.T) {
	for _, args := range [][]string{{"seed", "--products", "0"}, {"seed", "--shops", "-1"}, {"seed", "--days", "1101"}, {"seed", "--per-day", "0"}} {
		r := runCLI(t, nil, args...)
		if r.code != exitUsage || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "skatestock: config: ") {
			t.Errorf("%q: code %d, stderr %q; want exit 2 and one config line", args, r.code, r.stderr)
		}
	}
}

func TestTestEnvVarsAreAllowed(t *testing.T) {
	env := []string{"SKATESTOCK_TEST_POSTGRES_URL=postgres://x", "SKATESTOCK_TEST_ANYTHING=1", "OTHER_APP_URL=1"}
	if _, err := loadFor(t, env, "seed"); err != nil {
		t.Fatal(err)
	}
}

// TestExampleConfig keeps configs/skatestock.yaml honest: it loads clean,
// equals the defaults, and sets every key explicitly.
func TestExampleConfig(t *testing.T) {
	const path = "../configs/skatestock.yaml"
	got, err := loadFor(t, nil, "seed", "--config", path)
	if err != nil {
		t.Fatal(err)
	}
	want := defaultConfig()
	for _, k := range configKeys() {
		if g, w := k.display(&got), k.display(&want); g != w {
			t.Errorf("%s: example file says %q, default is %q", k.name, g, w)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	seen := make(map[int]string)
	if err := checkYAMLKeys(path, doc.Content[0], "", seen); err != nil {
		t.Fatal(err)
	}
	present := make(map[string]bool)
	for _, name := range seen {
		present[name] = true
	}
	for _, k := range configKeys() {
		if !present[k.name] {
			t.Errorf("%s is missing from %s: document it with its default", k.name, path)
		}
	}
}

func TestEnvNames(t *testing.T) {
	want := map[string]string{
		"database.url": "SKATESTOCK_DATABASE_URL", "data_dir": "SKATESTOCK_DATA_DIR",
		"redis.url": "SKATESTOCK_REDIS_URL", "kafka.brokers": "SKATESTOCK_KAFKA_BROKERS",
		"schema_registry.url": "SKATESTOCK_SCHEMA_REGISTRY_URL", "log.level": "SKATESTOCK_LOG_LEVEL", "database.max_open_conns": "SKATESTOCK_DATABASE_MAX_OPEN_CONNS",
		"seed.per_day": "SKATESTOCK_SEED_PER_DAY",
	}
	for _, k := range configKeys() {
		if w, ok := want[k.name]; ok && k.env != w {
			t.Errorf("%s: env %s, want %s", k.name, k.env, w)
		}
	}
}

func TestMaskURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://user:secret@host/db", "postgres://user:xxxxx@host/db"},
		{"postgres://user@host/db", "postgres://user@host/db"},
		{"redis://:secret@cache:6379/0", "redis://:xxxxx@cache:6379/0"},
		{"sqlite:///var/lib/x.db", "sqlite:///var/lib/x.db"},
		{`dial "postgres://u:p%40ss@h:1/d?sslmode=disable" failed`, `dial "postgres://u:xxxxx@h:1/d?sslmode=disable" failed`},
		{"a postgres://a:b@h x and redis://:c@r", "a postgres://a:xxxxx@h x and redis://:xxxxx@r"},
		{"no urls here: user:pass@host", "no urls here: user:pass@host"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := maskURL(tt.in); got != tt.want {
			t.Errorf("maskURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A future API key tagged secret:"value" is hidden whole.
	apiKey := configKey{name: "shops.api_key", secret: "value"}
	if got := apiKey.mask("sk_live_123"); got != maskedSecret {
		t.Errorf("value secret masked as %q", got)
	}
	if got := apiKey.mask(""); got != "" {
		t.Errorf("empty secret shown as %q, want empty so that 'not set' stays visible", got)
	}
}

// TestSecretsNeverLogged turns on debug logging of the effective config and
// checks no configured password appears in it, in either format.
func TestSecretsNeverLogged(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		var stderr bytes.Buffer
		c := &cli{stderr: &stderr, environ: []string{
			"SKATESTOCK_DATABASE_URL=postgres://skate:Sup3rSecret@db.internal:5432/skate",
			"SKATESTOCK_REDIS_URL=redis://:R3disSecret@cache:6379/0",
			"SKATESTOCK_KAFKA_BROKERS=k1:9092",
			"SKATESTOCK_KAFKA_SASL_MECHANISM=PLAIN", "SKATESTOCK_KAFKA_SASL_USERNAME=u", "SKATESTOCK_KAFKA_SASL_PASSWORD=K4fkaSecret",
			"SKATESTOCK_API_ADMIN_KEYS=AdminKeyOne-0123456789,AdminKeyTwo-0123456789",
		}}
		root := newRootCmd(c)
		cmd, _, _ := root.Find([]string{"seed"})
		if err := cmd.ParseFlags([]string{"--log-level", "debug", "--log-format", format}); err != nil {
			t.Fatal(err)
		}
		if err := c.setup(cmd.Flags()); err != nil {
			t.Fatal(err)
		}
		out := stderr.String()
		if !strings.Contains(out, "effective config") || !strings.Contains(out, "skate:xxxxx@db.internal") || !strings.Contains(out, ":xxxxx@cache") {
			t.Errorf("%s: debug log lacks the masked config:\n%s", format, out)
		}
		for _, secret := range []string{"Sup3rSecret", "R3disSecret", "K4fkaSecret", "AdminKeyOne", "AdminKeyTwo"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s: log contains %s:\n%s", format, secret, out)
			}
		}
		// Error text from a driver is scrubbed even when not URL-shaped.
		if got := c.redact("auth failed for password Sup3rSecret at db.internal"); strings.Contains(got, "Sup3rSecret") {
			t.Errorf("redact left the password in: %q", got)
		}
	}
}

func TestSeedEnd(t *testing.T) {
	now := time.Date(2026, 11, 24, 19, 42, 7, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		end  string
		want time.Time
	}{
		{"now", time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)},
		{"2026-11-01T12:30:00+02:00", time.Date(2026, 11, 1, 10, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.end, func(t *testing.T) {
			c := defaultConfig()
			c.Seed.End = tt.end
			sc, err := c.seedGeneratorConfig(now)
			if err != nil {
				t.Fatal(err)
			}
			if !sc.End.Equal(tt.want) || sc.End.Location() != time.UTC {
				t.Fatalf("End = %v, want %v in UTC", sc.End, tt.want)
			}
		})
	}
}
