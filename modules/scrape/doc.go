// Package scrape reads skate shops' public catalogs on a schedule and hands
// what it read to a Sink: the shop configuration (configs/shops.yaml), one
// crawler per platform (Shopify products.json, the WooCommerce Store API,
// JSON-LD product pages found through the sitemap) and the Runner that runs
// them, counts what happened and reports it.
//
// The HTTP work goes through modules/scrape/fetch (politeness, robots.txt,
// retries, the SSRF guard) and the parsing through modules/scrape/platform
// (pure functions over bytes); this package joins them. It talks to the rest
// of SkateStock only through the ports in ports.go, which app fills in: a
// Sink for listings and observations (the store now, the product-events
// producer later) and a RawArchive for the pages as fetched (the lake).
//
// # Conditional requests and "not modified"
//
// A Runner remembers, per URL and bounded in number, the validators (ETag,
// Last-Modified) a page was served with together with what the page parsed
// to. It is the fetcher's ValidatorCache, and it hands out validators only
// for URLs whose parsed copy it still holds, so a 304 always has something to
// reuse. A 304 costs no download and no parse, but it is not "nothing
// happened": the catalog was seen unchanged at that moment, so the parsed
// copy is published again with the new ObservedAt and run id (the store then
// extends each price's last-seen time) and the page counts as not_modified.
// The memory lives as long as the Runner; a restarted process starts with
// unconditional requests.
package scrape
