// Package dashboard serves the web dashboard: the static assets of web/
// at / and its live stream at /dashboard/stream, a server-sent event
// stream of price updates (which app feeds from the price-updates topic
// through Publish) and of the overview's status (read from the
// StatusSource port every few seconds while someone watches).
package dashboard

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/web"
)

// Config tunes the live stream. A zero field takes its default.
type Config struct {
	StatusInterval time.Duration // 5s: how often the status is read while a client watches
	Heartbeat      time.Duration // 15s: idle time after which a stream sends a comment
	ClientBuffer   int           // 256: price events queued per client before new ones are dropped
	MaxClients     int           // 1000: streams open at once; more are refused with 503
	// WriteTimeout bounds one write to a client: a client that reads
	// nothing for that long is disconnected.
	WriteTimeout time.Duration // 10s
	Retry        time.Duration // 3s: how long the browser waits before reconnecting
}

// DefaultConfig returns the configuration with every default filled in.
func DefaultConfig() Config {
	return Config{
		StatusInterval: 5 * time.Second, Heartbeat: 15 * time.Second, ClientBuffer: 256,
		MaxClients: 1000, WriteTimeout: 10 * time.Second, Retry: 3 * time.Second,
	}
}

// Validate reports the first setting out of range.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.StatusInterval < 10*time.Millisecond || c.StatusInterval > time.Hour:
		return fmt.Errorf("dashboard config StatusInterval = %s: must be between 10ms and 1h", c.StatusInterval)
	case c.Heartbeat < time.Millisecond || c.Heartbeat > 10*time.Minute:
		return fmt.Errorf("dashboard config Heartbeat = %s: must be between 1ms and 10m", c.Heartbeat)
	case c.ClientBuffer < 1 || c.ClientBuffer > 1<<16:
		return fmt.Errorf("dashboard config ClientBuffer = %d: must be between 1 and 65536", c.ClientBuffer)
	case c.MaxClients < 1:
		return fmt.Errorf("dashboard config MaxClients = %d: must be at least 1", c.MaxClients)
	case c.WriteTimeout < time.Millisecond:
		return fmt.Errorf("dashboard config WriteTimeout = %s: must be at least 1ms", c.WriteTimeout)
	case c.Retry < 0:
		return fmt.Errorf("dashboard config Retry = %s: must not be negative", c.Retry)
	}
	return nil
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.StatusInterval == 0 {
		c.StatusInterval = d.StatusInterval
	}
	if c.Heartbeat == 0 {
		c.Heartbeat = d.Heartbeat
	}
	if c.ClientBuffer == 0 {
		c.ClientBuffer = d.ClientBuffer
	}
	if c.MaxClients == 0 {
		c.MaxClients = d.MaxClients
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = d.WriteTimeout
	}
	if c.Retry == 0 {
		c.Retry = d.Retry
	}
	return c
}

// Deps are what the dashboard reads. A nil Status leaves the overview
// without status events; nil Assets serves web.Assets(); nil Now is
// time.Now.
type Deps struct {
	Status StatusSource
	Assets fs.FS
	Now    func() time.Time
}

// Dashboard serves the assets and the live stream. Publish and the
// handlers are safe for concurrent use.
type Dashboard struct {
	cfg    Config
	log    *slog.Logger
	deps   Deps
	now    func() time.Time
	hub    *hub
	assets *assets

	wake     chan struct{} // capacity 1: a client wants a status now
	lastPoll atomic.Int64  // unix nanoseconds of the last status read, 0 before it

	// Touched by Run's goroutine only.
	rate          rateWindow
	statusFailing bool
}

// StreamStats count the live stream's traffic since New.
type StreamStats struct {
	Clients   int   `json:"clients"`   // streams open now
	Published int64 `json:"published"` // price events published
	Dropped   int64 `json:"dropped"`   // price events some slow client did not get
}

