// Package patterns reads one variant's price history and names the discount
// patterns in it: flash sales, clearances (a falling run of markdowns),
// weekly deals, suspected price errors, fake sales (a compare-at raised
// before a "sale", or a "sale" price no lower than the recent median) and
// seasonal sales (a markdown of weeks, lifted afterwards, that starts near
// the same day of the year in at least two years: an end-of-summer sale, a
// holiday sale). It
// also answers "is this the lowest price in N days" and "is this a real
// deal".
//
// Every detector works on one series at a time, sorted by observation time,
// so a consumer can re-run them on a variant's recent history whenever a new
// observation arrives. A series that changes currency is read as separate
// series, one per currency run: a currency switch is not a price move.
// Seasonal sales alone are matched across runs, by date.
// Detectors read prices, compare-at prices and times only; they never see
// why a price is what it is.
//
// The package depends on catalog only.
package patterns
