// Package series rebuilds, from a store's change points, the observation
// series that the pattern detectors and the stock-out forecast read.
//
// Stores keep a variant's history as change points: a state (price,
// compare-at, stock) from the first observation that saw it to the last.
// The observations in between repeated it, so they are not kept, yet the
// detectors count observations (a flash sale lasts at most three) and
// weigh prices by how often they were seen (the usual price is the most
// frequent one). Scrapes come at a steady interval, and the gap between a
// change point's last sighting and the next one's first is one interval:
// the series is rebuilt by placing observations one interval apart across
// each change point. For a variant scraped at a steady interval that gives
// back exactly the observations that were made.
//
// The package depends on catalog only.
package series
