package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/ingest"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// The pipeline fault tests run what `skatestock consume` runs — the
// TransactConsumer of bus driving newIngester's ingest.Ingester through
// ingestHandler, the embedded Schema Registry kept in the database, the
// Serde it registers, a real store — against an in-process kfake cluster
// whose fault controls break it on purpose. Every scenario runs on SQLite
// and on a fresh Postgres database.
//
// The events are rounds: each round observes every listing of the catalog
// once, at the round's time, either at a new price (a change round) or at
// the price in force (a repeat round). A round is published only once the
// previous one is committed, so that each batch holds at most one event per
// listing and the outputs are exact: a change round yields one
// normalized-products and one price-updates record per listing, a repeat
// round none (when the filter remembers it).

// pfTimeout bounds every wait of one scenario. It is a hang guard, not an
// assertion: a healthy run takes a few seconds.
const pfTimeout = 2 * time.Minute

// The catalog: pfShops shops of pfListingsPerShop one-variant listings.
// Twelve shop keys spread the events over the six partitions.
const (
	pfShops           = 12
	pfListingsPerShop = 8
	pfListings        = pfShops * pfListingsPerShop
)

// pfKinds are the databases every scenario runs on.
var pfKinds = []string{kindSQLite, kindPostgres}

// pfT0 is the time of round 0.
func pfT0() time.Time { return time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC) }

// pfRoundAt is the time of round r.
func pfRoundAt(r int) time.Time { return pfT0().Add(time.Duration(r) * time.Hour) }

// pfLogger logs warnings to stderr with -v (fault tests provoke them) and
// discards otherwise.
func pfLogger() *slog.Logger {
	var w io.Writer = io.Discard
	if testing.Verbose() {
		w = os.Stderr
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// pfRig is one scenario's world: a kfake cluster with the pipeline's topics,
// a migrated store holding the catalog's shops, the embedded registry and
// Serde as openPipeline builds them, and the plan of rounds.
type pfRig struct {
	t       *testing.T
	kind    string          // kindSQLite or kindPostgres
	ctx     context.Context // ends at pfTimeout, at the end of the test, or when a consumer dies
	abort   context.CancelCauseFunc
	log     *slog.Logger
	cluster *kfake.Cluster
	db      database
	p       *pipeline
	cfg     bus.Config // p.bus with timers short enough for a test
	shops   []catalog.Shop
	catalog []catalog.Listing
	batches atomic.Int64 // handler calls of every replica, numbered (pfBatchOf)

	// rounds[r] is true for a change round. The test goroutine appends to
	// it under roundsMu; replicas read the round in flight with current.
	roundsMu sync.Mutex
	rounds   []bool
}

// current returns the round being published or last published, and
// whether it is a change round.
func (r *pfRig) current() (round int, change bool) {
	r.roundsMu.Lock()
	defer r.roundsMu.Unlock()
	return len(r.rounds) - 1, r.rounds[len(r.rounds)-1]
}

// newPFRig builds the world for database kind on a fresh kfake cluster
// started with opts.
func newPFRig(t *testing.T, kind string, opts ...kfake.Opt) *pfRig {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pfTimeout)
	t.Cleanup(cancel)
	ctx, abort := context.WithCancelCause(ctx)
	t.Cleanup(func() { abort(nil) })
	r := &pfRig{t: t, kind: kind, ctx: ctx, abort: abort, log: pfLogger()}

	cluster, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close)
	r.cluster = cluster

	cfg := defaultConfig()
	cfg.DataDir = t.TempDir()
	if kind == kindPostgres {
		cfg.Database.URL = storetest.PostgresDatabase(t)
	}
	cfg.Kafka.Brokers = cluster.ListenAddrs()
	c := &cli{cfg: cfg, log: r.log}
	if r.db, err = openStore(ctx, cfg, r.log); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.db.Close() })
	if _, err := r.db.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	r.shops, r.catalog = pfCatalog()
	if err := r.db.UpsertShops(ctx, r.shops); err != nil {
		t.Fatal(err)
	}
	p, err := c.openPipeline(ctx, r.db) // creates the topics, serves the registry from db
	t.Cleanup(func() {
		var err error
		p.close(c, &err)
	})
	if err != nil {
		t.Fatal(err)
	}
	r.p = p
	r.cfg = pfBusConfig(p.bus)
	return r
}

