package app

import (
	"context"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/cache/cachetest"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/ingest"
	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/store"
)

// Where a replica is killed in the middle of a batch.
const (
	pfKillBeforeWrite  = "before_write"  // the batch is inside the store call, nothing written yet
	pfKillAfterWrite   = "after_write"   // the store transaction committed, the Kafka one not
	pfKillBeforeCommit = "before_commit" // outputs produced, EndTxn(commit) never answered
)

// A replica killed in the middle of its second batch of a round (one with
// history behind it) and started again with the same instance id loses
// nothing and duplicates nothing: the killed batch is handed out again, its
// store writes repeat idempotently, and its outputs are committed once,
// since the killed transaction's never are. Killed before its commit is
// answered, it leaves the transaction open; only the restarted replica,
// with the same transactional id, can abort it.
func TestPipelineFaultsKilledMidBatch(t *testing.T) {
	tests := []struct {
		name       string
		when       string
		keepFilter bool // the restarted replica keeps the filter, as with Redis
	}{
		{"before the store write", pfKillBeforeWrite, false},
		{"after the store write", pfKillAfterWrite, false},
		{"after the store write with the filter kept", pfKillAfterWrite, true},
		{"after producing, before the commit is answered", pfKillBeforeCommit, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pfRun(t, func(t *testing.T, kind string) { pfKilledMidBatch(t, kind, tt.when, tt.keepFilter) })
		})
	}
}

func pfKilledMidBatch(t *testing.T, kind, when string, keepFilter bool) {
	r := newPFRig(t, kind)
	if when == pfKillBeforeCommit {
		// The broker must not time the open transaction out: only the
		// restart may end it.
		r.cfg.Consumer.TransactionTimeout = 10 * time.Minute
	}
	killCtx, kill := context.WithCancel(r.ctx)
	defer kill()
	killed := newPFSignal()
	var mu sync.Mutex
	var calls int // store writes of round 1
	var killedObs, lastObs []catalog.PriceObservation
	hook := func(ctx context.Context, obs []catalog.PriceObservation, write func(context.Context) (store.RecordResult, error)) (store.RecordResult, error) {
		mu.Lock()
		if obs[0].ObservedAt.Equal(pfRoundAt(1)) {
			calls++
		}
		n := calls
		lastObs = obs
		mu.Unlock()
		if n != 2 || when == pfKillBeforeCommit {
			return write(ctx)
		}
		mu.Lock()
		killedObs = obs
		mu.Unlock()
		if when == pfKillAfterWrite {
			if res, err := write(ctx); err != nil {
				return res, err
			}
		}
		killed.fire()
		<-ctx.Done() // the replica dies here
		return store.RecordResult{}, ctx.Err()
	}
	filter := newPFFilter(t, r.log)
	a := r.start("a", pfConsumerOpts{filter: filter, store: pfHookedStore{r.db, hook}, parent: killCtx})
	r.publishRound(true)
	if when == pfKillBeforeCommit {
		var commits atomic.Int32
		r.cluster.ControlKey(int16(kmsg.EndTxn), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
			req := kreq.(*kmsg.EndTxnRequest)
			if !req.Commit || commits.Add(1) != 2 {
				return nil, nil, false
			}
			mu.Lock()
			killedObs = lastObs
			mu.Unlock()
			kill()
			killed.fire()
			// An error the client does not retry and that leaves the
			// transaction open: what a kill -9 before EndTxn leaves.
			resp := req.ResponseKind().(*kmsg.EndTxnResponse)
			resp.ErrorCode = kerr.TransactionalIDAuthorizationFailed.Code
			return resp, nil, true
		})
	}
	r.publish(r.round(true))
	r.await(killed, "the kill")
	kill()
	if err := a.wait(t); err != nil {
		t.Fatalf("killed replica's Run = %v", err)
	}

	// Between the kill and the restart: what was committed is all that
	// read_committed readers see, and the store holds the killed batch
	// exactly when its write got through.
	mu.Lock()
	lost := len(killedObs)
	mu.Unlock()
	if lost == 0 {
		t.Fatal("the killed batch held no observations")
	}
	visible := len(r.readTopic(r.cfg.Topics.PriceUpdates, true))
	written := len(r.readTopic(r.cfg.Topics.PriceUpdates, false))
	counts, err := r.db.Counts(r.ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantPoints, wantWritten := visible+lost, visible
	switch when {
	case pfKillBeforeWrite:
		wantPoints = visible
	case pfKillBeforeCommit:
		wantWritten = visible + lost
	}
	if visible <= pfListings || counts.PricePoints != int64(wantPoints) || written != wantWritten {
		t.Errorf("after the kill: %d price updates committed, %d written, %d price points stored; "+
			"want more than round 0's %d committed, %d written, %d stored",
			visible, written, counts.PricePoints, pfListings, wantWritten, wantPoints)
	}

	var again sync.Map // variant -> handed to the restarted replica in round 1
	record := func(ctx context.Context, obs []catalog.PriceObservation, write func(context.Context) (store.RecordResult, error)) (store.RecordResult, error) {
		for _, o := range obs {
			again.Store(o.Variant, true)
		}
		return write(ctx)
	}
	opts := pfConsumerOpts{store: pfHookedStore{r.db, record}}
	if keepFilter {
		opts.filter = filter
	}
	b := r.start("a", opts)
	r.awaitCaughtUp()
	if err := b.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	r.check(pfWant{})
	for _, o := range killedObs {
		if _, ok := again.Load(o.Variant); !ok {
			t.Errorf("%s of the killed batch was not handed to the restarted replica", o.Variant)
			break
		}
	}
	if keepFilter && b.in.Stats().BloomMaybe == 0 {
		t.Error("the kept filter remembered nothing of the killed batch")
	}
}

