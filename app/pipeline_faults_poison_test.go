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
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/dedup"
	"github.com/skatestock/skatestock/modules/ingest"
	"github.com/skatestock/skatestock/modules/redistest"
	"github.com/skatestock/skatestock/modules/schema"
)

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
		// Ingest asks about listing contents (dedup.ListingKey) in the same
		// call; they fail open with the states, so the states tell it all.
		l, state := s.byKey[string(k)]
		if state && !change && !seen[i] {
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
		take func(*redistest.Proxy)
	}{
		{"stopped", (*redistest.Proxy).Cut},
		{"hung", (*redistest.Proxy).Hang},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pfRun(t, func(t *testing.T, kind string) { pfRedisOutage(t, kind, tt.take) })
		})
	}
}

func pfRedisOutage(t *testing.T, kind string, take func(*redistest.Proxy)) {
	opt := redistest.RedisOptions(t)
	opt.DisableCache = true // the filter reads nothing through the client-side cache
	direct := redistest.NewRedisClient(t, opt)
	prefix := redistest.KeyPrefix(t, direct) // deleted through a client the test never cuts
	proxy := redistest.StartProxy(t, opt.InitAddress[0])
	opt.InitAddress = []string{proxy.Addr()}
	client := redistest.NewRedisClient(t, opt)

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
