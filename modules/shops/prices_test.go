package shops_test

import (
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// TestPricesMatchObserve checks that at several simulated instants every
// variant's published price, compare-at and stock equal Catalog.Observe at
// the simulator's Now, on every platform.
func TestPricesMatchObserve(t *testing.T) {
	g := newGenerator(t)
	wall := newFakeWall()
	h := startSim(t, testConfig(wall), g)
	changed := 0
	var before map[variantKey]served
	for _, step := range []time.Duration{0, 30 * time.Hour, 8 * 24 * time.Hour} {
		wall.Advance(step)
		now := h.sim.Now()
		if want := testStart.Add(step); step == 0 && !now.Equal(want) {
			t.Fatalf("Now = %v at the start, want %v", now, want)
		}
		for _, shop := range h.sim.Shops() {
			var got map[variantKey]served
			switch shop.Shop.Platform {
			case catalog.PlatformShopify:
				got = servedShopify(t, h, g, shop)
			case catalog.PlatformWooCommerce:
				got = servedWoo(t, h, g, shop)
			default:
				got = servedJSONLD(t, h, g, shop, 40)
			}
			if len(got) == 0 {
				t.Fatalf("%s served nothing", shop.Shop.Slug)
			}
			for k, s := range got {
				if want := expected(shop.Shop.Platform, g.Observe(k.listing, k.variant, now)); s != want {
					t.Fatalf("%s at %v: listing %d variant %d served %+v, Observe says %+v",
						shop.Shop.Slug, now, k.listing, k.variant, s, want)
				}
			}
			if shop.Shop.Platform == catalog.PlatformShopify && shop == h.sim.Shops()[0] {
				for k, s := range got {
					if old, ok := before[k]; ok && old != s {
						changed++
					}
				}
				before = got
			}
		}
	}
	if changed == 0 {
		t.Fatal("no Shopify price or stock changed over eight simulated days")
	}
}

// TestSpeed checks simulated time runs Speed times faster than the wall.
func TestSpeed(t *testing.T) {
	g := newGenerator(t)
	wall := newFakeWall()
	cfg := testConfig(wall)
	cfg.Speed = 3600
	h := startSim(t, cfg, g)
	wall.Advance(90 * time.Second)
	if got, want := h.sim.Now(), testStart.Add(90*time.Hour); !got.Equal(want) {
		t.Fatalf("after 90 s at speed 3600 Now = %v, want %v", got, want)
	}
}
