package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dashboard"
	"github.com/skatestock/skatestock/modules/schema"
)

// mountDashboard adds the dashboard (/ and /dashboard/stream) to serve's
// API server and starts in wg what keeps it live: its status poller and a
// tail of price-updates feeding Publish. Both stop when ctx ends, which is
// when serve's graceful shutdown begins, so open streams end at once
// instead of holding the shutdown up. Call it before the server runs.
//
// A dashboard that cannot be built (broken embedded assets, which the
// tests catch) is logged and left out: the API still serves.
func (c *cli) mountDashboard(ctx context.Context, s *served, wg *sync.WaitGroup) {
	log := c.log.With("module", "app")
	src := &dashboardStatus{db: s.db, admin: s.admin, topics: s.pipe.bus.Topics, group: s.pipe.bus.Consumer.Group, now: time.Now}
	d, err := dashboard.New(dashboard.DefaultConfig(), c.log, dashboard.Deps{Status: src})
	if err != nil {
		log.Error("dashboard_unavailable", "error", err)
		return
	}
	s.api.Mount(d.Mount)
	wg.Go(func() {
		if err := d.Run(ctx); err != nil {
			log.Warn("dashboard_stopped", "error", err)
		}
	})
	wg.Go(func() { feedDashboard(ctx, s.pipe, d, log) })
}

// feedDashboard publishes every price-updates record to the dashboard's
// clients. It tails the topic itself, beside the cache invalidation's
// tail: each sees every record, and neither slows the other. A broker that
// is away only delays the feed; it retries until ctx ends.
func feedDashboard(ctx context.Context, p *pipeline, d *dashboard.Dashboard, log *slog.Logger) {
	for ctx.Err() == nil {
		tail, err := bus.NewTail(ctx, p.bus, log, p.bus.Topics.PriceUpdates)
		if err != nil {
			log.Warn("dashboard_feed_unavailable", "error", err)
			if !sleepFor(ctx, 5*time.Second) {
				return
			}
			continue
		}
		undecodable := 0
		err = tail.Run(ctx, func(ctx context.Context, batch []bus.Record) {
			for _, r := range batch {
				u, err := decodePriceUpdate(ctx, p.serde, r.Value)
				if err != nil {
					// Ingest wrote these records; one that does not decode
					// is a bug, logged once per run of them, not per record.
					if undecodable++; undecodable == 1 {
						log.Warn("dashboard_feed_undecodable", "partition", r.Partition, "offset", r.Offset, "error", err)
					}
					continue
				}
				undecodable = 0
				d.Publish(u)
			}
		})
		if err != nil {
			log.Warn("dashboard_feed_stopped", "error", err)
		}
	}
}

// decodePriceUpdate reads one price-updates value, learning a schema
// version registered after serve started.
func decodePriceUpdate(ctx context.Context, serde *schema.Serde, value []byte) (dashboard.Update, error) {
	var u schema.PriceUpdate
	err := serde.Decode(value, &u)
	if unknown := (*schema.UnknownSchemaError)(nil); errors.As(err, &unknown) {
		if err = serde.Learn(ctx, unknown.ID); err == nil {
			err = serde.Decode(value, &u)
		}
	}
	if err != nil {
		return dashboard.Update{}, err
	}
	o := u.Observation()
	return dashboard.Update{
		Shop: u.Shop, ListingID: u.ListingID, VariantID: u.VariantID,
		Price: o.Price, CompareAt: o.CompareAt, Availability: o.Availability, ObservedAt: o.ObservedAt,
	}, nil
}

// dashboardProbeGroup never commits: its lag on a topic is the number of
// records the topic holds.
const dashboardProbeGroup = "skatestock-dashboard-probe"

// dashboardStatus is the dashboard's status source: today's figures and
// shop freshness from the store, lag and sizes from Kafka. Kafka being
// away leaves its parts unknown; the store failing fails the reading.
type dashboardStatus struct {
	db     database
	admin  *bus.Admin
	topics bus.TopicsConfig
	group  string
	now    func() time.Time
}

func (s *dashboardStatus) Status(ctx context.Context) (dashboard.Status, error) {
	st, err := s.db.Stats(ctx, s.now().UTC().Truncate(24*time.Hour))
	if err != nil {
		return dashboard.Status{}, err
	}
	shops, err := s.db.ShopStatuses(ctx)
	if err != nil {
		return dashboard.Status{}, err
	}
	out := dashboard.Status{ProductsToday: st.ProductsObserved, Observations: -1, DLQSize: -1, Shops: dashboardShops(shops)}
	if lag, err := s.admin.Lag(ctx, s.group, s.topics.ProductEvents); err == nil {
		out.Lag = lag[s.topics.ProductEvents]
		if out.Lag == nil {
			out.Lag = map[int32]int64{}
		}
	}
	// Every observation scraped enters as one product event, so the records
	// product-events holds are a running total of observations.
	if held, err := s.admin.Lag(ctx, dashboardProbeGroup, s.topics.ProductEvents, s.topics.DeadLetters); err == nil {
		out.Observations = heldRecords(held[s.topics.ProductEvents])
		out.DLQSize = heldRecords(held[s.topics.DeadLetters])
	}
	return out, nil
}

func heldRecords(parts map[int32]int64) int64 {
	var n int64
	for _, v := range parts {
		n += v
	}
	return n
}

func dashboardShops(in []catalog.ShopStatus) []dashboard.ShopStatus {
	out := make([]dashboard.ShopStatus, len(in))
	for i, s := range in {
		out[i] = dashboard.ShopStatus{Slug: s.Slug, Name: s.Name, LastSuccessAt: s.LastSuccessAt, LastObservedAt: s.LastObservedAt}
		if s.LastRun != nil {
			out[i].LastStatus, out[i].LastMessage = string(s.LastRun.Status), s.LastRun.Message
		}
	}
	return out
}
