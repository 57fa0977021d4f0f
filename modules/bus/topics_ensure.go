package bus

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TopicsReport says what EnsureTopics found and did, topics in the order
// of TopicsConfig.Names.
type TopicsReport struct {
	Created  []string // topics it created
	Existing []string // topics that were there already, left as they are
	// Mismatched are existing topics whose partition count differs from
	// TopicsConfig.Partitions. EnsureTopics never changes them: adding
	// partitions moves keys to other partitions and breaks per-key order,
	// so it is an operator's decision.
	Mismatched []TopicMismatch
}

// TopicMismatch is an existing topic with another partition count than
// configured.
type TopicMismatch struct {
	Topic      string
	Want, Have int32
}

// Names returns the four topic names in a fixed order.
func (t TopicsConfig) Names() []string {
	return []string{t.ProductEvents, t.NormalizedProducts, t.PriceUpdates, t.DeadLetters}
}

// topicConfigs returns the configs topic is created with: normalized
// products are compacted (the latest listing per key is the point), the
// others are deleted after Retention.
func (t TopicsConfig) topicConfigs(topic string) map[string]*string {
	if topic == t.NormalizedProducts {
		return map[string]*string{"cleanup.policy": kadm.StringPtr("compact")}
	}
	cfg := map[string]*string{"cleanup.policy": kadm.StringPtr("delete")}
	if t.Retention > 0 {
		cfg["retention.ms"] = kadm.StringPtr(strconv.FormatInt(t.Retention.Milliseconds(), 10))
	}
	return cfg
}

// EnsureTopics creates the topics of cfg.Topics that do not exist, with
// the configured partitions, replication factor and retention. It is
// idempotent and safe to run from several processes at once: a topic
// another process created meanwhile counts as existing. Existing topics are
// never altered; those with another partition count are logged and
// reported, not treated as errors.
func EnsureTopics(ctx context.Context, admin *Admin, cfg Config) (TopicsReport, error) {
	t := cfg.Topics
	var report TopicsReport
	names := t.Names()
	have, err := admin.partitionCounts(ctx, names)
	if err != nil {
		return report, fmt.Errorf("ensure topics: %w", err)
	}
	for _, name := range names {
		n, exists := have[name]
		if !exists {
			created, err := admin.create(ctx, t, name)
			if err != nil {
				return report, err
			}
			if created {
				report.Created = append(report.Created, name)
				continue
			}
			// Another process won the race; look at what it made.
			again, err := admin.partitionCounts(ctx, []string{name})
			if err != nil {
				return report, fmt.Errorf("ensure topics: %w", err)
			}
			if n, exists = again[name]; !exists {
				return report, fmt.Errorf("ensure topics: %s is said to exist but is not described", name)
			}
		}
		report.Existing = append(report.Existing, name)
		if n != t.Partitions {
			report.Mismatched = append(report.Mismatched, TopicMismatch{Topic: name, Want: t.Partitions, Have: n})
			admin.log.Warn("topic_partitions_differ", "topic", name, "want", t.Partitions, "have", n)
		}
	}
	return report, nil
}

// partitionCounts returns the partition count of each of names that
// exists. It asks the broker rather than kadm, whose metadata cache may
// still remember a topic created a moment ago as unknown.
func (a *Admin) partitionCounts(ctx context.Context, names []string) (map[string]int32, error) {
	req := kmsg.NewPtrMetadataRequest()
	for _, name := range names {
		rt := kmsg.NewMetadataRequestTopic()
		rt.Topic = kmsg.StringPtr(name)
		req.Topics = append(req.Topics, rt)
	}
	resp, err := req.RequestWith(ctx, a.cl)
	if err != nil {
		return nil, fmt.Errorf("describe topics: %w", err)
	}
	counts := make(map[string]int32, len(names))
	for _, rt := range resp.Topics {
		var name string
		if rt.Topic != nil {
			name = *rt.Topic
		}
		switch err := kerr.ErrorForCode(rt.ErrorCode); {
		case errors.Is(err, kerr.UnknownTopicOrPartition):
		case err != nil:
			return nil, fmt.Errorf("describe topic %s: %w", name, err)
		default:
			counts[name] = int32(len(rt.Partitions))
		}
	}
	return counts, nil
}

// create creates one topic and reports false if it already existed.
func (a *Admin) create(ctx context.Context, t TopicsConfig, name string) (bool, error) {
	_, err := a.adm.CreateTopic(ctx, t.Partitions, t.ReplicationFactor, t.topicConfigs(name), name)
	switch {
	case errors.Is(err, kerr.TopicAlreadyExists):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("ensure topics: create %s with %d partitions, replication factor %d: %w",
			name, t.Partitions, t.ReplicationFactor, err)
	}
	a.log.Info("topic_created", "topic", name, "partitions", t.Partitions, "replication_factor", t.ReplicationFactor)
	return true, nil
}
