// Package platform reads the catalog formats of storefront platforms into
// catalog values: Shopify's products.json, the WooCommerce Store API, schema.org
// Product JSON-LD in product pages, and XML sitemaps that list those pages.
//
// Every parser is a pure function over bytes: no HTTP, no clock, no logging,
// no shared state, so any number may run concurrently.
// The fetcher and the crawl loop live elsewhere and hand over what they read.
// A document that cannot be read as a whole (not JSON, the wrong shape, an
// HTML error page where JSON was expected, a truncated body) is an error that
// wraps catalog.ErrInvalid. One bad item inside a good document is a Problem
// in the returned Page and the other items still come through. Every listing
// and observation in a Page passes its catalog Validate method: the parsers
// check it themselves, so an item that would fail becomes a Problem instead.
//
// Brands, categories, sizes and titles are normalized with
// catalog/normalize; money is parsed exactly, never through a float.
package platform