// pfBusConfig is cfg with the timers of bus's own consumer tests: a
// rebalance shows within a heartbeat, a retry comes at once, a batch is
// small enough that a round spans several.
func pfBusConfig(cfg bus.Config) bus.Config {
	cfg.Producer.Linger = 0
	cfg.Consumer.FetchMaxWait = 50 * time.Millisecond
	cfg.Consumer.HeartbeatInterval = 100 * time.Millisecond
	cfg.Consumer.SessionTimeout = 6 * time.Second
	cfg.Consumer.RetryBackoff = 10 * time.Millisecond
	cfg.Consumer.TransactionTimeout = 20 * time.Second
	cfg.Consumer.MaxPollRecords = 40
	return cfg
}

// pfCatalog is the shops and their one-variant deck listings.
func pfCatalog() ([]catalog.Shop, []catalog.Listing) {
	var shops []catalog.Shop
	var listings []catalog.Listing
	for s := range pfShops {
		shop := catalog.Shop{Slug: fmt.Sprintf("shop-%02d", s), Name: fmt.Sprintf("Shop %d", s),
			Platform: catalog.PlatformShopify, BaseURL: fmt.Sprintf("https://shop%d.example", s),
			Currency: "USD", Country: "US"}
		shops = append(shops, shop)
		for l := range pfListingsPerShop {
			id := fmt.Sprintf("deck-%d-%d", s, l)
			listings = append(listings, catalog.Listing{
				ShopSlug: shop.Slug, ExternalID: id, Handle: id, Title: fmt.Sprintf("Baker Logo Deck %d", l),
				Brand: "Baker", Category: catalog.CategoryDecks, URL: shop.BaseURL + "/products/" + id,
				Variants: []catalog.Variant{{ExternalID: "825", Title: "8.25",
					Attributes: catalog.Attributes{DeckWidthHundredths: 825}}},
			})
		}
	}
	return shops, listings
}

// pfKey is the variant key of listing l of the catalog.
func pfKey(l catalog.Listing) catalog.VariantKey {
	return catalog.VariantKey{ShopSlug: l.ShopSlug, ListingExternalID: l.ExternalID, VariantExternalID: l.Variants[0].ExternalID}
}

// pfPrice is the price of every listing at round r of plan: round 0 and
// each change round move it, a repeat round keeps it.
func pfPrice(plan []bool, r int) int64 {
	price := int64(5000)
	for i := 1; i <= r; i++ {
		if plan[i] {
			price += 100
		}
	}
	return price
}

// pfObservation is listing l's observation in round r of plan.
func pfObservation(plan []bool, l catalog.Listing, r int) catalog.PriceObservation {
	return catalog.PriceObservation{Variant: pfKey(l), ObservedAt: pfRoundAt(r),
		Price: catalog.Money{Amount: pfPrice(plan, r), Currency: "USD"}, Availability: catalog.InStock,
		SourceRun: fmt.Sprintf("run-%d", r)}
}

// event encodes ev for product-events, keyed by its shop.
func (r *pfRig) event(ev catalog.ProductEvent) bus.Record {
	r.t.Helper()
	v, err := r.p.serde.Encode(ev)
	if err != nil {
		r.t.Fatal(err)
	}
	return bus.Record{Topic: r.cfg.Topics.ProductEvents, Key: []byte(ev.Shop), Value: v}
}

// round returns the records of the next round, a change round or a
// repeat, and adds it to the plan.
func (r *pfRig) round(change bool) []bus.Record {
	r.t.Helper()
	r.roundsMu.Lock()
	n := len(r.rounds)
	r.rounds = append(r.rounds, change || n == 0)
	r.roundsMu.Unlock()
	recs := make([]bus.Record, len(r.catalog))
	for i, l := range r.catalog {
		recs[i] = r.event(catalog.NewProductEvent(l, l.Variants[0], pfObservation(r.rounds, l, n)))
	}
	return recs
}

