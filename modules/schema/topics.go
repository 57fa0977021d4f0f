package schema

import (
	"fmt"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Topics names the topics whose values this package describes. Deployments
// may rename topics; the subjects follow the names (TopicNameStrategy).
type Topics struct {
	ProductEvents      string // values are catalog.ProductEvent
	NormalizedProducts string // values are NormalizedProduct
	PriceUpdates       string // values are PriceUpdate
}

// DefaultTopics returns the topic names the modules agree on when nobody
// renames them (catalog.TopicProductEvents and friends).
func DefaultTopics() Topics {
	return Topics{
		ProductEvents:      catalog.TopicProductEvents,
		NormalizedProducts: catalog.TopicNormalizedProducts,
		PriceUpdates:       catalog.TopicPriceUpdates,
	}
}

// Validate reports an empty, blank-padded or repeated topic name: two record
// types under one subject would fight over its versions.
func (t Topics) Validate() error {
	seen := make(map[string]string, 3)
	for _, f := range []struct{ field, topic string }{
		{"product_events", t.ProductEvents},
		{"normalized_products", t.NormalizedProducts},
		{"price_updates", t.PriceUpdates},
	} {
		if f.topic == "" || strings.TrimSpace(f.topic) != f.topic {
			return fmt.Errorf("%w topics.%s: %q is not a topic name", catalog.ErrInvalid, f.field, f.topic)
		}
		if other, dup := seen[f.topic]; dup {
			return fmt.Errorf("%w topics.%s: %q is also topics.%s", catalog.ErrInvalid, f.field, f.topic, other)
		}
		seen[f.topic] = f.field
	}
	return nil
}

// ValueSubject is the registry subject of topic's record values under the
// TopicNameStrategy that Confluent serializers default to: "<topic>-value".
func ValueSubject(topic string) string { return topic + "-value" }
