package shops

import (
	"sync/atomic"
	"time"
)

// maxSimulatedSpan bounds how far simulated time runs from Start, so that
// Speed times a long uptime never overflows a time.Duration.
const maxSimulatedSpan = 100 * 365 * 24 * time.Hour

// simClock turns wall-clock time into simulated time: Start when the shops
// began listening, advancing Speed simulated seconds per real second. It is
// safe for concurrent use.
type simClock struct {
	wall   func() time.Time
	start  time.Time // simulated instant at the anchor
	speed  float64
	anchor atomic.Pointer[time.Time] // wall instant when serving began; nil before
}

func newSimClock(wall func() time.Time, start time.Time, speed float64) *simClock {
	return &simClock{wall: wall, start: start, speed: speed}
}

// begin anchors simulated Start to the wall clock now; later calls keep the
// first anchor.
func (c *simClock) begin() {
	now := c.wall()
	c.anchor.CompareAndSwap(nil, &now)
}

// now is the simulated instant: Start until begin, then Start plus the
// elapsed wall time times Speed. Wall time going backwards (a fake clock, a
// stepped system clock) never moves simulated time before Start.
func (c *simClock) now() time.Time {
	a := c.anchor.Load()
	if a == nil {
		return c.start
	}
	elapsed := max(c.wall().Sub(*a), 0)
	sim := float64(elapsed) * c.speed
	if sim > float64(maxSimulatedSpan) {
		sim = float64(maxSimulatedSpan)
	}
	return c.start.Add(time.Duration(sim))
}