// publish produces recs with the idempotent producer scrape's kafka sink
// uses, and returns once all are acknowledged.
func (r *pfRig) publish(recs []bus.Record) {
	r.t.Helper()
	p, err := bus.NewProducer(r.cfg, r.log)
	if err != nil {
		r.t.Fatal(err)
	}
	defer func() { _ = p.Close(context.WithoutCancel(r.ctx)) }()
	if err := p.Publish(r.ctx, recs); err != nil {
		r.t.Fatalf("publish %d records: %v", len(recs), err)
	}
}

// publishRound publishes the next round and waits until the group has
// committed it.
func (r *pfRig) publishRound(change bool) {
	r.t.Helper()
	r.publish(r.round(change))
	r.awaitCaughtUp()
}

// awaitCaughtUp returns once the ingest group has committed every record of
// product-events: what they produced is then durable and committed too.
func (r *pfRig) awaitCaughtUp() {
	r.t.Helper()
	topic := r.cfg.Topics.ProductEvents
	_, err := r.cluster.WaitGroupInfo(r.ctx, r.cfg.Consumer.Group, func(g *kfake.GroupInfo) bool {
		if g == nil {
			return false
		}
		for _, pi := range r.cluster.PartitionInfos(topic) {
			if pi.HighWatermark == 0 {
				continue
			}
			if c, ok := g.Commits[topic][pi.Partition]; !ok || c.Offset != pi.HighWatermark {
				return false
			}
		}
		return true
	})
	if err != nil {
		r.t.Fatalf("the group did not commit all of %s: %v", topic, context.Cause(r.ctx))
	}
}

// pfConsumer is one replica of `skatestock consume`: its own Ingester and
// filter over a store, running a TransactConsumer until stopped.
type pfConsumer struct {
	in     *ingest.Ingester
	cancel context.CancelFunc
	done   chan error
}

// pfConsumerOpts are what a replica is built from. Zero values mean a
// fresh in-memory filter and the rig's store.
type pfConsumerOpts struct {
	filter ingest.Filter
	store  store.Store
	parent context.Context // cancelling it kills the replica; nil means the rig's
}

