package catalog

// Default Kafka topic names. Deployments may rename them in config; these
// are the names the modules agree on when nobody does.
const (
	TopicProductEvents      = "product-events"      // raw scrape observations, keyed by shop
	TopicNormalizedProducts = "normalized-products" // normalized listings, keyed by listing, compacted
	TopicPriceUpdates       = "price-updates"       // price or stock changes, keyed by listing
	TopicDeadLetters        = "dead-letter-queue"   // records ingest could not use, with the reason in headers
)
