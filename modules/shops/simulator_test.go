package shops_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/shops"
)

// TestRunLifecycle checks Ready and Shops around Run, and a graceful
// shutdown on cancel: Run returns nil and every port is closed.
func TestRunLifecycle(t *testing.T) {
	g := newGenerator(t)
	sim, err := shops.New(testConfig(newFakeWall()), testLogger(), g)
	if err != nil {
		t.Fatal(err)
	}
	if sim.Shops() != nil {
		t.Fatal("Shops before Start is not nil")
	}
	select {
	case <-sim.Ready():
		t.Fatal("Ready before Run")
	default:
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sim.Run(ctx) }()
	select {
	case <-sim.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("not ready after 10s")
	}
	running := sim.Shops()
	if len(running) != len(g.Shops()) {
		t.Fatalf("%d shops running, catalog has %d", len(running), len(g.Shops()))
	}
	ports := map[string]bool{}
	for i, r := range running {
		if r.Shop.Slug != g.Shops()[i].Slug || r.Shop.BaseURL != "http://"+r.Addr || !strings.HasPrefix(r.Addr, "127.0.0.1:") || ports[r.Addr] {
			t.Fatalf("shop %d: %+v", i, r)
		}
		ports[r.Addr] = true
		res, err := http.Get(r.Shop.BaseURL + "/robots.txt")
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s/robots.txt: %v", r.Shop.BaseURL, err)
		}
		res.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v after cancel, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return 10s after cancel")
	}
	for addr := range ports {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			t.Fatalf("%s still accepts connections after shutdown", addr)
		}
	}
	if err := sim.Run(context.Background()); err == nil {
		t.Fatal("a second Run succeeded")
	}
}

// TestStartThenClose checks Start alone binds the ports (so URLs are known
// before Run) and Close releases them.
func TestStartThenClose(t *testing.T) {
	g := newGenerator(t)
	sim, err := shops.New(testConfig(newFakeWall()), testLogger(), g)
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := sim.Start(context.Background()); err != nil {
		t.Fatalf("second Start: %v", err)
	}
	addr := sim.Shops()[0].Addr
	if err := sim.Close(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("port %s still bound after Close: %v", addr, err)
	}
	ln.Close()
}

// TestListenAddresses checks BasePort numbering and per-shop Addrs.
func TestListenAddresses(t *testing.T) {
	g := newGenerator(t)
	cfg := testConfig(newFakeWall())
	cfg.Addrs = map[string]string{"kantenwerk": "localhost:0"}
	var sim *shops.Simulator
	var base int
	for range 10 { // a random range can be taken; try another
		base = 20000 + rand.IntN(40000)
		cfg.BasePort = base
		s, err := shops.New(cfg, testLogger(), g)
		if err != nil {
			t.Fatal(err)
		}
		if s.Start(context.Background()) == nil {
			sim = s
			break
		}
	}
	if sim == nil {
		t.Skip("no free range of ports found")
	}
	defer sim.Close()
	for i, r := range sim.Shops() {
		_, port, _ := net.SplitHostPort(r.Addr)
		if r.Shop.Slug == "kantenwerk" {
			if port == fmt.Sprint(base+i) {
				t.Fatalf("kantenwerk ignored its own address: %s", r.Addr)
			}
			continue
		}
		if port != fmt.Sprint(base+i) {
			t.Fatalf("shop %d on %s, want port %d", i, r.Addr, base+i)
		}
	}
}

// TestChurn checks that listings appear and disappear over simulated time:
// about 3% each way, 404 before appearing and after removal.
func TestChurn(t *testing.T) {
	g := newGenerator(t)
	wall := newFakeWall()
	h := startSim(t, testConfig(wall), g)
	shop := h.byPlat[catalog.PlatformShopify]
	slug := shop.Shop.Slug
	total, appeared, removed := 0, []int{}, []int{}
	for _, r := range h.sim.Shops() {
		early, _ := h.sim.Listed(r.Shop.Slug, testStart)
		late, _ := h.sim.Listed(r.Shop.Slug, testStart.Add(11*24*time.Hour))
		total += len(g.ShopListings(shopIndex(t, g, r.Shop.Slug)))
		for _, li := range late {
			if !slices.Contains(early, li) && r.Shop.Slug == slug {
				appeared = append(appeared, li)
			}
		}
		for _, li := range early {
			if !slices.Contains(late, li) && r.Shop.Slug == slug {
				removed = append(removed, li)
			}
		}
		churn := len(late) - len(early)
		if len(early)+len(late) == 0 || churn > len(early)/5 || -churn > len(early)/5 {
			t.Fatalf("%s: %d listed at the start, %d eleven days later", r.Shop.Slug, len(early), len(late))
		}
	}
	if len(appeared) == 0 || len(removed) == 0 {
		t.Fatalf("%s: %d appeared and %d removed over eleven days, want some of each", slug, len(appeared), len(removed))
	}
	// Find the instant each changes and look just before and after it.
	check := func(li int, listedAfter bool) {
		at := changeInstant(t, h, slug, li, listedAfter)
		u := shop.Shop.BaseURL + "/products/" + g.Listing(li).Handle + ".json"
		for _, step := range []struct {
			to     time.Time
			listed bool
		}{{at.Add(-time.Second), !listedAfter}, {at, listedAfter}} {
			wall.Advance(step.to.Sub(h.sim.Now()))
			res, _ := h.get(t, u)
			if (res.StatusCode == http.StatusOK) != step.listed {
				t.Fatalf("listing %d at %v: status %d, want listed %v", li, step.to, res.StatusCode, step.listed)
			}
		}
	}
	first, second := appeared[0], removed[0]
	if changeInstant(t, h, slug, second, false).Before(changeInstant(t, h, slug, first, true)) {
		check(second, false)
		check(first, true)
	} else {
		check(first, true)
		check(second, false)
	}
}

// changeInstant finds, to the second, when listing li starts (listedAfter)
// or stops being listed in the eleven days after testStart.
func changeInstant(t *testing.T, h *harness, slug string, li int, listedAfter bool) time.Time {
	t.Helper()
	isListed := func(at time.Time) bool {
		ids, _ := h.sim.Listed(slug, at)
		return slices.Contains(ids, li)
	}
	lo, hi := testStart, testStart.Add(11*24*time.Hour) // isListed(lo) != listedAfter, isListed(hi) == listedAfter
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
		if isListed(mid) == listedAfter {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// A connection that never sends a request (a client that dialled and then
// gave up, say, while its transport keeps the connection for later) does
// not hold up the shutdown: net/http waits five seconds before it treats
// such a connection as idle, longer than the shutdown may take.
func TestShutdownDropsSilentConnections(t *testing.T) {
	sim, cancel, done := runSim(t, testConfig(newFakeWall()))
	for _, r := range sim.Shops() {
		c, err := net.Dial("tcp", r.Addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v after cancel with silent connections open, want nil", err)
	}
}
