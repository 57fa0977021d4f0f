package app

import (
	"fmt"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/store"
)

// seedProgress shows how far the generator is on a progressDisplay: the bar
// on a terminal, and a plain line every tenth of the way otherwise.
type seedProgress struct {
	display *progressDisplay

	mu     sync.Mutex
	decile int // last tenth printed, plain mode
}

// newSeedProgress starts reporting on total observations.
func (c *cli) newSeedProgress(total int) *seedProgress {
	return &seedProgress{display: newProgressDisplay(c.stderr, c.stderrTTY, total, "seeding", "obs"), decile: -1}
}

// report is the generator's progress callback: done of total observations.
func (p *seedProgress) report(done, total int) {
	if total <= 0 {
		return
	}
	if p.display.terminal() {
		p.display.set(done, "")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done*10/total > p.decile {
		p.decile = done * 10 / total
		p.display.plainf("seeded %d/%d observations", done, total)
	}
}

// finish clears the bar so the summary starts on a clean line.
func (p *seedProgress) finish() { p.display.finish() }

// printSeedSummary tells what was generated, what the store made of it and
// where the data is, with the database URL masked.
func (c *cli) printSeedSummary(sum seed.Summary, rec store.RecordResult, counts store.Counts, elapsed time.Duration) error {
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "seeded in\t%s\n", elapsed.Round(10*time.Millisecond))
	fmt.Fprintf(tw, "database\t%s\n", maskURL(c.cfg.databaseURL()))
	fmt.Fprintf(tw, "generated\t%d shops, %d listings, %d variants, %d observations\n",
		sum.Shops, sum.Listings, sum.Variants, sum.Observations)
	fmt.Fprintf(tw, "planted events\t%d sales, %d flash sales, %d clearances, %d price errors, %d stock-outs, %d restocks (per variant)\n",
		sum.Sales, sum.FlashSales, sum.Clearances, sum.PriceErrors, sum.StockOuts, sum.Restocks)
	fmt.Fprintf(tw, "\t%d price changes; %d products sold by two or more shops\n", sum.PriceChanges, sum.Groups)
	fmt.Fprintf(tw, "recorded\t%d observations: %d new change points, %d extended an existing one\n",
		rec.Observations, rec.ChangePoints, rec.Extended)
	fmt.Fprintf(tw, "store holds\t%d shops, %d listings, %d variants, %d price points\n",
		counts.Shops, counts.Listings, counts.Variants, counts.PricePoints)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print summary: %w", err)
	}
	return nil
}