// A second replica joins while the first holds a batch it has written to
// the store, and leaves later in the middle of a batch of its own, while
// events flow. Each change of membership aborts the transactions in
// flight; their batches are taken up again by whoever owns the partitions
// then, and everything ends up stored and committed exactly once.
func TestPipelineFaultsRebalance(t *testing.T) {
	pfRun(t, pfRebalance)
}

func pfRebalance(t *testing.T, kind string) {
	r := newPFRig(t, kind)
	aHolding, bWorking, bLeaving := newPFSignal(), newPFSignal(), newPFSignal()
	var handed sync.Map // pfOutputKey -> *atomic.Int32, across both replicas
	tally := func(obs []catalog.PriceObservation) {
		for _, o := range obs {
			n, _ := handed.LoadOrStore(pfOutputKey{o.Variant.String(), o.ObservedAt}, new(atomic.Int32))
			n.(*atomic.Int32).Add(1)
		}
	}
	var aCalls atomic.Int32
	aStore := pfHookedStore{r.db, func(ctx context.Context, obs []catalog.PriceObservation, write func(context.Context) (store.RecordResult, error)) (store.RecordResult, error) {
		tally(obs)
		res, err := write(ctx)
		if err == nil && aCalls.Add(1) == 2 {
			// Hold the written batch until b has been handed records,
			// which takes a rebalance around a's open transaction.
			aHolding.fire()
			select {
			case <-bWorking.ch:
			case <-ctx.Done():
				return res, ctx.Err()
			}
		}
		return res, err
	}}
	var bLeft atomic.Bool
	bStore := pfHookedStore{r.db, func(ctx context.Context, obs []catalog.PriceObservation, write func(context.Context) (store.RecordResult, error)) (store.RecordResult, error) {
		tally(obs)
		res, err := write(ctx)
		if err != nil {
			return res, err
		}
		bWorking.fire()
		if obs[0].ObservedAt.Equal(pfRoundAt(1)) && bLeft.CompareAndSwap(false, true) {
			bLeaving.fire()
			<-ctx.Done() // b is stopped with this batch written, not committed
			return res, ctx.Err()
		}
		return res, nil
	}}

	first := r.round(true)
	r.publish(first[:len(first)/2])
	a := r.start("a", pfConsumerOpts{store: aStore})
	r.await(aHolding, "a holding its second batch")
	b := r.start("b", pfConsumerOpts{store: bStore})
	r.await(bWorking, "b working")
	r.publish(first[len(first)/2:])
	r.awaitCaughtUp()

	r.publish(r.round(true))
	r.await(bLeaving, "b in a batch of round 1")
	if err := b.stop(t); err != nil {
		t.Fatalf("b's Run = %v", err)
	}
	r.awaitCaughtUp()
	r.publishRound(true) // a alone
	if err := a.stop(t); err != nil {
		t.Fatalf("a's Run = %v", err)
	}
	r.check(pfWant{})
	again := 0
	handed.Range(func(_, n any) bool {
		if n.(*atomic.Int32).Load() > 1 {
			again++
		}
		return true
	})
	if again == 0 {
		t.Error("no observation was handed out twice, want the held and the left batches taken up again")
	}
	if a.in.Stats().Observations == 0 || b.in.Stats().Observations == 0 {
		t.Errorf("a stored %d observations and b %d, want both to work", a.in.Stats().Observations, b.in.Stats().Observations)
	}
}

