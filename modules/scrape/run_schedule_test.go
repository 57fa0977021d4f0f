package scrape_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// stubGetter answers every request at once: an empty Shopify page, or the
// error set for the shop.
type stubGetter struct {
	err error
}

func (g stubGetter) Get(_ context.Context, url string, _ ...string) (*fetch.Response, error) {
	if g.err != nil {
		return nil, g.err
	}
	body := []byte(`{"products":[]}`)
	return &fetch.Response{URL: url, Status: 200, Body: body, Bytes: int64(len(body)), Attempts: 1}, nil
}

// scheduler runs Run over a fake clock and collects the reports.
type scheduler struct {
	t       *testing.T
	clock   *clockwork.FakeClock
	runner  *scrape.Runner
	reports chan scrape.RunReport
	cancel  context.CancelFunc
	done    chan error
}

func startScheduler(t *testing.T, jitter time.Duration, errs map[string]error, shops ...scrape.ShopConfig) *scheduler {
	t.Helper()
	s := &scheduler{t: t, clock: clockwork.NewFakeClockAt(testStart), reports: make(chan scrape.RunReport, 64), done: make(chan error, 1)}
	factory := func(shop scrape.ShopConfig, _ fetch.ValidatorCache) (scrape.Getter, error) {
		return stubGetter{err: errs[shop.Slug]}, nil
	}
	cfg := scrape.DefaultConfig()
	cfg.StartJitter = jitter
	r, err := scrape.New(cfg, nil, factory, &recordingSink{t: t}, nil,
		scrape.WithClock(s.clock), scrape.WithReports(func(rep scrape.RunReport) { s.reports <- rep }))
	if err != nil {
		t.Fatal(err)
	}
	s.runner = r
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() { s.done <- r.Run(ctx, shops) }()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	return s
}

// settle waits until every shop's loop waits on the clock again, so that no
// run is in progress, and returns the reports of the runs since the last call.
func (s *scheduler) settle(shops int) []scrape.RunReport {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // a hang guard, not a timing assertion
	defer cancel()
	if err := s.clock.BlockUntilContext(ctx, shops); err != nil {
		s.t.Fatalf("the shops' loops did not come back to wait: %v", err)
	}
	var reps []scrape.RunReport
	for {
		select {
		case rep := <-s.reports:
			reps = append(reps, rep)
		default:
			return reps
		}
	}
}

// ran counts reports by shop.
func ran(reps []scrape.RunReport) map[string]int {
	n := map[string]int{}
	for _, r := range reps {
		n[r.Shop]++
	}
	return n
}

func scheduledShop(slug string, every time.Duration) scrape.ShopConfig {
	s := testShop(slug, catalog.PlatformShopify, "http://127.0.0.1:1")
	s.Schedule = every
	return s
}

func TestRunFiresEachShopOnItsSchedule(t *testing.T) {
	s := startScheduler(t, 0, nil, scheduledShop("a", time.Minute), scheduledShop("b", 2*time.Minute))

	if n := ran(s.settle(2)); n["a"] != 1 || n["b"] != 1 {
		t.Fatalf("at start ran %v, want a and b once", n)
	}
	s.clock.Advance(time.Minute)
	reps := s.settle(2)
	if n := ran(reps); n["a"] != 1 || n["b"] != 0 {
		t.Fatalf("after 1m ran %v, want only a", n)
	}
	if !reps[0].Start.Equal(testStart.Add(time.Minute)) {
		t.Errorf("a's second run started at %v, want %v", reps[0].Start, testStart.Add(time.Minute))
	}
	s.clock.Advance(time.Minute)
	if n := ran(s.settle(2)); n["a"] != 1 || n["b"] != 1 {
		t.Fatalf("after 2m ran %v, want a and b", n)
	}
	s.clock.Advance(30 * time.Second)
	if n := ran(s.settle(2)); len(n) != 0 {
		t.Fatalf("after 2m30s ran %v, want nothing", n)
	}
	s.cancel()
	err := <-s.done
	s.done <- err // for the cleanup
	if err != nil {
		t.Fatalf("Run returned %v after cancel, want nil", err)
	}
}

