package shops_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/shops"
)

// TestFaultModes switches each fault on for one shop and checks that it
// hits exactly the requests it should, while another shop answering the
// same requests stays healthy.
func TestFaultModes(t *testing.T) {
	g := newGenerator(t)
	const list = "/products.json?limit=50"
	tests := []struct {
		name   string
		faults string
		check  func(t *testing.T, h *harness, base string)
	}{
		{"slow", "slow:150ms", func(t *testing.T, h *harness, base string) {
			begin := time.Now()
			res, body := h.get(t, base+list)
			if took := time.Since(begin); took < 150*time.Millisecond || res.StatusCode != 200 || !json.Valid(body) {
				t.Fatalf("slow response took %v with status %d", took, res.StatusCode)
			}
		}},
		{"429", "429", func(t *testing.T, h *harness, base string) {
			for n := 1; n <= 6; n++ {
				res, _ := h.get(t, base+list)
				if n%3 == 0 {
					if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
						t.Fatalf("request %d: %d Retry-After %q, want 429 with 1", n, res.StatusCode, res.Header.Get("Retry-After"))
					}
				} else if res.StatusCode != http.StatusOK {
					t.Fatalf("request %d: %d, want 200", n, res.StatusCode)
				}
			}
		}},
		{"5xx burst", "5xx:3/10", func(t *testing.T, h *harness, base string) {
			for n := 1; n <= 13; n++ {
				res, _ := h.get(t, base+list)
				want := http.StatusOK
				if (n-1)%10 < 3 {
					want = http.StatusServiceUnavailable
				}
				if res.StatusCode != want {
					t.Fatalf("request %d: %d, want %d", n, res.StatusCode, want)
				}
			}
		}},
		{"malformed", "malformed", func(t *testing.T, h *harness, base string) {
			for n := 1; n <= 4; n++ {
				res, body := h.get(t, base+list)
				if res.StatusCode != 200 || json.Valid(body) == (n%2 == 0) {
					t.Fatalf("request %d: status %d, valid JSON %v", n, res.StatusCode, json.Valid(body))
				}
			}
			_, body := h.get(t, base+"/sitemap.xml")
			if xml.Unmarshal(body, new(sitemapDoc)) != nil {
				t.Fatal("request 5 (odd) should be a good sitemap")
			}
			_, body = h.get(t, base+"/sitemap.xml")
			if xml.Unmarshal(body, new(sitemapDoc)) == nil {
				t.Fatalf("request 6 should be malformed XML: %s", body)
			}
			var p shopifyPage
			h.getJSON(t, base+list, &p) // request 7
			page := base + "/products/" + p.Products[0]["handle"].(string)
			_, body = h.get(t, page) // request 8
			block := body[strings.Index(string(body), `application/ld+json">`)+len(`application/ld+json">`):]
			block = block[:strings.Index(string(block), "</script>")]
			if json.Valid(block) || !strings.Contains(string(body), "</html>") {
				t.Fatalf("request 8: the page's first ld+json block should be broken JSON in a whole page")
			}
		}},
		{"html", "html", func(t *testing.T, h *harness, base string) {
			h.get(t, base+list)
			res, body := h.get(t, base+list)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "Just a moment") {
				t.Fatalf("request 2: %d %s %.80s, want a challenge page", res.StatusCode, res.Header.Get("Content-Type"), body)
			}
		}},
		{"truncated", "truncated", func(t *testing.T, h *harness, base string) {
			_, full := h.get(t, base+list)
			res, err := h.client.Get(base + list)
			if err != nil {
				t.Fatal(err)
			}
			short, err := io.ReadAll(res.Body)
			res.Body.Close()
			if !errors.Is(err, io.ErrUnexpectedEOF) || res.ContentLength != int64(len(full)) || len(short) >= len(full) {
				t.Fatalf("request 2: read %d of %d bytes, error %v; want a short read", len(short), res.ContentLength, err)
			}
			h.get(t, base+list)
			res4, cut := h.get(t, base+list)
			if res4.ContentLength != int64(len(cut)) || json.Valid(cut) || len(cut) != len(full)/2 {
				t.Fatalf("request 4: %d bytes, valid %v; want half the JSON, cleanly sent", len(cut), json.Valid(cut))
			}
		}},
		{"huge", "huge", func(t *testing.T, h *harness, base string) {
			h.get(t, base+list)
			_, body := h.get(t, base+list)
			if len(body) < 12<<20 || !json.Valid(body) {
				t.Fatalf("request 2: %d bytes, valid %v; want over 12 MiB of valid JSON", len(body), json.Valid(body))
			}
			res, zbody := h.get(t, base+list+"&page=2", "Accept-Encoding", "gzip") // request 3: healthy
			if res.StatusCode != 200 || len(zbody) > 1<<20 {
				t.Fatalf("request 3: %d, %d bytes", res.StatusCode, len(zbody))
			}
			res, zbody = h.get(t, base+list, "Accept-Encoding", "gzip")
			if res.Header.Get("Content-Encoding") != "gzip" || len(zbody) > 1<<20 {
				t.Fatalf("request 4 gzipped: %q, %d bytes on the wire", res.Header.Get("Content-Encoding"), len(zbody))
			}
		}},
		{"redirect to the next shop", "redirect", func(t *testing.T, h *harness, base string) {
			h.get(t, base+list)
			res, _ := h.get(t, base+list)
			_, port, _ := net.SplitHostPort(h.sim.Shops()[1].Addr)
			if want := "http://localhost:" + port + list; res.StatusCode != http.StatusFound || res.Header.Get("Location") != want {
				t.Fatalf("request 2: %d to %q, want 302 to %s", res.StatusCode, res.Header.Get("Location"), want)
			}
		}},
		{"redirect to a host", "redirect:shop.evil.example", func(t *testing.T, h *harness, base string) {
			h.get(t, base+list)
			res, _ := h.get(t, base+list)
			if want := "http://shop.evil.example" + list; res.Header.Get("Location") != want {
				t.Fatalf("Location %q, want %s", res.Header.Get("Location"), want)
			}
		}},
		{"bad prices", "badprice", func(t *testing.T, h *harness, base string) {
			counts := map[string]int{}
			for range 2 {
				var p shopifyPage
				h.getJSON(t, base+"/products.json?limit=250", &p)
				for _, prod := range p.Products {
					for _, v := range prod["variants"].([]any) {
						price := v.(map[string]any)["price"].(string)
						if _, err := catalog.ParseMoney(price, "USD"); err != nil {
							counts[price]++
						} else {
							counts["good"]++
						}
					}
				}
			}
			bad := 0
			for k, n := range counts {
				if k != "good" {
					bad += n
					if n%2 != 0 || !strings.Contains(` "NaN" "-5.00" "1e3" "" `, `"`+k+`"`) {
						t.Fatalf("bad price %q seen %d times over two identical requests", k, n)
					}
				}
			}
			if bad == 0 || counts["good"] < 5*bad {
				t.Fatalf("prices %v: want some bad among mostly good", counts)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(newFakeWall())
			f, err := shops.ParseFaults(tt.faults)
			if err != nil {
				t.Fatal(err)
			}
			cfg.Faults = map[string]shops.Faults{"ridgeline-skate-supply": f}
			h := startSim(t, cfg, g)
			if h.sim.Shops()[0].Shop.Slug != "ridgeline-skate-supply" {
				t.Fatal("the first shop is not ridgeline-skate-supply")
			}
			tt.check(t, h, h.sim.Shops()[0].Shop.BaseURL)
			healthy := h.bySlug["brickyard-skates"].Shop.BaseURL // Shopify too, no faults
			for n := 1; n <= 6; n++ {
				res, body := h.get(t, healthy+list)
				var p shopifyPage
				if res.StatusCode != http.StatusOK || decodeStrict(body, &p) != nil || len(body) > 1<<20 {
					t.Fatalf("healthy shop request %d: %d, %d bytes", n, res.StatusCode, len(body))
				}
			}
		})
	}
}

