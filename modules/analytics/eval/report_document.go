package eval

import (
	"fmt"
	"io"
	"strings"
)

// WriteDocument writes docs/analytics.md: the score tables of cols, the
// command that produced them, what is measured and how, what the data
// plants to make it hard, and what the numbers do not show.
func WriteDocument(w io.Writer, cols []Column, command string) error {
	var table strings.Builder
	if err := WriteMarkdown(&table, cols); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, documentTemplate, command, table.String())
	return err
}

const documentTemplate = `# Analytics, measured

The tables below are written by

    %s

Do not edit them by hand: run the command again. It generates a catalog and its
price history in memory with the seed generator, runs the analytics on it and
scores them against what the generator planted. Every threshold and feature was
tuned on seed 1 only; every other seed is data they have not seen. The same
scoring runs at a smaller size in CI (` + "`modules/analytics/eval`" + `, held-out seed,
targets asserted).

%s
## What is scored

- **Matching** (` + "`modules/analytics/match`" + `): every listing is added to a matcher one at a
  time, as the stream of normalized products would add them. A *listing pair* is
  two listings of one product at two shops that list a size in common; a
  *variant pair* is one such size at the two shops. Precision is the share of
  accepted pairs that are true, recall the share of true pairs accepted. Pairs
  left for review count as not found. *Look-alikes* are pairs of different
  products with a size in common whose names differ by one word; every one
  matched is a false match. The baseline row is plain title-word Jaccard at 0.6
  within brand, category and a common size: what a first attempt gets.
- **Patterns** (` + "`modules/analytics/patterns`" + `): the detectors read each variant's series
  alone. A detection is correct when it overlaps a planted event of its kind on
  the same variant; an event is found when a detection overlaps it. Weekly deals
  are scored per variant (covered by a shop's weekly deal or not). Seasonal
  patterns need years of history, so they are scored on a dataset of their own
  (300 listings over 760 days by default, ` + "`--seasonal-products`" + `, ` + "`--seasonal-days`" + `),
  with the same shops and seed.
- **Forecast** (` + "`modules/analytics/forecast`" + `): for every variant in stock at a daily
  cutoff, will it be seen out of stock within 7 days? The model is trained on
  cutoffs whose 7 days ended before the split and scored on cutoffs from the split
  on: a time-ordered backtest, the split 60%% of the way through the cutoffs that
  leave a horizon between training and test. The baseline is the rule "out of
  stock more than half the time it was seen, so out of stock"; the constant row
  forecasts the training base rate for everyone, the score to beat for any skill.

## How the data is made hard

The generator (` + "`modules/seed`" + `) plants and labels (` + "`seed.Truth`" + `):

- **Titles** that differ by shop: three word orders and colourways moved to the
  front ("Deck Baker Brand Logo (Black)", "Black Baker Brand Logo Deck");
  abbreviated line names ("F4 Classic", "Stg 11 Std", "Hollow Lights", "NM440");
  brand spellings ("Indy", "Independent Truck Co.", "Anti-Hero", "NB Numeric",
  upper case); abbreviated colours ("Blk/Wht", "Nvy") on half the listings of
  abbreviating shops; a typo (letters swapped, dropped or doubled) in 6%% of titles;
  "NEW" and "(Restock)" on 6%%. The recall rows per trait show what each costs.
- **Look-alikes**: the same model in another colourway, another graphic word
  ("Acid Serpent" and "Acid Skull"), nested line names ("Spitfire Classic" and
  "Spitfire Formula Four Classic", "AF1" and "AF1 Hollow", "Reds" and "Super
  Reds") and durometer steps (99A and 101A), labelled as pairs that must not match.
- **Barcodes** that do not settle it: shops publishing in-store codes (valid
  check digits, prefix 2), codes zero-padded to 13 or 14 digits, no codes at all,
  and one product in ten with no barcode anywhere. Sizes one step apart (8.0" and
  8.06", 8.25" and 8.38") sit side by side in one listing; wheels one durometer
  step apart (99A and 101A) are different products under one name.
- **Sales that look like errors**: a quarter of flash sales are doorbusters,
  70-79%% off for one to three observations, against price errors at 80%% off or
  more for a single observation (a slipped decimal point, a placeholder price).
- **Fake sales** on shops that publish MSRP or sloppy compare-at prices: the
  compare-at raised 50-70%% for a few days and then the price cut 3-6%% under it,
  or the price raised 15-30%% and then "discounted" back to at least the old price
  with the raised one as compare-at. A fake sale followed by a real sale falls in
  steps like a clearance without being one.
- **Seasons and decoys** in histories of 400 days or more: 8%% of listings hold
  a 15-30%% sale of 16 to 30 days starting near the same day every year, moved
  up to a week either way from one year to the next; 4%% hold a decoy, a sale of
  the same shape in one year only and a clearance starting within a week of its
  date the next year.

## How the analytics work

- **Matching**: listings are blocked by brand and category (barcodes are looked
  up across blocks); within a block a listing is compared only with those sharing
  one of its three rarest model words, so adding one costs what those words'
  postings cost, not the block's size. A pair needs a size with equal attributes;
  a size on which the two publish different maker barcodes vetoes it, the same
  barcode accepts it. Otherwise titles decide: the brand (however spelled),
  category words and filler are removed, words are split where letters meet
  digits and small numbers are spelled as digits; numbers must agree exactly, and
  two titles that each name a colour the other does not are vetoed. The score is
  the matched words over the longer title, crediting typos (only where one
  spelling is rare in the catalog), consonant-skeleton abbreviations and
  initialisms, and charging a word on each side that nothing explains once more.
  Spellings one shop leaves out ("Pro", "Team", "II") are learned from
  barcode-tied pairs, once two listings on each side show them. Accepted from 0.9
  (--threshold), kept for review from 0.75.
- **Patterns**: flash sale = at most 3 observations and 72 hours at least 30%%
  below the price on both sides; price error = one such observation deeper than
  88%%, or at a tenth or hundredth of a neighbour, or at a placeholder price;
  clearance = three markdowns below the usual price of the 30 days before (its
  most frequent price) with no rise between and no hold longer than 10 days,
  ending 30%% below it; weekly = a 5-30%% discount on the same weekdays in at least
  three weeks and on 60%% of their occurrences, rarely on other days; fake sale = a
  sale presented (the compare-at appears or rises, or the price drops to a deeper
  claimed discount than usual) at a price no lower than the usual price of the 30
  days before, or under a compare-at raised above anything charged with less than
  a third of the claimed discount real; seasonal = a markdown at least 10%%
  below the usual price of the 30 days before, held 14 to 60 days and then
  lifted, that starts within 14 days of the same day of the year (across New
  Year too) in at least two different years. Flash sales and weekly deals are
  too short for it, clearances and price cuts are never lifted, and a one-off
  sale has no second year. Currency runs are read apart, but a season may recur
  across them.
- **Forecast**: logistic regression (Newton's method, ridge 1) on 12 features:
  category (sold by size, hard goods), out-of-stock share and stock-outs in 30
  days, days since the last restock, the share of the listing's other sizes out of
  stock, markdowns in 14 days, drops in the current non-rising price run, the
  price below its 30-day high, on sale now, days since the last price change and
  observations in 30 days.

## In the running system

` + "`skatestock analytics rebuild`" + ` and the analytics consumer (` + "`skatestock analytics run`" + `,
and ` + "`demo`" + `) run the same detectors and model on the store's history and store what
they find for the API:

- **From change points to observations.** The store keeps a variant's history as
  change points (a state from its first sighting to its last), but the detectors
  count observations and weigh prices by how often they were seen.
  ` + "`modules/analytics/series`" + ` rebuilds the observations: one at each change point's
  first and last sighting and, between them, one every scrape interval, read from
  the gaps between change points (with regular scrapes a gap is one interval). On
  the generator's histories that gives back exactly the observations it made (a
  test folds every series into change points and rebuilds it), so the scores above
  hold for what is stored. Scrapes more often than hourly are read as hourly, so
  that a minute-by-minute scrape does not turn every dip into a long sale.
- **Patterns**: the rebuild detects them in each variant's whole history and
  replaces each listing's; the consumer re-detects, for every listing that arrives
  on ` + "`normalized-products`" + `, the patterns that end within ` + "`--pattern-days`" + ` (30), reading
  30 more days before them, and stores them before the batch's offsets commit.
  ` + "`GET /api/v1/analytics/discount-patterns`" + ` lists them, the most recent first.
- **Forecasts**: the rebuild trains the model on the stored history with the
  time-ordered split used here (cutoffs a day apart, 60%% of the days after the
  first horizon for training), prints its held-out Brier score and AUC next to the
  rule baseline and the base rate, then refits it on every example whose answer is
  known and stores it. Every variant in stock and seen within 72 hours is scored
  as of the latest observation; the consumer rescores the variants of each listing
  that arrives, as of now, with the stored model. A history shorter than 21 days
  trains no model. ` + "`GET /api/v1/analytics/stockouts`" + ` lists them, the likeliest first.
- **The product page** (` + "`GET /api/v1/products/{id}?days=N`" + `) judges each variant's
  price now: the lowest price of the last N days (30 by default) and whether it is
  a real deal (at least 10%% below the median of the 30 days before, and not a price
  error or a fake sale in progress), with the reason in words.
- The held-out score the rebuild prints is measured on the shops' own recent
  history, which in a demo is a month of a few thousand variants: an honest
  check, not a benchmark. On a few hundred listings it can fall below the rule
  baseline; the table above is for 5,000 listings and 60 days.

## What the numbers do not show

- The generator keeps planted events apart: an ordinary observation between any
  two, no price error inside a sale, no flash sale during a stock-out, and it
  scrapes every variant at every slot. Pattern scores near 1 say the detectors
  read clean series and keep the traps apart (doorbusters, fake sales followed by
  sales), not that real histories, with gaps and overlaps, will score as well. The
  detectors' unit tests cover gaps, one-observation series, currency changes and
  compare-at prices below the price; these scores do not.
- Stock-outs outside clearances are planted at random times, so no model can
  foresee them; the forecast's skill comes from clearances (which sell out) and
  from category, which is why its AUC stays near 0.7.
- The matcher learns shop spellings from barcode-tied pairs, so it needs a
  catalog with barcodes: on the CI's 1,200 listings recall is lower (about 0.93)
  than here. Its colour abbreviations and the generator's are the usual retail
  ones and overlap; its other rules know nothing of the generator's tables.
- Titles are the generator's: real shops write things it does not (sizes in
  titles, bundles, collaborations). Precision on look-alikes is the number to
  watch when real data arrives.
`
