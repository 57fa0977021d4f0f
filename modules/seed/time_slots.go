package seed

import "time"

// slotClock places observations in time. Slot k of shop s is one scrape of
// that shop; slots are PerDay a day and shops are scraped one after another
// within a slot, so walking slot by slot and shop by shop is walking in time
// order. The last shop's last slot in the window is exactly End.
type slotClock struct {
	base   time.Time     // slot 0 of shop 0
	perDay int           // slots a day
	slots  int           // slots in the window: Days*PerDay+1, the last at End
	step   time.Duration // offset between consecutive shops within a slot
}

// maxSpan bounds how far from the window Observe looks, so that slot
// arithmetic never overflows a time.Duration (about 292 years).
const maxSpan = 200 * 365 * 24 * time.Hour

func newSlotClock(end time.Time, days, perDay, shops int) slotClock {
	interval := 24 * time.Hour / time.Duration(perDay)
	// At most ten minutes between shops, and all of them inside one slot.
	step := min(10*time.Minute, (interval / time.Duration(shops)).Truncate(time.Second))
	base := end.Add(-time.Duration(days)*24*time.Hour - time.Duration(shops-1)*step)
	return slotClock{base: base, perDay: perDay, slots: days*perDay + 1, step: step}
}

// offset is how long after base slot k starts, for any k (negative too).
// Whole days are exact and the slots within a day fall on whole seconds.
func (c slotClock) offset(k int) time.Duration {
	day := floorDiv(k, c.perDay)
	r := k - day*c.perDay
	within := (time.Duration(r) * 24 * time.Hour / time.Duration(c.perDay)).Truncate(time.Second)
	return time.Duration(day)*24*time.Hour + within
}

// at is the instant of slot k of shop s.
func (c slotClock) at(shop, k int) time.Time {
	return c.base.Add(c.offset(k) + time.Duration(shop)*c.step)
}

// slotAt is the latest slot of shop s at or before t.
func (c slotClock) slotAt(shop int, t time.Time) int {
	d := t.Sub(c.base) - time.Duration(shop)*c.step
	d = max(min(d, maxSpan), -maxSpan)
	interval := 24 * time.Hour / time.Duration(c.perDay)
	k := int(floorDiv64(int64(d), int64(interval)))
	// The estimate is off by at most a slot or two (seconds truncated per
	// slot); settle it against the exact slot times.
	for c.offset(k+1) <= d {
		k++
	}
	for c.offset(k) > d {
		k--
	}
	return k
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
