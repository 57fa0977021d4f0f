package app

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
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
	var round1 []int64 // the batches writing round 1, in order of their first store call
	var lastBatch int64
	var killedObs, lastObs []catalog.PriceObservation // lastObs: every store call's of lastBatch
	hook := func(ctx context.Context, obs []catalog.PriceObservation, write func(context.Context) (store.RecordResult, error)) (store.RecordResult, error) {
		b := pfBatchOf(ctx)
		mu.Lock()
		if obs[0].ObservedAt.Equal(pfRoundAt(1)) && !slices.Contains(round1, b) {
			round1 = append(round1, b)
		}
		second := len(round1) >= 2 && round1[1] == b
		if b != lastBatch {
			lastBatch, lastObs = b, nil
		}
		lastObs = append(lastObs, obs...)
		mu.Unlock()
		if !second || when == pfKillBeforeCommit {
			return write(ctx)
		}
		// Every store call of the batch (one per shard) dies here, each
		// after its write when the kill comes after the write. That write
		// does not see the kill: a commit cut by it could go through yet
		// report the cancellation, and the count below would miss it.
		if when == pfKillAfterWrite {
			if res, err := write(context.WithoutCancel(ctx)); err != nil {
				return res, err
			}
		}
		mu.Lock()
		killedObs = append(killedObs, obs...)
		mu.Unlock()
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
