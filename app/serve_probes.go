package app

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/skatestock/skatestock/modules/api"
	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
)

// The parts /readyz reports, each a probe.
const (
	probeDatabase = "database"
	probeRedis    = "redis"
	probeKafka    = "kafka"
	probeScrapes  = "scrapes"
)

// pinger is anything that answers a cheap liveness question.
type pinger interface {
	Ping(ctx context.Context) error
}

// pingProbe is a probe that only asks target to answer.
func pingProbe(name string, target pinger) api.Probe {
	return api.Probe{Name: name, Check: func(ctx context.Context) (any, error) {
		if err := target.Ping(ctx); err != nil {
			return nil, err
		}
		return "ok", nil
	}}
}

// lagReader is the bus admin as the kafka probe needs it.
type lagReader interface {
	Lag(ctx context.Context, group string, topics ...string) (bus.Lag, error)
}

// kafkaProbe reports the ingest group's lag per partition of
// product-events. Lag is shown, not judged: a backlog after a big scrape is
// normal, while a broker that does not answer is not.
func kafkaProbe(admin func() (lagReader, error), group, topic string) api.Probe {
	return api.Probe{Name: probeKafka, Check: func(ctx context.Context) (any, error) {
		a, err := admin()
		if err != nil {
			return nil, err
		}
		lag, err := a.Lag(ctx, group, topic)
		if err != nil {
			return nil, err
		}
		parts := map[string]int64{}
		for p, n := range lag[topic] {
			parts[fmt.Sprint(p)] = n
		}
		return map[string]any{"group": group, "topic": topic, "total": lag.Total(), "partitions": parts}, nil
	}}
}

// shopLister is the store as the scrapes probe needs it.
type shopLister interface {
	ShopStatuses(ctx context.Context) ([]catalog.ShopStatus, error)
}

// scrapeAge is one shop's line in the scrapes probe.
type scrapeAge struct {
	LastSuccessAt *time.Time `json:"last_success_at"`
	AgeSeconds    *int64     `json:"age_seconds"`
	LastStatus    string     `json:"last_status,omitempty"`
	Fresh         bool       `json:"fresh"`
}

// scrapesProbe fails when a shop's last successful scrape is older than
// maxAge, or when it has never been scraped, naming those shops.
func scrapesProbe(db shopLister, maxAge time.Duration, now func() time.Time) api.Probe {
	return api.Probe{Name: probeScrapes, Check: func(ctx context.Context) (any, error) {
		shops, err := db.ShopStatuses(ctx)
		if err != nil {
			return nil, err
		}
		detail := make(map[string]scrapeAge, len(shops))
		var stale []string
		t := now()
		for _, s := range shops {
			var a scrapeAge
			if s.LastRun != nil {
				a.LastStatus = string(s.LastRun.Status)
			}
			if !s.LastSuccessAt.IsZero() {
				at, age := s.LastSuccessAt.UTC(), int64(t.Sub(s.LastSuccessAt).Seconds())
				a.LastSuccessAt, a.AgeSeconds = &at, &age
				a.Fresh = t.Sub(s.LastSuccessAt) <= maxAge
			}
			if !a.Fresh {
				stale = append(stale, s.Slug)
			}
			detail[s.Slug] = a
		}
		if len(stale) > 0 {
			sort.Strings(stale)
			return detail, fmt.Errorf("no successful scrape within %s: %s", shortDuration(maxAge), strings.Join(stale, ", "))
		}
		return detail, nil
	}}
}

// errNotConnected is a part that has not come up yet (Kafka still
// connecting in the background).
var errNotConnected = errors.New("not connected yet")
