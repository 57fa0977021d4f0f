package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/lake"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// scrapeConfig is what `skatestock scrape` reads from config: where the shops
// are listed and how persistently it fetches. Politeness (rate, concurrency,
// robots.txt) is per shop, in the shops file.
type scrapeConfig struct {
	ShopsFile      string        `yaml:"shops_file"`
	RequestTimeout time.Duration `yaml:"request_timeout"` // one attempt, dial to last byte
	MaxRetries     int           `yaml:"max_retries"`     // after a network error, timeout, 429 or 5xx
	BackoffBase    time.Duration `yaml:"backoff_base"`    // first retry's longest wait; doubles per retry
	Sink           string        `yaml:"sink"`            // sinkStore or sinkKafka
}

// Where a scrape sends what it read: straight into the store, or as
// product-events to Kafka for `skatestock consume`.
const (
	sinkStore = "store"
	sinkKafka = "kafka"
)

type lakeConfig struct {
	// URL may carry credentials (an s3:// URL with a key pair in it, or a
	// MinIO endpoint), so it is masked like the database URL.
	URL string `yaml:"url" secret:"url"` // "" means file://<data_dir>/lake
}

// defaultShopsFile is where the shops file is looked for, relative to the
// working directory: the repository root in development.
const defaultShopsFile = "configs/shops.yaml"

// The ranges fetch.Config.Validate allows for the settings app exposes.
// fetch does not export them; fetchConfig's result is validated by fetch
// too, so a range narrowed there still cannot slip through.
const (
	minRequestTimeout = 100 * time.Millisecond
	maxRequestTimeout = 10 * time.Minute
	maxMaxRetries     = 10
	minBackoffBase    = time.Millisecond
	maxBackoffBase    = time.Minute
)

// defaultScrapeConfig takes the fetch defaults, so the two cannot disagree.
func defaultScrapeConfig() scrapeConfig {
	fd := fetch.DefaultConfig()
	return scrapeConfig{
		ShopsFile:      defaultShopsFile,
		RequestTimeout: fd.Timeout,
		MaxRetries:     fd.MaxRetries,
		BackoffBase:    fd.BackoffBase,
		Sink:           sinkStore,
	}
}

// fetchConfig is the fetcher configuration every shop starts from: fetch's
// polite defaults with the scrape.* settings, the User-Agent of this build
// and contactURL from the shops file. The per-shop settings are applied by
// scrape.ShopConfig.FetchConfig.
func (c config) fetchConfig(contactURL string) fetch.Config {
	fc := fetch.DefaultConfig()
	fc.UserAgent = userAgent(version)
	fc.ContactURL = contactURL
	fc.Timeout = c.Scrape.RequestTimeout
	fc.ConnectTimeout = min(fc.ConnectTimeout, fc.Timeout)
	fc.MaxRetries = c.Scrape.MaxRetries
	fc.BackoffBase = c.Scrape.BackoffBase
	fc.BackoffMax = max(fc.BackoffMax, fc.BackoffBase)
	return fc
}

// userAgent is "SkateStockBot/<version>". The version is a stamped git
// describe in practice, but the header allows only token characters, so
// anything else becomes "-" rather than failing every fetch.
func userAgent(v string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("!#$%&'*+-.^_`|~", r):
			return r
		}
		return '-'
	}, v)
	if clean == "" {
		clean = "dev"
	}
	return fetch.DefaultProduct + "/" + clean
}

// lakeTarget is the lake to archive raw pages in: lake.url, or when that is
// empty the embedded default under the data directory.
func (c config) lakeTarget() (lake.Config, error) {
	if c.Lake.URL != "" {
		return lake.Config{URL: c.Lake.URL}, nil
	}
	return lake.DefaultConfig(c.DataDir)
}

// validateScrape checks the scrape.* and lake.* keys.
func (c config) validateScrape() error {
	s := c.Scrape
	if strings.TrimSpace(s.ShopsFile) == "" {
		return invalidValue("scrape.shops_file", s.ShopsFile, "must name the shops file, such as "+defaultShopsFile)
	}
	if d := s.RequestTimeout; d < minRequestTimeout || d > maxRequestTimeout {
		return invalidValue("scrape.request_timeout", d.String(), fmt.Sprintf("must be between %s and %s", minRequestTimeout, shortDuration(maxRequestTimeout)))
	}
	if n := s.MaxRetries; n < 0 || n > maxMaxRetries {
		return invalidValue("scrape.max_retries", strconv.Itoa(n), fmt.Sprintf("must be between 0 and %d", maxMaxRetries))
	}
	if d := s.BackoffBase; d < minBackoffBase || d > maxBackoffBase {
		return invalidValue("scrape.backoff_base", d.String(), fmt.Sprintf("must be between %s and %s", minBackoffBase, shortDuration(maxBackoffBase)))
	}
	if err := oneOf("scrape.sink", s.Sink, sinkStore, sinkKafka); err != nil {
		return err
	}
	// Whatever fetch adds to its own rules later; the contact URL is the
	// shops file's, checked when that is loaded.
	if err := c.fetchConfig("https://contact.invalid/").Validate(); err != nil {
		return usageErrorf("config: %w", err)
	}
	if c.Lake.URL != "" {
		if err := (lake.Config{URL: c.Lake.URL}).Validate(); err != nil {
			return usageErrorf("config: %w", err)
		}
	}
	return nil
}
