package fetch_test

import (
	"context"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// fakeResolver answers every lookup with addrs and counts lookups.
type fakeResolver struct {
	addrs   []netip.Addr
	lookups atomic.Int32
}

func (r *fakeResolver) LookupNetIP(_ context.Context, _, _ string) ([]netip.Addr, error) {
	r.lookups.Add(1)
	return r.addrs, nil
}

var refusedAddrs = []string{
	"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
	"0.0.0.0", "::1", "fe80::1", "::ffff:127.0.0.1", "fc00::1", "224.0.0.1", "::",
}

func TestSSRFGuardRefusesResolvedAddresses(t *testing.T) {
	for _, a := range refusedAddrs {
		t.Run(a, func(t *testing.T) {
			res := &fakeResolver{addrs: []netip.Addr{netip.MustParseAddr(a)}}
			cfg := testConfig()
			cfg.AllowLocal = false
			h := newHarness(t, cfg, fetch.WithResolver(res))

			// robots.txt is the first thing dialed: the guard's refusal
			// must surface as ssrf, not as "robots.txt unreachable".
			_, err := h.f.Get(t.Context(), "http://shop.test:8080/products.json")
			fe := wantKind(t, err, fetch.KindSSRF)
			if res.lookups.Load() == 0 {
				t.Fatal("resolver not consulted")
			}
			if !strings.Contains(fe.Error(), "refusing to connect") {
				t.Errorf("error %q does not explain the refusal", fe)
			}
			if fe.Attempts != 0 {
				t.Errorf("Attempts = %d, want 0", fe.Attempts)
			}
		})
	}
}

func TestSSRFGuardRefusesLiteralAddresses(t *testing.T) {
	cfg := testConfig()
	cfg.AllowLocal = false
	cfg.IgnoreRobots = true
	h := newHarness(t, cfg)
	for _, a := range refusedAddrs {
		t.Run(a, func(t *testing.T) {
			host := a
			if strings.Contains(a, ":") {
				host = "[" + a + "]"
			}
			_, err := h.f.Get(t.Context(), "http://"+host+":8080/products.json")
			fe := wantKind(t, err, fetch.KindSSRF)
			if fe.Attempts != 1 {
				t.Errorf("Attempts = %d, want 1 (the guard is not retried)", fe.Attempts)
			}
		})
	}
}

// TestSSRFGuardAtConnectTime goes through the standard library resolver, so
// only the net.Dialer Control hook stands between "localhost" and a live
// loopback server.
func TestSSRFGuardAtConnectTime(t *testing.T) {
	s := newSite(t)
	s.handle("/p", serve("text/plain", "local"))
	url := strings.Replace(s.URL, "127.0.0.1", "localhost", 1) + "/p"

	cfg := testConfig()
	cfg.AllowLocal = false
	h := newHarness(t, cfg)
	_, err := h.f.Get(t.Context(), url)
	wantKind(t, err, fetch.KindSSRF)
	if n := s.hitCount("/robots.txt") + s.hitCount("/p"); n != 0 {
		t.Fatalf("loopback server reached %d times", n)
	}

	cfg.AllowLocal = true
	h = newHarness(t, cfg)
	resp, err := h.f.Get(t.Context(), url)
	if err != nil || string(resp.Body) != "local" {
		t.Fatalf("AllowLocal Get = %v, %v; want the loopback page", resp, err)
	}
}

func TestResolverAnswersAreDialed(t *testing.T) {
	s := newSite(t)
	s.handle("/p", serve("text/plain", "ok"))
	port := s.URL[strings.LastIndex(s.URL, ":")+1:]
	// With AllowLocal the loopback answer is dialed; this proves the
	// resolver's answers are what gets dialed.
	res := &fakeResolver{addrs: []netip.Addr{netip.MustParseAddr("127.0.0.1")}}
	h := newHarness(t, testConfig(), fetch.WithResolver(res))
	resp, err := h.f.Get(t.Context(), "http://shop.test:"+port+"/p")
	if err != nil || string(resp.Body) != "ok" {
		t.Fatalf("Get = %v, %v", resp, err)
	}
}
