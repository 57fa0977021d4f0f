package api

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the API's Prometheus collectors, registered on the
// Registerer app passes in (the one /metrics gathers from, which also holds
// the pipeline's counters and lag).
type metrics struct {
	duration    *prometheus.HistogramVec // route template, method, status
	inFlight    prometheus.Gauge
	cache       *prometheus.CounterVec // result: hit, miss, error
	limited     *prometheus.CounterVec // scope: ip, key
	limiterErrs *prometheus.CounterVec // scope: ip, key
	panics      prometheus.Counter

	cacheHit, cacheMiss prometheus.Counter
	// observers holds duration's series by durationLabels: looking one up
	// by its label values hashes them on every request.
	observers sync.Map
}

type durationLabels struct {
	route, method string
	status        int
}

// observe records one request's duration.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	l := durationLabels{route, method, status}
	o, ok := m.observers.Load(l)
	if !ok {
		// route and method are bounded by routeOf and methodLabel, status
		// by what handlers answer: the map stays as small as the series.
		o, _ = m.observers.LoadOrStore(l, m.duration.WithLabelValues(route, method, strconv.Itoa(status)))
	}
	o.(prometheus.Observer).Observe(d.Seconds())
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "skatestock", Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route template (not raw path), method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "skatestock", Subsystem: "http", Name: "requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "skatestock", Subsystem: "api", Name: "cache_lookups_total",
			Help: "Response cache lookups by result (hit, miss; a failing cache answers misses). Hit ratio: hit / sum.",
		}, []string{"result"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "skatestock", Subsystem: "api", Name: "rate_limited_total",
			Help: "Requests refused with 429, by the limit that refused them (ip, key).",
		}, []string{"scope"}),
		limiterErrs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "skatestock", Subsystem: "api", Name: "rate_limiter_errors_total",
			Help: "Rate limiter calls that failed and let the request through, by scope.",
		}, []string{"scope"}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "skatestock", Subsystem: "api", Name: "panics_total",
			Help: "Handler panics recovered and answered with 500.",
		}),
	}
	for _, c := range []prometheus.Collector{m.duration, m.inFlight, m.cache, m.limited, m.limiterErrs, m.panics} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register api metrics: %w", err)
		}
	}
	// Zero series from the start, so ratios and alerts have both sides.
	m.cacheHit, m.cacheMiss = m.cache.WithLabelValues("hit"), m.cache.WithLabelValues("miss")
	for _, scope := range []string{"ip", "key"} {
		m.limited.WithLabelValues(scope)
		m.limiterErrs.WithLabelValues(scope)
	}
	return m, nil
}
