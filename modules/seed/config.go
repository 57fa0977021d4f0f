package seed

import (
	"fmt"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Limits of Config. They keep a generated catalog within what one machine
// writes in minutes and what the store's tests are sized for.
const (
	MinShops, MaxShops       = 1, 50
	MinProducts, MaxProducts = 1, 200000
	MinDays, MaxDays         = 0, 1100
	MinPerDay, MaxPerDay     = 1, 48
)

// Config sizes a generated catalog and its price history. The same Config
// (including End and RandSeed) always yields byte-identical output.
type Config struct {
	Shops    int       // number of shops, 1..50, default 5
	Products int       // total listings across all shops, 1..200000, default 5000
	Days     int       // days of history ending at End, 0..1100, default 30; seasons need 400
	PerDay   int       // observations per variant per day (scrapes a day), 1..48, default 1
	RandSeed int64     // same seed + same config => identical output
	End      time.Time // history ends here (UTC); zero means DefaultEnd so output is reproducible
}

// DefaultEnd is where history ends when Config.End is zero: a fixed instant,
// so that a zero Config.End reproduces the same output on every machine.
func DefaultEnd() time.Time { return time.Date(2025, time.June, 30, 12, 0, 0, 0, time.UTC) }

// DefaultConfig returns the configuration `skatestock seed` uses when nothing
// is set: 5 shops, 5,000 listings, 30 days of one scrape a day, seed 1, and
// the fixed DefaultEnd.
func DefaultConfig() Config {
	return Config{Shops: 5, Products: 5000, Days: 30, PerDay: 1, RandSeed: 1}
}

// Validate reports the first field outside its range. The error wraps
// catalog.ErrInvalid and names the field, its value and the allowed range:
// "invalid seed.products: 0 is outside 1..200000".
func (c Config) Validate() error {
	checks := []struct {
		field    string
		value    int
		min, max int
	}{
		{"seed.shops", c.Shops, MinShops, MaxShops},
		{"seed.products", c.Products, MinProducts, MaxProducts},
		{"seed.days", c.Days, MinDays, MaxDays},
		{"seed.per_day", c.PerDay, MinPerDay, MaxPerDay},
	}
	for _, ch := range checks {
		if ch.value < ch.min || ch.value > ch.max {
			return fmt.Errorf("%w %s: %d is outside %d..%d", catalog.ErrInvalid, ch.field, ch.value, ch.min, ch.max)
		}
	}
	return nil
}

// end is the instant history ends, in UTC and whole seconds: a time.Now()
// from the caller loses its monotonic reading and sub-second noise so that
// stored timestamps round-trip through every database unchanged.
func (c Config) end() time.Time {
	if c.End.IsZero() {
		return DefaultEnd()
	}
	return c.End.UTC().Truncate(time.Second)
}
