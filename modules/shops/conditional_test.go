package shops_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
)

// TestConditionalRequests checks validators on every kind of document:
// a strong ETag and Last-Modified, 304 for If-None-Match and for
// If-Modified-Since, 200 for a stale tag, and gzip with a weak tag that
// still matches.
func TestConditionalRequests(t *testing.T) {
	g := newGenerator(t)
	h := startSim(t, testConfig(newFakeWall()), g)
	urls := []string{
		h.byPlat[catalog.PlatformShopify].Shop.BaseURL + "/products.json?limit=250",
		h.byPlat[catalog.PlatformWooCommerce].Shop.BaseURL + wooProducts + "?per_page=50",
		h.byPlat[catalog.PlatformJSONLD].Shop.BaseURL + "/sitemap-products-1.xml",
		h.byPlat[catalog.PlatformJSONLD].Shop.BaseURL + "/robots.txt",
	}
	for _, u := range urls {
		t.Run(u[strings.LastIndexByte(u, '/')+1:], func(t *testing.T) {
			res, body := h.get(t, u)
			etag, lm := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(etag, `"`) || lm == "" {
				t.Fatalf("status %d ETag %q Last-Modified %q", res.StatusCode, etag, lm)
			}
			res2, body2 := h.get(t, u)
			if res2.Header.Get("ETag") != etag || !bytes.Equal(body, body2) {
				t.Fatal("the same document twice has different bytes or ETags")
			}
			for _, hdr := range [][]string{
				{"If-None-Match", etag},
				{"If-None-Match", `"other", ` + etag},
				{"If-None-Match", "W/" + etag},
				{"If-Modified-Since", lm},
			} {
				res, body := h.get(t, u, hdr...)
				if res.StatusCode != http.StatusNotModified || len(body) != 0 || res.Header.Get("ETag") == "" {
					t.Fatalf("%s: %s: status %d with %d bytes, want 304 and no body", hdr[0], hdr[1], res.StatusCode, len(body))
				}
			}
			if res, _ := h.get(t, u, "If-None-Match", `"stale"`, "If-Modified-Since", lm); res.StatusCode != http.StatusOK {
				t.Fatalf("a stale ETag got %d; If-None-Match must win over If-Modified-Since", res.StatusCode)
			}
			gz, zbody := h.get(t, u, "Accept-Encoding", "gzip, deflate, br")
			if len(body) >= 256 {
				if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("ETag") != "W/"+etag {
					t.Fatalf("gzip: Content-Encoding %q ETag %q, want gzip and W/%s", gz.Header.Get("Content-Encoding"), gz.Header.Get("ETag"), etag)
				}
				zr, err := gzip.NewReader(bytes.NewReader(zbody))
				if err != nil {
					t.Fatal(err)
				}
				plain, err := io.ReadAll(zr)
				if err != nil || !bytes.Equal(plain, body) {
					t.Fatalf("gunzipped body differs from the identity body (%v)", err)
				}
				if res, _ := h.get(t, u, "Accept-Encoding", "gzip", "If-None-Match", gz.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
					t.Fatalf("weak gzip ETag got %d, want 304", res.StatusCode)
				}
			}
			if res, _ := h.get(t, u, "Accept-Encoding", "gzip;q=0"); res.Header.Get("Content-Encoding") != "" {
				t.Fatal("gzip;q=0 still got gzip")
			}
		})
	}
}

// TestETagChangesWithPrice moves the fake clock across a planted event on a
// Shopify listing: the old ETag gets 304 before, a new document after,
// whose price is Observe's and whose Last-Modified is the event's start.
func TestETagChangesWithPrice(t *testing.T) {
	g := newGenerator(t)
	wall := newFakeWall()
	h := startSim(t, testConfig(wall), g)
	shop := h.byPlat[catalog.PlatformShopify]
	si := shopIndex(t, g, shop.Shop.Slug)
	ev, ok := findEvent(t, g, h, si)
	if !ok {
		t.Fatal("no planted event to cross in the test catalog")
	}
	l := g.Listing(ev.Listing)
	u := shop.Shop.BaseURL + "/products/" + l.Handle + ".json"

	wall.Advance(ev.From.Sub(testStart) - time.Minute)
	res, _ := h.get(t, u)
	etag := res.Header.Get("ETag")
	if res, _ := h.get(t, u, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Fatalf("before the event: %d, want 304", res.StatusCode)
	}

	wall.Advance(time.Minute)
	res, body := h.get(t, u, "If-None-Match", etag)
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == etag {
		t.Fatalf("after the %s event: status %d, ETag %s (was %s)", ev.Kind, res.StatusCode, res.Header.Get("ETag"), etag)
	}
	if got, want := res.Header.Get("Last-Modified"), ev.From.UTC().Format(http.TimeFormat); got != want {
		t.Fatalf("Last-Modified %s, want the event's start %s", got, want)
	}
	var one struct {
		Product struct {
			Variants []struct {
				Price     string `json:"price"`
				Available bool   `json:"available"`
			} `json:"variants"`
		} `json:"product"`
	}
	if err := json.Unmarshal(body, &one); err != nil {
		t.Fatal(err)
	}
	o := g.Observe(ev.Listing, ev.VariantIndex, h.sim.Now())
	if v := one.Product.Variants[ev.VariantIndex]; v.Price != o.Price.Decimal() || v.Available != o.InStock() {
		t.Fatalf("served %+v, Observe says %v", v, o)
	}
}

// findEvent finds a planted event on shop si starting an hour or more
// after testStart whose listing is listed on both sides of it and whose
// state changes at its start.
func findEvent(t *testing.T, g *seed.Generator, h *harness, si int) (seed.Event, bool) {
	t.Helper()
	shopSlug := g.Shops()[si].Slug
	for _, ev := range g.Truth().Events {
		if ev.Variant.ShopSlug != shopSlug || ev.From.Before(testStart.Add(time.Hour)) || ev.From.After(testStart.Add(15*24*time.Hour)) {
			continue
		}
		before := g.Observe(ev.Listing, ev.VariantIndex, ev.From.Add(-time.Minute))
		after := g.Observe(ev.Listing, ev.VariantIndex, ev.From)
		if before.SameState(after) {
			continue
		}
		listedAt := func(at time.Time) bool {
			ids, _ := h.sim.Listed(shopSlug, at)
			for _, li := range ids {
				if li == ev.Listing {
					return true
				}
			}
			return false
		}
		if listedAt(ev.From.Add(-time.Minute)) && listedAt(ev.From) {
			return ev, true
		}
	}
	return seed.Event{}, false
}
