package app

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
	"github.com/skatestock/skatestock/modules/store"
)

// matchListing is a one-size listing of shop whose variant publishes gtin.
func matchListing(shop, id, title, brand string, cat catalog.Category, gtin string, attrs catalog.Attributes) catalog.Listing {
	return catalog.Listing{ShopSlug: shop, ExternalID: id, Handle: id, Title: title, Brand: brand, Category: cat,
		URL:      "https://" + shop + ".example/products/" + id,
		Variants: []catalog.Variant{{ExternalID: id + "-v", Title: "one", GTIN: gtin, Attributes: attrs}}}
}

// TestAnalyticsConsumerMatchesNewListings runs the match follower on kfake:
// at start it stores the matches among the listings already stored; a
// listing then published to normalized-products is matched, and its match
// is stored by the time the analytics group has committed the record.
func TestAnalyticsConsumerMatchesNewListings(t *testing.T) {
	r := newPFRig(t, kindSQLite)
	ctx := r.ctx
	deck := catalog.Attributes{DeckWidthHundredths: 825}
	wheel := catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99A"}
	wheelsA := matchListing("shop-00", "f4-a", "Spitfire Formula Four Classic 54mm 99a", "Spitfire", catalog.CategoryWheels, "4006381333931", wheel)
	wheelsB := matchListing("shop-01", "f4-b", "Spitfire F4 Classic 54mm 99A Wheels", "Spitfire", catalog.CategoryWheels, "4006381333931", wheel)
	deckA := matchListing("shop-00", "deck-a", "Baker Brand Logo Deck", "Baker", catalog.CategoryDecks, "0012345678905", deck)
	deckB := matchListing("shop-02", "deck-b", "Baker Brand Logo Deck", "Baker", catalog.CategoryDecks, "0012345678905", deck)
	if err := r.db.UpsertListings(ctx, []catalog.Listing{wheelsA, wheelsB, deckA}); err != nil {
		t.Fatal(err)
	}

	p := *r.p
	p.bus = r.cfg // the rig's short timers
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- runAnalyticsConsumer(runCtx, &p, r.db, defaultAnalyticsRun(), r.log) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("follower: %v", err)
		}
	}()

	// deck-b arrives as ingest delivers it: stored, then published.
	if err := r.db.UpsertListings(ctx, []catalog.Listing{deckB}); err != nil {
		t.Fatal(err)
	}
	v, err := r.p.serde.Encode(schema.FromListing(deckB, nil))
	if err != nil {
		t.Fatal(err)
	}
	r.publish([]bus.Record{{Topic: r.cfg.Topics.NormalizedProducts, Key: []byte("shop-02/deck-b"), Value: v}})
	awaitGroupCommitted(t, r, analyticsGroup, r.cfg.Topics.NormalizedProducts)

	for _, tc := range []struct {
		listing store.ListingKey
		other   catalog.ListingRef
	}{
		{store.ListingKey{ShopSlug: "shop-00", ExternalID: "f4-a"}, catalog.ListingRef{ShopSlug: "shop-01", ExternalID: "f4-b"}},
		{store.ListingKey{ShopSlug: "shop-02", ExternalID: "deck-b"}, catalog.ListingRef{ShopSlug: "shop-00", ExternalID: "deck-a"}},
	} {
		ms, err := r.db.ListingMatches(ctx, tc.listing)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || (ms[0].A != tc.other && ms[0].B != tc.other) || ms[0].Status != catalog.MatchAccepted ||
			ms[0].Evidence != catalog.EvidenceGTIN || len(ms[0].Variants) != 1 {
			t.Errorf("matches of %v = %+v, want one accepted barcode match with %v", tc.listing, ms, tc.other)
		}
	}
}

// awaitGroupCommitted returns once group has committed every record of
// topic; the test's context bounds the wait.
func awaitGroupCommitted(t *testing.T, r *pfRig, group, topic string) {
	t.Helper()
	_, err := r.cluster.WaitGroupInfo(r.ctx, group, func(g *kfake.GroupInfo) bool {
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
		t.Fatalf("group %s did not commit all of %s: %v", group, topic, context.Cause(r.ctx))
	}
}

// TestAnalyticsConsumerFollowsIngest runs ingest and the match follower
// together: what ingest stores and publishes (in transactions) is matched,
// and the analytics group's lag drains to zero, which demo waits for.
func TestAnalyticsConsumerFollowsIngest(t *testing.T) {
	r := newPFRig(t, kindSQLite)
	p := *r.p
	p.bus = r.cfg
	runCtx, cancel := context.WithCancel(r.ctx)
	done := make(chan error, 1)
	go func() { done <- runAnalyticsConsumer(runCtx, &p, r.db, defaultAnalyticsRun(), r.log) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("follower: %v", err)
		}
	}()
	r.start("ingest-0", pfConsumerOpts{})
	r.publishRound(true)

	// Every shop sells "Baker Logo Deck 0" in 8.25: one listing is matched
	// with the other shops' once the follower has consumed them all.
	key := store.ListingKey{ShopSlug: "shop-00", ExternalID: "deck-0-0"}
	for {
		ms, err := r.db.ListingMatches(r.ctx, key)
		if err == nil && len(ms) == pfShops-1 {
			break
		}
		if !sleepFor(r.ctx, 50*time.Millisecond) {
			t.Fatalf("matches of %v = %d, %v; want one per other shop (%d)", key, len(ms), err, pfShops-1)
		}
	}
	admin, err := bus.NewAdmin(r.cfg, r.log)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for {
		lag, err := admin.Lag(r.ctx, analyticsGroup, r.cfg.Topics.NormalizedProducts)
		if err == nil && lag.Total() == 0 {
			break
		}
		if !sleepFor(r.ctx, 50*time.Millisecond) {
			t.Fatalf("the analytics group did not catch up: lag %v, %v", lag, err)
		}
	}
}
