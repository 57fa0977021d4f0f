package app

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/scrape"
)

// plainProgressEvery is how often, off a terminal, a run in progress prints
// a line. Runs are short or slow (rate limits), so a line per page would
// drown the summaries, and one per decile is impossible without a total.
const plainProgressEvery = 10 * time.Second

// scrapeProgress shows the runs in progress on a progressDisplay: on a
// terminal a spinner counting pages with the observations so far, otherwise a
// line per run every plainProgressEvery. Each finished run prints its
// summary line. Safe for concurrent use, as runs of different shops report
// at the same time.
type scrapeProgress struct {
	display   *progressDisplay
	summaries io.Writer
	now       func() time.Time

	mu       sync.Mutex
	active   map[string]scrape.Progress // by shop
	lastLine map[string]time.Time       // by shop: when its run started or last printed, plain mode
	done     scrape.Progress            // totals of finished runs, so the counts only grow
}

// newScrapeProgress starts a display; summaries receive the summary lines.
func (c *cli) newScrapeProgress(summaries io.Writer) *scrapeProgress {
	return &scrapeProgress{
		display:   newProgressDisplay(c.stderr, c.stderrTTY, -1, "scraping", "pages"),
		summaries: summaries,
		now:       time.Now,
		active:    map[string]scrape.Progress{},
		lastLine:  map[string]time.Time{},
	}
}

// update is the Runner's progress callback.
func (p *scrapeProgress) update(pr scrape.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.active[pr.Shop] = pr
	if p.display.terminal() {
		total := p.done
		for _, a := range p.active {
			total = addProgress(total, a)
		}
		p.display.set(total.Pages, fmt.Sprintf("scraping %d shops: %d listings, %d observations, %d failed pages",
			len(p.active), total.Listings, total.Observations, total.Errors))
		return
	}
	now := p.now()
	last, seen := p.lastLine[pr.Shop]
	switch {
	case !seen:
		p.lastLine[pr.Shop] = now
	case now.Sub(last) >= plainProgressEvery:
		p.lastLine[pr.Shop] = now
		p.display.plainf("scrape %s: %d pages, %d listings, %d observations, %d failed pages so far",
			pr.Shop, pr.Pages, pr.Listings, pr.Observations, pr.Errors)
	}
}

// report takes a finished run off the display and prints its summary.
func (p *scrapeProgress) report(rep scrape.RunReport) {
	p.mu.Lock()
	if a, ok := p.active[rep.Shop]; ok {
		p.done = addProgress(p.done, a)
	}
	delete(p.active, rep.Shop)
	delete(p.lastLine, rep.Shop)
	p.mu.Unlock()
	p.display.println(p.summaries, rep.Summary())
}

// finish clears the spinner.
func (p *scrapeProgress) finish() { p.display.finish() }

func addProgress(a, b scrape.Progress) scrape.Progress {
	a.Pages += b.Pages
	a.NotModified += b.NotModified
	a.Errors += b.Errors
	a.Listings += b.Listings
	a.Observations += b.Observations
	a.Bytes += b.Bytes
	return a
}
