package app

import (
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/seed"
)

// config is everything skatestock can be configured with. The yaml tags are
// the key names: the file, the SKATESTOCK_* environment variables and the
// printed config are all derived from them (configKeys), so a field added
// here is configurable everywhere at once. A `secret` tag marks values that
// are masked whenever config is printed or logged: "url" masks the password
// of a URL, "value" the whole value.
type config struct {
	Log      logConfig      `yaml:"log"`
	DataDir  string         `yaml:"data_dir"`
	Database databaseConfig `yaml:"database"`
	Redis    redisConfig    `yaml:"redis"`
	Kafka    kafkaConfig    `yaml:"kafka"`
	Registry registryConfig `yaml:"schema_registry"`
	Seed     seedConfig     `yaml:"seed"`
	Scrape   scrapeConfig   `yaml:"scrape"`
	Lake     lakeConfig     `yaml:"lake"`
	HTTP     httpConfig     `yaml:"http"`
	API      apiConfig      `yaml:"api"`
	Limits   limitsConfig   `yaml:"rate_limit"`
}

type logConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // auto, text, json
	File   string `yaml:"file"`   // append logs here instead of stderr; "" means stderr
}

type databaseConfig struct {
	URL            string        `yaml:"url" secret:"url"` // "" means sqlite://<data_dir>/skatestock.db
	MaxOpenConns   int           `yaml:"max_open_conns"`
	ConnectTimeout time.Duration `yaml:"connect_timeout"`
}

type redisConfig struct {
	URL     string        `yaml:"url" secret:"url"` // "" means in-memory
	Timeout time.Duration `yaml:"timeout"`          // bound of one call; past it callers fail open
}

type kafkaConfig struct {
	Brokers    []string        `yaml:"brokers"` // empty means the embedded broker
	SASL       kafkaSASLConfig `yaml:"sasl"`
	TLS        kafkaTLSConfig  `yaml:"tls"`
	InstanceID string          `yaml:"instance_id"` // stable per replica; "" means random
}

type kafkaSASLConfig struct {
	Mechanism string `yaml:"mechanism"` // "", PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
	Username  string `yaml:"username"`
	Password  string `yaml:"password" secret:"value"`
}

type kafkaTLSConfig struct {
	Enabled            bool   `yaml:"enabled"`
	CAFile             string `yaml:"ca_file"`
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify"`
}

type registryConfig struct {
	URL      string `yaml:"url" secret:"url"` // "" means the registry embedded in the process
	Username string `yaml:"username"`
	Password string `yaml:"password" secret:"value"`
}

type seedConfig struct {
	Shops    int    `yaml:"shops"`
	Products int    `yaml:"products"`
	Days     int    `yaml:"days"`
	PerDay   int    `yaml:"per_day"`
	RandSeed int64  `yaml:"rand_seed"`
	End      string `yaml:"end"` // "now" or an RFC 3339 time
}

// Limits of the settings app owns; the seed generator owns its own.
const (
	minOpenConns      = 1
	maxOpenConns      = 1000
	minConnectTimeout = 100 * time.Millisecond
	maxConnectTimeout = 2 * time.Minute
)

// defaultConfig returns the built-in defaults, the lowest layer of config.
// The seed defaults are the generator's own so the two cannot disagree.
func defaultConfig() config {
	sd := seed.DefaultConfig()
	return config{
		Log:     logConfig{Level: "info", Format: "auto"},
		DataDir: "./data",
		Database: databaseConfig{
			MaxOpenConns:   10,
			ConnectTimeout: 5 * time.Second,
		},
		Seed: seedConfig{
			Shops:    sd.Shops,
			Products: sd.Products,
			Days:     sd.Days,
			PerDay:   sd.PerDay,
			RandSeed: sd.RandSeed,
			End:      seedEndNow,
		},
		Redis:  redisConfig{Timeout: 100 * time.Millisecond},
		Scrape: defaultScrapeConfig(),
		HTTP:   defaultHTTPConfig(),
		API:    defaultAPIConfig(),
		Limits: defaultLimitsConfig(),
	}
}

// databaseURL is the database to use: database.url, or when that is empty
// the embedded SQLite file in the data directory.
func (c config) databaseURL() string {
	if c.Database.URL != "" {
		return c.Database.URL
	}
	return defaultSQLiteURL(c.DataDir)
}

// defaultSQLiteURL spells dir/skatestock.db in one of the two forms
// parseDatabaseURL accepts (sqlite:///abs or sqlite://./rel).
func defaultSQLiteURL(dir string) string {
	p := filepath.ToSlash(filepath.Join(dir, "skatestock.db"))
	if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "../") {
		p = "./" + p
	}
	return "sqlite://" + p
}

// seedEndNow is the seed.end value that ends history at the current hour.
const seedEndNow = "now"

// seedGeneratorConfig is the generator's config with the sizes from c.
// History ends at seed.end; "now" means the start of the current hour of
// now, so a demo shows today's prices while reruns within the hour repeat
// the same data exactly.
func (c config) seedGeneratorConfig(now time.Time) (seed.Config, error) {
	sc := seed.DefaultConfig()
	sc.Shops = c.Seed.Shops
	sc.Products = c.Seed.Products
	sc.Days = c.Seed.Days
	sc.PerDay = c.Seed.PerDay
	sc.RandSeed = c.Seed.RandSeed
	if c.Seed.End == seedEndNow {
		sc.End = now.UTC().Truncate(time.Hour)
		return sc, nil
	}
	end, err := time.Parse(time.RFC3339, c.Seed.End)
	if err != nil {
		return sc, invalidValue("seed.end", c.Seed.End, `must be "now" or an RFC 3339 time such as 2026-11-01T12:00:00Z`)
	}
	sc.End = end.UTC()
	return sc, nil
}

// logAttrs lists every key with its masked value, for the startup debug log.
func (c config) logAttrs() []any {
	keys := configKeys()
	attrs := make([]any, 0, len(keys)+1)
	for _, k := range keys {
		attrs = append(attrs, slog.String(k.name, k.display(&c)))
	}
	return append(attrs, slog.String("effective_database_url", maskURL(c.databaseURL())))
}
