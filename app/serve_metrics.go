package app

import (
	"context"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skatestock/skatestock/modules/cache"
)

// pipelineMetrics is what serve knows of the pipeline, for /metrics: the
// ingest group's lag per partition, read from Kafka at each scrape of
// /metrics, and the price-updates feed that invalidates the cache.
type pipelineMetrics struct {
	lag           lagReader
	group, topic  string
	cache         *cache.FailOpen
	lagDesc       *prometheus.Desc
	lagUp         *prometheus.Desc
	cacheFailures *prometheus.Desc
	priceUpdates  prometheus.Counter
	invalidations prometheus.Counter
}

// lagTimeout bounds the lag lookup of one /metrics scrape.
const lagTimeout = 2 * time.Second

func newPipelineMetrics(lag lagReader, group, topic string, c *cache.FailOpen) *pipelineMetrics {
	return &pipelineMetrics{
		lag: lag, group: group, topic: topic, cache: c,
		lagDesc: prometheus.NewDesc("skatestock_consumer_lag_records",
			"Records of the topic not yet committed by the consumer group, per partition.",
			[]string{"group", "topic", "partition"}, nil),
		lagUp: prometheus.NewDesc("skatestock_consumer_lag_up",
			"1 when the consumer lag could be read from Kafka at this scrape, else 0.", []string{"group"}, nil),
		cacheFailures: prometheus.NewDesc("skatestock_cache_backend_failures_total",
			"Cache calls that failed and were answered as a miss.", nil, nil),
		priceUpdates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "skatestock_price_updates_seen_total", Help: "Price updates this process read from the price-updates topic.",
		}),
		invalidations: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "skatestock_cache_invalidations_total", Help: "Times new prices made every cached answer stale.",
		}),
	}
}

func (m *pipelineMetrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.lagDesc
	ch <- m.lagUp
	ch <- m.cacheFailures
	m.priceUpdates.Describe(ch)
	m.invalidations.Describe(ch)
}

func (m *pipelineMetrics) Collect(ch chan<- prometheus.Metric) {
	m.priceUpdates.Collect(ch)
	m.invalidations.Collect(ch)
	ch <- prometheus.MustNewConstMetric(m.cacheFailures, prometheus.CounterValue, float64(m.cache.Stats().Failures))
	ctx, cancel := context.WithTimeout(context.Background(), lagTimeout)
	defer cancel()
	lag, err := m.lag.Lag(ctx, m.group, m.topic)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(m.lagUp, prometheus.GaugeValue, 0, m.group)
		return
	}
	ch <- prometheus.MustNewConstMetric(m.lagUp, prometheus.GaugeValue, 1, m.group)
	for p, n := range lag[m.topic] {
		ch <- prometheus.MustNewConstMetric(m.lagDesc, prometheus.GaugeValue, float64(n), m.group, m.topic, strconv.Itoa(int(p)))
	}
}