// TestFaultsSpareRobots checks robots.txt is never faulted nor counted,
// and that "*" sets faults for every shop.
func TestFaultsSpareRobots(t *testing.T) {
	g := newGenerator(t)
	cfg := testConfig(newFakeWall())
	faults, err := shops.ParseFaultFlags([]string{"*=5xx:1/2"})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Faults = faults
	h := startSim(t, cfg, g)
	for _, shop := range h.sim.Shops() {
		for range 3 {
			if res, _ := h.get(t, shop.Shop.BaseURL+"/robots.txt"); res.StatusCode != http.StatusOK {
				t.Fatalf("%s robots.txt: %d", shop.Shop.Slug, res.StatusCode)
			}
		}
		for n, want := range []int{503, 200, 503, 200} {
			if res, _ := h.get(t, shop.Shop.BaseURL+"/sitemap.xml"); res.StatusCode != want {
				t.Fatalf("%s request %d: %d, want %d", shop.Shop.Slug, n+1, res.StatusCode, want)
			}
		}
	}
}

// TestSlowHonoursShutdown checks a slow response is cut short when the
// simulator stops, so shutdown does not wait for the delay.
func TestSlowHonoursShutdown(t *testing.T) {
	cfg := testConfig(newFakeWall())
	cfg.Faults = map[string]shops.Faults{"*": {Modes: []shops.FaultMode{shops.FaultSlow}, SlowDelay: time.Minute}}
	sim, cancel, done := runSim(t, cfg)
	reqErr := make(chan error, 1)
	go func() {
		res, err := http.Get(sim.Shops()[0].Shop.BaseURL + "/products.json")
		if err == nil {
			_, err = io.ReadAll(res.Body)
			res.Body.Close()
		}
		reqErr <- err
	}()
	time.Sleep(100 * time.Millisecond) // let the request reach the delay
	begin := time.Now()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if took := time.Since(begin); took > 5*time.Second {
		t.Fatalf("shutdown took %v with a slow request in flight", took)
	}
	if err := <-reqErr; err == nil {
		t.Fatal("the slow request got a response; it should have been dropped")
	}
}