// New builds the dashboard. It serves once mounted; the status reaches
// clients only while Run runs.
func New(cfg Config, log *slog.Logger, deps Deps) (*Dashboard, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if deps.Assets == nil {
		deps.Assets = web.Assets()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	a, err := loadAssets(deps.Assets)
	if err != nil {
		return nil, err
	}
	return &Dashboard{
		cfg: cfg, log: log.With("module", "dashboard"), deps: deps, now: deps.Now,
		hub: newHub(cfg.ClientBuffer, cfg.MaxClients), assets: a,
		wake: make(chan struct{}, 1), rate: rateWindow{span: time.Minute},
	}, nil
}

// Mount adds the dashboard's routes to e: the page at /, its files under
// /static/ and /vendor/, and the stream at /dashboard/stream. The stream
// must not run under a request timeout or a compressing middleware.
func (d *Dashboard) Mount(e *echo.Echo) {
	read := []string{http.MethodGet, http.MethodHead}
	e.Match(read, "/", d.assets.index)
	e.Match(read, "/static/*", d.assets.file)
	e.Match(read, "/vendor/*", d.assets.file)
	e.GET("/dashboard/stream", d.stream)
}

// Run reads the status every StatusInterval while a client watches, and
// at once when a client connects to a stale one, until ctx ends. It then
// ends every open stream, so that the server's graceful shutdown does not
// wait on them, and returns nil. Call it once.
func (d *Dashboard) Run(ctx context.Context) error {
	defer d.hub.close()
	if d.deps.Status == nil {
		<-ctx.Done()
		return nil
	}
	t := time.NewTicker(d.cfg.StatusInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-t.C:
			if d.hub.count() == 0 {
				continue
			}
		}
		d.refreshStatus(ctx)
	}
}

// Publish sends u to every connected client as a price event. It never
// blocks: a client whose buffer is full misses u, which is counted and
// reported to it. Safe for concurrent use; before Run or after it, too.
func (d *Dashboard) Publish(u Update) {
	frame, err := jsonFrame(eventPrice, priceOf(u))
	if err != nil {
		d.log.Error("dashboard_publish_encode_failed", "error", err)
		return
	}
	d.hub.broadcast(frame)
}

// Stats returns the stream's counters.
func (d *Dashboard) Stats() StreamStats {
	return StreamStats{Clients: d.hub.count(), Published: d.hub.published.Load(), Dropped: d.hub.dropped.Load()}
}

// wakeStatus asks Run for a status read unless a recent one is on hand.
func (d *Dashboard) wakeStatus() {
	last := d.lastPoll.Load()
	if d.hub.latestStatus() != nil && last != 0 && d.now().Sub(time.Unix(0, last)) < d.cfg.StatusInterval {
		return
	}
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// priceJSON is the data of a price event; money as the API spells it.
type priceJSON struct {
	ListingKey   string     `json:"listing_key"` // shop/listing_id
	Shop         string     `json:"shop"`
	ListingID    string     `json:"listing_id"`
	VariantID    string     `json:"variant_id"`
	Price        *moneyJSON `json:"price"`
	CompareAt    *moneyJSON `json:"compare_at"`
	DiscountBP   int        `json:"discount_bp"`
	Availability string     `json:"availability"`
	ObservedAt   time.Time  `json:"observed_at"`
}

type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Minor    int64  `json:"minor"`
}

func moneyOf(m catalog.Money) *moneyJSON {
	if m.IsZero() {
		return nil
	}
	return &moneyJSON{Amount: m.Decimal(), Currency: m.Currency, Minor: m.Amount}
}

func priceOf(u Update) priceJSON {
	return priceJSON{
		ListingKey: u.Shop + "/" + u.ListingID, Shop: u.Shop, ListingID: u.ListingID, VariantID: u.VariantID,
		Price: moneyOf(u.Price), CompareAt: moneyOf(u.CompareAt),
		DiscountBP:   catalog.DiscountBasisPoints(u.Price, u.CompareAt),
		Availability: string(u.Availability), ObservedAt: u.ObservedAt.UTC(),
	}
}