// A produce that the broker appended but answered REQUEST_TIMED_OUT is
// retried by the client; the idempotent producer's sequence numbers make
// the retry a no-op — on the input topic, from scrape's producer, and on
// both outputs, inside ingest's transactions — so nothing is stored or
// committed twice.
func TestPipelineFaultsProduceTimedOut(t *testing.T) {
	pfRun(t, func(t *testing.T, kind string) {
		r := newPFRig(t, kind)
		var faults []kfake.Fault
		for _, topic := range []string{r.cfg.Topics.ProductEvents, r.cfg.Topics.NormalizedProducts, r.cfg.Topics.PriceUpdates} {
			faults = append(faults, kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: topic, Err: kerr.RequestTimedOut, Count: 2})
		}
		f := r.cluster.Fault(faults...)
		c := r.start("a", pfConsumerOpts{})
		r.publishRound(true)
		r.publishRound(true)
		if err := c.stop(t); err != nil {
			t.Fatalf("Run = %v", err)
		}
		if f.Hits() != 2*len(faults) {
			t.Errorf("the faults hit %d times, want %d", f.Hits(), 2*len(faults))
		}
		if n := len(r.readTopic(r.cfg.Topics.ProductEvents, false)); n != 2*pfListings {
			t.Errorf("product-events holds %d records, want %d", n, 2*pfListings)
		}
		r.check(pfWant{})
	})
}

// pfPoison is a record that can never be ingested and the dead letter it
// must become.
type pfPoison struct {
	name     string
	rec      bus.Record
	kind     string
	schemaID int
	message  string // a part of the error message
}

// Poison records — bytes that are not Avro, an unknown schema id, a record
// of another schema, a writer schema incompatible with the reader, Avro cut
// short, an invalid event and an event of an unknown shop — are each
// dead-lettered once with headers naming where they came from and why, and
// the good records behind them on the same partitions are stored.
func TestPipelineFaultsPoison(t *testing.T) {
	pfRun(t, pfPoisonScenario)
}

