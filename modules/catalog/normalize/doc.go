// Package normalize turns what shops publish into canonical catalog values:
// brand names, categories, size attributes and clean titles. The scrape
// adapters call it on every listing and the ingest pipeline will call it again
// on stored payloads, so every function is pure, deterministic, safe for
// concurrent use and never fails: input it cannot read yields the zero or
// "unknown" value, never a guess dressed up as a fact.
//
// Like catalog it depends on the standard library only.
package normalize
