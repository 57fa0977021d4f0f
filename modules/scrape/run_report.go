package scrape

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Error kinds a run counts besides fetch's Kinds (robots, status, timeout...).
const (
	// ErrorParse: a document arrived but could not be read as a whole (an
	// HTML error page where JSON was expected, a truncated body).
	ErrorParse = "parse"
	// ErrorArchive: the raw copy of a page could not be stored; the page
	// itself was still used.
	ErrorArchive = "archive"
	// ErrorNotModifiedNoCopy: the shop answered 304 to an unconditional
	// request for a page the Runner does not remember.
	ErrorNotModifiedNoCopy = "not_modified_without_copy"
	// ErrorOther: an error without a fetch kind, from a Getter that is not
	// a *fetch.Fetcher.
	ErrorOther = "other"
)

// Problem kinds a run adds to platform's Kind constants, which it counts as
// the parsers report them.
const (
	// ProblemOrphan: an observation whose listing or variant is not on the
	// same page; not published, since a consumer could not describe it.
	ProblemOrphan = "orphan"
	// ProblemNoProduct: a page picked as a product page carried no product
	// markup: product_url_pattern may be too wide.
	ProblemNoProduct = "no_product"
	// ProblemNoProductURLs: the sitemaps listed no URL matching the product
	// pattern: product_url_pattern may be too narrow.
	ProblemNoProductURLs = "no_product_urls"
)

// RunReport is what one scrape run of one shop did.
type RunReport struct {
	RunID    string
	Shop     string // slug
	Platform catalog.Platform
	Start    time.Time
	End      time.Time
	// Pages counts responses read: 2xx and 304, of every kind (listing
	// pages, variations, sitemaps, product pages). robots.txt is not counted.
	Pages int
	// NotModified counts pages answered 304 and reused from memory.
	NotModified int
	// Listings and Observations count what was handed to the Sink: distinct
	// listings, and one observation per variant seen. All of it was
	// published unless Err is a Sink error.
	Listings     int
	Observations int
	Bytes        int64 // body bytes read, decoded
	Retries      int   // extra attempts the fetcher made
	// Problems counts items skipped or values dropped, by kind: platform's
	// Kind constants and the Problem constants of this package.
	Problems map[string]int
	// Errors counts pages that could not be read, by fetch.Kind or one of
	// the Error constants of this package.
	Errors map[string]int
	// Incomplete says why the crawl stopped before the end of the catalog
	// (a page bound, too many failures in a row); "" when it did not.
	Incomplete string
	// Err is why the run failed: the first page could not be read, no
	// catalog page could, the Sink failed, or ctx ended. Pages that failed
	// in a run that succeeded are only counted in Errors.
	Err error
}

// Failed reports whether the run failed.
func (r RunReport) Failed() bool { return r.Err != nil }

// Duration is how long the run took.
func (r RunReport) Duration() time.Duration { return r.End.Sub(r.Start) }

// Summary is the report on one line, for terminals and logs:
//
//	scrape labor: 12 pages, 2,950 listings, 8,114 observations, 1.8 MB, 3 not modified, 0 retries, problems: bad_price=2, errors: none, 4.2s
//
// followed by ", incomplete: <why>" and ", failed: <error>" when they apply.
func (r RunReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scrape %s: %s pages, %s listings, %s observations, %s, %s not modified, %s retries, problems: %s, errors: %s, %s",
		r.Shop, thousands(r.Pages), thousands(r.Listings), thousands(r.Observations), byteSize(r.Bytes),
		thousands(r.NotModified), thousands(r.Retries), countsString(r.Problems), countsString(r.Errors),
		shortDuration(r.Duration()))
	if r.Incomplete != "" {
		b.WriteString(", incomplete: " + r.Incomplete)
	}
	if r.Err != nil {
		b.WriteString(", failed: " + r.Err.Error())
	}
	return b.String()
}

// Progress is a run's counts so far, for a progress display.
type Progress struct {
	Shop, RunID  string
	Pages        int
	NotModified  int
	Errors       int // pages that failed
	Listings     int
	Observations int
	Bytes        int64
}

// countsString formats counts as "a=1, b=2" sorted by kind, or "none".
func countsString(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+thousands(m[k]))
	}
	return strings.Join(parts, ", ")
}

// thousands formats n with comma separators: 8114 -> "8,114".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// byteSize formats n in decimal units with one decimal: "1.8 MB".
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	value, prefix := float64(n)/unit, "kMGTPE"
	i := 0
	for value >= unit && i < len(prefix)-1 {
		value /= unit
		i++
	}
	return fmt.Sprintf("%.1f %cB", value, prefix[i])
}

// shortDuration formats d as "4.2s" under a minute and "4m12s" above.
func shortDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
