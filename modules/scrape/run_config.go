package scrape

import (
	"errors"
	"fmt"
	"time"
)

// Config bounds what one scrape run may do. Start from DefaultConfig; zero
// values are not replaced by defaults (MemoEntries 0 turns conditional
// requests off, StartJitter 0 starts every shop at once).
type Config struct {
	// BatchSize is how many observations a run collects before handing a
	// Batch to the Sink; the last batch of a run may be smaller. One page's
	// listings and observations always travel together, so a batch can be
	// larger by up to one page.
	BatchSize int
	// MaxListingPages bounds the pagination of Shopify and WooCommerce
	// listings per run (250 and 100 products a page). Reaching it ends the
	// walk and marks the run incomplete; it guards against a shop that
	// never serves an empty page.
	MaxListingPages int
	// MaxRequestsPerRun bounds every request of a run: listing pages,
	// variations, sitemaps and product pages. At most 99999, the lake's
	// largest page number within a run.
	MaxRequestsPerRun int
	// MaxSitemaps bounds the sitemap documents a jsonld run reads, index
	// files included; nested indexes are followed 3 levels deep at most.
	MaxSitemaps int
	// MaxConsecutiveFailures ends a run's crawl after that many pages in a
	// row failed: the shop is down or blocking us, and hammering it through
	// the rest of its catalog helps nobody. The run keeps what it read.
	MaxConsecutiveFailures int
	// MemoEntries is how many parsed pages the Runner remembers (with their
	// validators) to reuse on a 304, over all shops. Memory grows with it:
	// a Shopify page of 250 products is a few hundred KB parsed, a product
	// page a few KB.
	MemoEntries int
	// StartJitter is the longest Run waits before a shop's first run, picked
	// at random per shop (and never longer than the shop's schedule), so
	// that shops do not all start in the same second.
	StartJitter time.Duration
}

// DefaultConfig returns batches of 500 observations, 400 listing pages
// (100,000 Shopify products), 20,000 requests and 50 sitemaps per run, a
// stop after 5 failed pages in a row, 20,000 remembered pages and up to a
// minute of start jitter.
func DefaultConfig() Config {
	return Config{
		BatchSize:              500,
		MaxListingPages:        400,
		MaxRequestsPerRun:      20000,
		MaxSitemaps:            50,
		MaxConsecutiveFailures: 5,
		MemoEntries:            20000,
		StartJitter:            time.Minute,
	}
}

// Validate reports every field outside its range, each error naming the
// field, the value and the range.
func (c Config) Validate() error {
	var errs []error
	ints := []struct {
		field    string
		v        int
		min, max int
	}{
		{"BatchSize", c.BatchSize, 1, 10000},
		{"MaxListingPages", c.MaxListingPages, 1, 10000},
		{"MaxRequestsPerRun", c.MaxRequestsPerRun, 1, 99999},
		{"MaxSitemaps", c.MaxSitemaps, 1, 1000},
		{"MaxConsecutiveFailures", c.MaxConsecutiveFailures, 1, 1000},
		{"MemoEntries", c.MemoEntries, 0, 1000000},
	}
	for _, n := range ints {
		if n.v < n.min || n.v > n.max {
			errs = append(errs, fmt.Errorf("scrape config: %s = %d, want [%d, %d]", n.field, n.v, n.min, n.max))
		}
	}
	if c.StartJitter < 0 || c.StartJitter > time.Hour {
		errs = append(errs, fmt.Errorf("scrape config: StartJitter = %v, want [0s, 1h]", c.StartJitter))
	}
	return errors.Join(errs...)
}