// newPFFilter is the embedded (in-memory) bloom filter consume uses without
// Redis, sized for a test.
func newPFFilter(t *testing.T, log *slog.Logger) *dedup.FailOpen {
	t.Helper()
	cfg := dedup.DefaultConfig()
	cfg.ExpectedItems = 10_000
	m, err := dedup.NewMemory(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return dedup.NewFailOpen(m, log)
}

// start runs a replica with transactional instance id instance until it is
// stopped, its parent is cancelled or the test ends. A replica that stops
// by itself aborts the rig, so that no wait outlives it.
func (r *pfRig) start(instance string, o pfConsumerOpts) *pfConsumer {
	r.t.Helper()
	if o.filter == nil {
		o.filter = newPFFilter(r.t, r.log)
	}
	if o.store == nil {
		o.store = r.db
	}
	if o.parent == nil {
		o.parent = r.ctx
	}
	log := r.log.With("instance", instance)
	in, err := newIngester(r.p, o.filter, o.store, r.kind, log)
	if err != nil {
		r.t.Fatal(err)
	}
	cfg := r.cfg
	cfg.Consumer.InstanceID = instance
	tc, err := bus.NewTransactConsumer(cfg, log, cfg.Topics.ProductEvents)
	if err != nil {
		r.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(o.parent)
	c := &pfConsumer{in: in, cancel: cancel, done: make(chan error, 1)}
	go func() {
		err := tc.Run(ctx, r.numbered(ingestHandler(in)))
		if ctx.Err() == nil {
			r.abort(fmt.Errorf("consumer %s stopped by itself: %v", instance, err))
		}
		c.done <- err
	}()
	r.t.Cleanup(func() { _ = c.stop(r.t) })
	return c
}

// stop cancels the replica and returns what Run returned.
func (c *pfConsumer) stop(t testing.TB) error {
	t.Helper()
	c.cancel()
	return c.wait(t)
}

// wait returns what Run returned once it has.
func (c *pfConsumer) wait(t testing.TB) error {
	t.Helper()
	select {
	case err := <-c.done:
		c.done <- err // later calls see it too
		return err
	case <-time.After(pfTimeout):
		t.Fatal("Run did not return after its context was cancelled")
		return nil
	}
}

// pfHookedStore is a store whose RecordObservations goes through hook, which
// decides when (and whether) the real write runs: the place a test stops a
// batch "inside the store write".
type pfHookedStore struct {
	database
	hook func(ctx context.Context, obs []catalog.PriceObservation, write func(context.Context) (store.RecordResult, error)) (store.RecordResult, error)
}

func (s pfHookedStore) RecordObservations(ctx context.Context, obs []catalog.PriceObservation) (store.RecordResult, error) {
	return s.hook(ctx, obs, func(ctx context.Context) (store.RecordResult, error) {
		return s.database.RecordObservations(ctx, obs)
	})
}

// pfSignal is a channel closed once, safe to fire from several goroutines.
type pfSignal struct {
	once sync.Once
	ch   chan struct{}
}

func newPFSignal() *pfSignal { return &pfSignal{ch: make(chan struct{})} }

func (s *pfSignal) fire() { s.once.Do(func() { close(s.ch) }) }

// await blocks until s fires, failing the test if the rig ends first.
func (r *pfRig) await(s *pfSignal, what string) {
	r.t.Helper()
	select {
	case <-s.ch:
	case <-r.ctx.Done():
		r.t.Fatalf("%s never happened: %v", what, context.Cause(r.ctx))
	}
}

// readTopic returns every data record of topic up to its end now: the last
// stable offset with committed, the high watermark otherwise.
func (r *pfRig) readTopic(topic string, committed bool) []*kgo.Record {
	r.t.Helper()
	return r.readTopics(committed, topic)[topic]
}

// readTopics reads several topics as readTopic does, with one client.
func (r *pfRig) readTopics(committed bool, topics ...string) map[string][]*kgo.Record {
	r.t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(r.cfg.Brokers...))
	if err != nil {
		r.t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	list, iso := adm.ListEndOffsets, kgo.ReadUncommitted()
	if committed {
		list, iso = adm.ListCommittedOffsets, kgo.ReadCommitted()
	}
	ends, err := list(r.ctx, topics...)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		r.t.Fatalf("end offsets of %v: %v", topics, err)
	}
	last := map[string]map[int32]int64{}
	parts := map[string]map[int32]kgo.Offset{}
	left := 0
	ends.Each(func(end kadm.ListedOffset) {
		if end.Offset > 0 {
			if last[end.Topic] == nil {
				last[end.Topic], parts[end.Topic] = map[int32]int64{}, map[int32]kgo.Offset{}
			}
			last[end.Topic][end.Partition] = end.Offset - 1
			parts[end.Topic][end.Partition] = kgo.NewOffset().AtStart()
			left++
		}
	})
	out := map[string][]*kgo.Record{}
	if left == 0 {
		return out
	}
	// Control records are kept to know when a partition is done: the
	// record just below either end is always returned, data or marker.
	rd, err := kgo.NewClient(kgo.SeedBrokers(r.cfg.Brokers...), kgo.FetchIsolationLevel(iso), kgo.KeepControlRecords(),
		kgo.ConsumePartitions(parts))
	if err != nil {
		r.t.Fatal(err)
	}
	defer rd.Close()
	for left > 0 {
		fs := rd.PollFetches(r.ctx)
		if err := fs.Err(); err != nil {
			r.t.Fatalf("read %v: %v", topics, err)
		}
		fs.EachRecord(func(rec *kgo.Record) {
			stop, ok := last[rec.Topic][rec.Partition]
			if !ok {
				return
			}
			if !rec.Attrs.IsControl() {
				out[rec.Topic] = append(out[rec.Topic], rec)
			}
			if rec.Offset >= stop {
				delete(last[rec.Topic], rec.Partition)
				left--
			}
		})
	}
	return out
}
