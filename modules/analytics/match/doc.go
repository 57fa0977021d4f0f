// Package match groups the listings of different shops that sell the same
// product, and pairs their variants size by size, so that every shop's price
// for "Spitfire Formula Four Classic 54mm 99a" can be shown side by side.
//
// Evidence is weighed in a fixed order: a maker's barcode (GTIN) shared on a
// size both shops list; then brand, model tokens and size attributes agreeing
// exactly; then fuzzy title similarity within one brand and category. Sizes
// are never matched across: two listings pair only on sizes whose attributes
// are equal, and two listings with no size in common do not match at all.
// Every match keeps its evidence and a score; pairs scored below the
// acceptance threshold but above a review floor are kept for people to judge.
//
// The Matcher takes listings one at a time and reports what each one changed,
// so it can follow a stream of normalized products; a full rebuild is the same
// calls over every listing. It learns shop spellings ("F4" for "Formula
// Four", a dropped "Pro") from pairs that barcodes already tie together and
// re-scores the brand's other pairs when it learns something.
//
// The package depends on catalog and catalog/normalize only.
package match
