package app

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressDisplay is how a long command shows it is working, on stderr: a
// bar on a terminal (a spinner with a count when the total is unknown), and
// plain lines otherwise, paced by the command, since a bar's carriage returns
// make a mess of CI logs and files. Commands wrap it with what they count
// (seedProgress, scrapeProgress). It is safe for concurrent use.
type progressDisplay struct {
	stderr io.Writer

	mu      sync.Mutex
	bar     *progressbar.ProgressBar // terminal only
	stopped bool
}

// newProgressDisplay starts a display of total units (-1: unknown, a
// spinner). On a terminal the bar shows at once, so there is something to
// watch from the start and its rate counts from there.
func newProgressDisplay(stderr io.Writer, terminal bool, total int, description, unit string) *progressDisplay {
	p := &progressDisplay{stderr: stderr}
	if terminal && total != 0 {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription(description),
			progressbar.OptionSetItsString(unit),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetPredictTime(total > 0),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetRenderBlankState(true),
			// No spinner ticker: its goroutine keeps drawing after Exit (it
			// stops only on Finish, which a spinner never reaches), racing
			// with whatever the command prints next. The spinner turns on
			// each update instead.
			progressbar.OptionSetSpinnerChangeInterval(0),
		)
	}
	return p
}

// terminal reports whether the display draws a bar.
func (p *progressDisplay) terminal() bool { return p.bar != nil }

// set moves the bar to done and, when description is not "", changes its
// description. Off a terminal it does nothing: see plainf.
func (p *progressDisplay) set(done int, description string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || p.bar == nil {
		return
	}
	if description != "" {
		p.bar.Describe(description)
	}
	_ = p.bar.Set(done) // only fails on a closed writer, and the bar is cosmetic
}

// plainf prints a progress line off a terminal; on one the bar says it.
func (p *progressDisplay) plainf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || p.bar != nil {
		return
	}
	fmt.Fprintf(p.stderr, format+"\n", args...)
}

// println writes line to w (stdout or stderr) without tearing the bar: the
// bar is cleared first and redrawn by the next update.
func (p *progressDisplay) println(w io.Writer, line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil && !p.stopped {
		_ = p.bar.Clear() // cosmetic, as in set
	}
	fmt.Fprintln(w, line)
}

// finish clears the bar so that what follows starts on a clean line; later
// updates are ignored.
func (p *progressDisplay) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	if p.bar != nil {
		_ = p.bar.Clear() // cosmetic, as in set
		_ = p.bar.Exit()
	}
}