func pfPoisonScenario(t *testing.T, kind string) {
	r := newPFRig(t, kind)
	c := r.start("a", pfConsumerOpts{})
	r.publishRound(true)
	poison := r.poison()
	var recs []bus.Record
	for _, p := range poison {
		p.rec.Topic = r.cfg.Topics.ProductEvents
		recs = append(recs, p.rec)
	}
	r.publish(append(recs, r.round(true)...)) // behind the poison on each partition
	r.awaitCaughtUp()
	if err := c.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	r.check(pfWant{})

	where := map[string]bus.Record{} // value -> the record as stored in product-events
	for _, rec := range r.readTopic(r.cfg.Topics.ProductEvents, false) {
		where[string(rec.Value)] = bus.Record{Partition: rec.Partition, Offset: rec.Offset}
	}
	dlq, err := bus.NewDLQ(r.cfg, r.log)
	if err != nil {
		t.Fatal(err)
	}
	defer dlq.Close()
	letters, err := dlq.List(r.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(letters) != len(poison) {
		t.Errorf("%d dead letters, want %d", len(letters), len(poison))
	}
	byValue := map[string][]bus.DeadLetter{}
	for _, l := range letters {
		byValue[string(l.Value)] = append(byValue[string(l.Value)], l)
	}
	wantKinds := map[string]uint64{}
	for _, p := range poison {
		wantKinds[p.kind]++
		got := byValue[string(p.rec.Value)]
		if len(got) != 1 {
			t.Errorf("%s: dead-lettered %d times, want once", p.name, len(got))
			continue
		}
		l, src := got[0], where[string(p.rec.Value)]
		if l.SourceTopic != r.cfg.Topics.ProductEvents || l.Partition != src.Partition || l.Offset != src.Offset ||
			l.Kind != p.kind || l.SchemaID != p.schemaID || string(l.Key) != string(p.rec.Key) {
			t.Errorf("%s: dead letter from %s %d/%d, kind %q, schema id %d, key %q; want %s %d/%d, %q, %d, %q",
				p.name, l.SourceTopic, l.Partition, l.Offset, l.Kind, l.SchemaID, l.Key,
				r.cfg.Topics.ProductEvents, src.Partition, src.Offset, p.kind, p.schemaID, p.rec.Key)
		}
		if !strings.Contains(l.Message, p.message) {
			t.Errorf("%s: message %q does not say %q", p.name, l.Message, p.message)
		}
		if l.FailedAt.IsZero() {
			t.Errorf("%s: dead letter without its time", p.name)
		}
	}
	if got := c.in.Stats().DeadLettered; len(got) != len(wantKinds) || !pfMapsEqual(got, wantKinds) {
		t.Errorf("dead letters by kind %v, want %v", got, wantKinds)
	}
}

func pfMapsEqual(a, b map[string]uint64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

// pfIncompatible is a product-events writer schema the embedded one cannot
// read: price_minor became a string.
const pfIncompatible = `{"type":"record","name":"ProductEvent","namespace":"com.skatestock.v1","fields":[
	{"name":"shop","type":"string"},{"name":"price_minor","type":"string"}]}`

// poison builds the poison records, each keyed by a shop whose good events
// follow it. The incompatible writer schema is first refused by the
// registry, then forced in under compatibility NONE, as a careless
// producer could.
func (r *pfRig) poison() []pfPoison {
	t := r.t
	t.Helper()
	good := r.catalog[0]
	eventOf := func(mut func(*catalog.ProductEvent)) catalog.ProductEvent {
		ev := catalog.NewProductEvent(good, good.Variants[0], pfObservation([]bool{true}, good, 0))
		ev.ObservedAt = pfT0().Add(-time.Hour) // never a round's time
		mut(&ev)
		return ev
	}
	negative := r.event(eventOf(func(ev *catalog.ProductEvent) { ev.PriceMinor = -100 }))
	unknownShop := r.event(eventOf(func(ev *catalog.ProductEvent) { ev.Shop = "no-such-shop" }))
	valid := r.event(eventOf(func(*catalog.ProductEvent) {}))
	eventID, err := schema.SchemaID(valid.Value)
	if err != nil {
		t.Fatal(err)
	}
	other, err := r.p.serde.Encode(schema.FromListing(good, nil))
	if err != nil {
		t.Fatal(err)
	}
	otherID, err := schema.SchemaID(other)
	if err != nil {
		t.Fatal(err)
	}
	incompatibleID, incompatible := r.incompatibleRecord("shop-03")
	key := func(i int) []byte { return []byte(r.shops[i%len(r.shops)].Slug) }
	unknownID := append([]byte{0, 0, 0x01, 0x86, 0x9f}, "whatever"...) // schema id 99999
	return []pfPoison{
		{"garbage", bus.Record{Key: key(0), Value: []byte("not avro at all")}, ingest.KindDecode, 0, "magic byte"},
		{"unknown schema id", bus.Record{Key: key(1), Value: unknownID}, ingest.KindDecode, 99999, "99999"},
		{"another topic's record", bus.Record{Key: key(2), Value: other}, ingest.KindDecode, otherID, "NormalizedProduct"},
		{"incompatible writer schema", bus.Record{Key: key(3), Value: incompatible}, ingest.KindDecode, incompatibleID, "schema id"},
		{"avro cut short", bus.Record{Key: key(4), Value: valid.Value[:len(valid.Value)/2]}, ingest.KindDecode, eventID, "decode"},
		{"negative price", bus.Record{Key: key(5), Value: negative.Value}, ingest.KindInvalid, eventID, "price"},
		{"unknown shop", bus.Record{Key: []byte("no-such-shop"), Value: unknownShop.Value}, ingest.KindUnknownShop, eventID, "no-such-shop"},
	}
}

// incompatibleRecord registers pfIncompatible under product-events and
// returns its id and a record written with it.
func (r *pfRig) incompatibleRecord(shop string) (int, []byte) {
	t := r.t
	t.Helper()
	cl, err := schema.NewClient(schema.ClientConfig{URLs: []string{r.p.registry.url}})
	if err != nil {
		t.Fatal(err)
	}
	subject := schema.ValueSubject(r.cfg.Topics.ProductEvents)
	s := sr.Schema{Schema: pfIncompatible, Type: sr.TypeAvro}
	if _, err := cl.RegisterSchema(r.ctx, subject, s, -1, -1); err == nil {
		t.Fatal("the registry accepted a schema that breaks BACKWARD compatibility")
	}
	for _, res := range cl.SetCompatibility(r.ctx, sr.SetCompatibility{Level: sr.CompatNone}, subject) {
		if res.Err != nil {
			t.Fatal(res.Err)
		}
	}
	id, err := cl.RegisterSchema(r.ctx, subject, s, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	body, err := avro.Marshal(avro.MustParse(pfIncompatible), map[string]any{"shop": shop, "price_minor": "cheap"})
	if err != nil {
		t.Fatal(err)
	}
	value := binary.BigEndian.AppendUint32([]byte{0}, uint32(id))
	return id, append(value, body...)
}

// pfFilterSpy stands between ingest and its filter: it runs before ahead
// of each call (counted from 1) and remembers, per listing, the repeat
// observations the filter did not answer "maybe seen" — those ingest
// writes and publishes again, since only the store can tell them
// unchanged.
type pfFilterSpy struct {
	r      *pfRig
	next   *dedup.FailOpen
	before func(call int)

	mu          sync.Mutex
	calls       int
	failures    []int // calls that failed open
	republished []pfOutputKey
	byKey       map[string]catalog.Listing // content key -> listing
}

func (s *pfFilterSpy) TestAndAdd(ctx context.Context, keys [][]byte) ([]bool, error) {
	round, change := s.r.current() // rounds are published one at a time
	s.mu.Lock()
	s.calls++
	call := s.calls
	s.mu.Unlock()
	s.before(call)
	failed := s.next.Stats().Failures
	seen, err := s.next.TestAndAdd(ctx, keys)
	if err != nil {
		return seen, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.next.Stats().Failures > failed {
		s.failures = append(s.failures, call)
	}
	for i, k := range keys {
		if !change && !seen[i] {
			l := s.byKey[string(k)]
			s.republished = append(s.republished, pfOutputKey{l.ShopSlug + "/" + l.ExternalID, pfRoundAt(round)})
		}
	}
	return seen, nil
}

// Redis taken away in the middle of a repeat round — refusing connections,
// or holding them without an answer — and given back: the filter fails
// open, every observation reaches the store, which confirms the repeats
// (no new change point, no price update) and extends their points, and the
// filter recovers by itself. The only trace is that ingest publishes the
// listings of repeats the filter could not vouch for once more.
func TestPipelineFaultsRedisOutage(t *testing.T) {
	tests := []struct {
		name string
		take func(*cachetest.Proxy)
	}{
		{"stopped", (*cachetest.Proxy).Cut},
		{"hung", (*cachetest.Proxy).Hang},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pfRun(t, func(t *testing.T, kind string) { pfRedisOutage(t, kind, tt.take) })
		})
	}
}

func pfRedisOutage(t *testing.T, kind string, take func(*cachetest.Proxy)) {
	opt := cachetest.RedisOptions(t)
	opt.DisableCache = true // the filter reads nothing through the client-side cache
	direct := cachetest.NewRedisClient(t, opt)
	prefix := cachetest.KeyPrefix(t, direct) // deleted through a client the test never cuts
	proxy := cachetest.StartProxy(t, opt.InitAddress[0])
	opt.InitAddress = []string{proxy.Addr()}
	client := cachetest.NewRedisClient(t, opt)

	r := newPFRig(t, kind)
	cfg := dedup.DefaultConfig()
	cfg.ExpectedItems = 10_000
	cfg.KeyPrefix = prefix + "dedup"
	cfg.Timeout = 500 * time.Millisecond // generous under -race on a busy machine; a hung call costs this much
	redis, err := dedup.NewRedis(r.ctx, cfg, client, r.log)
	if err != nil {
		t.Fatal(err)
	}
	spy := &pfFilterSpy{r: r, next: dedup.NewFailOpen(redis, r.log), byKey: map[string]catalog.Listing{}}
	for _, l := range r.catalog {
		for _, price := range []int64{5000, 5100} { // the states of rounds 0-2 and 3
			o := catalog.PriceObservation{Variant: pfKey(l), Price: catalog.Money{Amount: price, Currency: "USD"},
				Availability: catalog.InStock}
			spy.byKey[string(dedup.ContentKey(o))] = l
		}
	}
	var cutAt, restored atomic.Int32
	spy.before = func(call int) {
		round, _ := r.current()
		switch {
		case round == 1 && cutAt.Load() == 0 && call > 1 && cutAt.CompareAndSwap(0, int32(call)):
			take(proxy) // in round 1, from its second batch on
		case round == 2 && restored.Load() == 0 && restored.CompareAndSwap(0, int32(call)):
			proxy.Restore() // at round 2's first batch
		}
	}
	c := r.start("a", pfConsumerOpts{filter: spy})
	r.publishRound(true)  // round 0: every state new, remembered in Redis
	r.publishRound(false) // round 1: repeats, Redis taken away during it
	r.publishRound(false) // round 2: repeats, Redis back
	r.publishRound(true)  // round 3: new prices
	if err := c.stop(t); err != nil {
		t.Fatalf("Run = %v", err)
	}
	spy.mu.Lock()
	failures, republished, calls := spy.failures, spy.republished, spy.calls
	spy.mu.Unlock()
	if cutAt.Load() == 0 || restored.Load() == 0 {
		t.Fatalf("Redis was taken at call %d and restored at call %d, want both", cutAt.Load(), restored.Load())
	}
	if !slices.Contains(failures, int(cutAt.Load())) {
		t.Fatalf("calls that failed open: %v, want call %d, the first without Redis, among them", failures, cutAt.Load())
	}
	recovered := false
	for call := int(restored.Load()); call <= calls; call++ {
		recovered = recovered || !slices.Contains(failures, call)
	}
	if !recovered {
		t.Errorf("every call from %d to %d failed open: the filter never recovered", restored.Load(), calls)
	}
	r.check(pfWant{republished: republished})
	st := c.in.Stats()
	if st.Observations != uint64(len(r.rounds)*pfListings) {
		t.Errorf("ingest stored %d observations, want %d", st.Observations, len(r.rounds)*pfListings)
	}
	if st.ConfirmedDuplicates == 0 {
		t.Error("no repeat was confirmed as a duplicate: the filter remembered nothing")
	}
}

// Broker errors on the transaction protocol around the offset commit —
// TxnOffsetCommit, EndTxn, AddOffsetsToTxn and AddPartitionsToTxn (Kafka
// 3.9, before KIP-890 made them implicit), InitProducerID — while ingest
// writes to the store: whatever the client retries, aborts or restarts,
// every observation is stored once and every output committed once.
func TestPipelineFaultsCommit(t *testing.T) {
	kafka39 := []kfake.Opt{kfake.MaxVersions(kversion.V3_9_0())}
	tests := []struct {
		name        string
		kafka       []kfake.Opt
		key         kmsg.Key
		err         *kerr.Error
		count       int
		beforeStart bool // the fault waits for the session's start, not round 1
	}{
		{"txn offset commit unknown error", nil, kmsg.TxnOffsetCommit, kerr.UnknownServerError, 2, false},
		{"txn offset commit applied but timed out", nil, kmsg.TxnOffsetCommit, kerr.RequestTimedOut, 1, false},
		{"end txn coordinator not available", nil, kmsg.EndTxn, kerr.CoordinatorNotAvailable, 2, false},
		{"end txn unknown error", nil, kmsg.EndTxn, kerr.UnknownServerError, 1, false},
		{"init producer id loading", nil, kmsg.InitProducerID, kerr.CoordinatorLoadInProgress, 2, true},
		{"kafka 3.9 add offsets concurrent transactions", kafka39, kmsg.AddOffsetsToTxn, kerr.ConcurrentTransactions, 2, false},
		{"kafka 3.9 add partitions coordinator not available", kafka39, kmsg.AddPartitionsToTxn, kerr.CoordinatorNotAvailable, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pfRun(t, func(t *testing.T, kind string) {
				r := newPFRig(t, kind, tt.kafka...)
				fault := kfake.Fault{Keys: []kmsg.Key{tt.key}, Err: tt.err, Count: tt.count}
				var f *kfake.FaultHandle
				if tt.beforeStart {
					f = r.cluster.Fault(fault)
				}
				c := r.start("a", pfConsumerOpts{})
				r.publishRound(true)
				if !tt.beforeStart {
					f = r.cluster.Fault(fault) // hits batches with history behind them
				}
				r.publishRound(true)
				if err := c.stop(t); err != nil {
					t.Fatalf("Run = %v", err)
				}
				if f.Hits() == 0 {
					t.Errorf("the fault on %s never hit", tt.key.Name())
				}
				r.check(pfWant{})
			})
		})
	}
}