func TestRunJittersTheFirstStart(t *testing.T) {
	s := startScheduler(t, 30*time.Second, nil, scheduledShop("a", time.Minute), scheduledShop("b", time.Minute))

	if n := ran(s.settle(2)); len(n) != 0 {
		t.Fatalf("ran %v before any time passed, want the start delayed", n)
	}
	s.clock.Advance(30 * time.Second) // every jitter is below 30s
	if n := ran(s.settle(2)); n["a"] != 1 || n["b"] != 1 {
		t.Fatalf("after the longest jitter ran %v, want a and b", n)
	}
}

func TestRunRetriesAFailedShopOnSchedule(t *testing.T) {
	blocked := &fetch.Error{Kind: fetch.KindRobots, URL: "http://127.0.0.1:1/products.json", Err: errors.New("disallowed")}
	s := startScheduler(t, 0, map[string]error{"a": blocked}, scheduledShop("a", time.Minute))

	for i := range 3 {
		reps := s.settle(1)
		if len(reps) != 1 || !reps[0].Failed() || reps[0].Errors["robots"] != 1 {
			t.Fatalf("round %d: reports %+v, want one failed run counting a robots error", i, reps)
		}
		s.clock.Advance(time.Minute)
	}
}

func TestRunRefusesBadShops(t *testing.T) {
	r, err := scrape.New(scrape.DefaultConfig(), nil, func(scrape.ShopConfig, fetch.ValidatorCache) (scrape.Getter, error) {
		return stubGetter{}, nil
	}, &recordingSink{t: t}, nil)
	if err != nil {
		t.Fatal(err)
	}
	bad := scheduledShop("a", time.Minute)
	bad.RateLimit = 99
	for name, shops := range map[string][]scrape.ShopConfig{
		"none":      nil,
		"invalid":   {bad},
		"duplicate": {scheduledShop("a", time.Minute), scheduledShop("a", time.Hour)},
	} {
		if err := r.Run(context.Background(), shops); err == nil {
			t.Errorf("%s: Run accepted the shops", name)
		}
	}
}

func TestRunStopsWhileARunIsInProgress(t *testing.T) {
	started := make(chan struct{})
	var once sync.Once
	factory := func(scrape.ShopConfig, fetch.ValidatorCache) (scrape.Getter, error) {
		return blockingGetter{started: started, once: &once}, nil
	}
	r, err := scrape.New(scrape.Config{
		BatchSize: 1, MaxListingPages: 1, MaxRequestsPerRun: 1, MaxSitemaps: 1, MaxConsecutiveFailures: 1,
	}, nil, factory, &recordingSink{t: t}, nil, scrape.WithClock(clockwork.NewFakeClockAt(testStart)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.Run(ctx, []scrape.ShopConfig{scheduledShop("a", time.Minute)}) }()
	<-started
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run returned %v, want nil", err)
	}
}

// blockingGetter blocks every request until ctx ends.
type blockingGetter struct {
	started chan struct{}
	once    *sync.Once
}

func (g blockingGetter) Get(ctx context.Context, url string, _ ...string) (*fetch.Response, error) {
	g.once.Do(func() { close(g.started) })
	<-ctx.Done()
	return nil, &fetch.Error{Kind: fetch.KindCanceled, URL: url, Err: ctx.Err()}
}

func TestNewChecksItsInputs(t *testing.T) {
	factory := func(scrape.ShopConfig, fetch.ValidatorCache) (scrape.Getter, error) { return stubGetter{}, nil }
	bad := scrape.DefaultConfig()
	bad.BatchSize = 0
	if _, err := scrape.New(bad, nil, factory, &recordingSink{t: t}, nil); err == nil || !strings.Contains(err.Error(), "BatchSize = 0") {
		t.Errorf("bad config: %v", err)
	}
	if _, err := scrape.New(scrape.DefaultConfig(), nil, nil, &recordingSink{t: t}, nil); err == nil {
		t.Error("nil fetcher factory accepted")
	}
	if _, err := scrape.New(scrape.DefaultConfig(), nil, factory, nil, nil); err == nil {
		t.Error("nil sink accepted")
	}
}
