package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// The match fixtures sit on the browse catalog plus a third shop, east-skate
// (USD), selling the Spitfire wheels cheaper than north-skate:
//
//	brett-haus/w-54      ~ north-skate/spitfire-f4  accepted, gtin, 1
//	east-skate/f4-east   ~ north-skate/spitfire-f4  accepted, title, 0.93
//	brett-haus/bones-reds ~ north-skate/indy-149    review, 0.8
//	brett-haus/mob-grip  ~ north-skate/thunder-hi   review, 0.8
//	brett-haus/shop-tee  ~ north-skate/girl-deck    review, 0.76
func ref(shop, id string) catalog.ListingRef {
	return catalog.ListingRef{ShopSlug: shop, ExternalID: id}
}

func fixtureMatch(a, b catalog.ListingRef, status catalog.MatchStatus, evidence string, score float64) catalog.Match {
	return catalog.Match{A: a, B: b, Status: status, Evidence: evidence, Score: score, TitleScore: score,
		Variants: []catalog.MatchedVariant{{Size: "one", A: "a-var", B: "b-var"}}}
}

func matchFixtures() []catalog.Match {
	const brett, east, north = "brett-haus", "east-skate", "north-skate"
	gtin := fixtureMatch(ref(brett, "w-54"), ref(north, "spitfire-f4"), catalog.MatchAccepted, catalog.EvidenceGTIN, 1)
	gtin.SharedGTINs, gtin.TitleScore = 1, 0.5
	gtin.Variants = []catalog.MatchedVariant{{Size: "wheel:54 duro:99A", A: "54", B: "54", GTIN: "00012345678905"}}
	return []catalog.Match{
		gtin,
		fixtureMatch(ref(brett, "bones-reds"), ref(north, "indy-149"), catalog.MatchUnderReview, catalog.EvidenceTitle, 0.8),
		fixtureMatch(ref(brett, "mob-grip"), ref(north, "thunder-hi"), catalog.MatchUnderReview, catalog.EvidenceTitle, 0.8),
		fixtureMatch(ref(brett, "shop-tee"), ref(north, "girl-deck"), catalog.MatchUnderReview, catalog.EvidenceTitle, 0.76),
		fixtureMatch(ref(east, "f4-east"), ref(north, "spitfire-f4"), catalog.MatchAccepted, catalog.EvidenceTitle, 0.93),
	}
}

// seedMatches is the browse catalog with east-skate's listing, priced, and
// no matches yet.
func seedMatches(t *testing.T, newSubject Factory) (browsed, store.Matches) {
	t.Helper()
	b := seedBrowse(t, newSubject)
	m, ok := b.store.(store.Matches)
	if !ok {
		t.Fatalf("%T does not implement store.Matches", b.store)
	}
	ctx := context.Background()
	east := catalog.Shop{Slug: "east-skate", Name: "East Skate", Platform: catalog.PlatformShopify,
		BaseURL: "https://east.example", Currency: "USD", Country: "US"}
	if err := b.store.UpsertShops(ctx, []catalog.Shop{east}); err != nil {
		t.Fatal(err)
	}
	l := catalog.Listing{ShopSlug: "east-skate", ExternalID: "f4-east", Title: "Spitfire F4 Classic 54 99a",
		Brand: "Spitfire", Category: catalog.CategoryWheels, URL: "https://east.example/p/f4-east",
		Variants: []catalog.Variant{{ExternalID: "54", Attributes: catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99A"}}}}
	if err := b.store.UpsertListings(ctx, []catalog.Listing{l}); err != nil {
		t.Fatal(err)
	}
	record(t, b.store, obs(catalog.VariantKey{ShopSlug: "east-skate", ListingExternalID: "f4-east", VariantExternalID: "54"}, 15, 3799))
	page, err := b.store.Products(ctx, catalog.ProductQuery{Limit: 1, Shops: []string{"east-skate"}, Sort: catalog.ProductSort{Field: catalog.SortTitle}})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("east-skate's product: %+v, %v", page.Items, err)
	}
	b.ids["f4-east"] = page.Items[0].ID
	return b, m
}

func testMatches(t *testing.T, newSubject Factory) {
	ctx := context.Background()

	t.Run("replace all, read back, idempotent", func(t *testing.T) {
		_, m := seedMatches(t, newSubject)
		for range 2 {
			if err := m.ReplaceAllMatches(ctx, matchFixtures()); err != nil {
				t.Fatal(err)
			}
		}
		got, err := m.ListingMatches(ctx, store.ListingKey{ShopSlug: "north-skate", ExternalID: "spitfire-f4"})
		if want := []catalog.Match{matchFixtures()[0], matchFixtures()[4]}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ListingMatches = %+v, %v\nwant %+v", got, err, want)
		}
		if c, err := m.MatchCounts(ctx); err != nil || c != (catalog.MatchCounts{Accepted: 2, Review: 3}) {
			t.Errorf("MatchCounts = %+v, %v; want 2 accepted, 3 review", c, err)
		}
		// A second rebuild that finds less leaves only what it found.
		if err := m.ReplaceAllMatches(ctx, matchFixtures()[:1]); err != nil {
			t.Fatal(err)
		}
		if c, err := m.MatchCounts(ctx); err != nil || c != (catalog.MatchCounts{Accepted: 1}) {
			t.Errorf("MatchCounts after a smaller rebuild = %+v, %v; want 1 accepted", c, err)
		}
	})

	t.Run("changes apply in order", func(t *testing.T) {
		_, m := seedMatches(t, newSubject)
		fx := matchFixtures()
		rescored := fx[1]
		rescored.Status, rescored.Evidence, rescored.Score = catalog.MatchAccepted, catalog.EvidenceModel, 1
		changes := []catalog.MatchChange{
			{Match: fx[0]}, {Match: fx[1]}, {Match: fx[2]},
			{Match: fx[2], Removed: true}, // found and lost in one batch: absent
			{Match: rescored},             // the last change of a pair wins
			{Match: fx[3], Removed: true}, // never stored: nothing to do
		}
		for range 2 {
			if err := m.ApplyMatchChanges(ctx, changes); err != nil {
				t.Fatal(err)
			}
		}
		got, err := m.ListingMatches(ctx, store.ListingKey{ShopSlug: "brett-haus", ExternalID: "bones-reds"})
		if err != nil || !reflect.DeepEqual(got, []catalog.Match{rescored}) {
			t.Errorf("bones-reds matches = %+v, %v; want the re-scored one", got, err)
		}
		if c, err := m.MatchCounts(ctx); err != nil || c != (catalog.MatchCounts{Accepted: 2}) {
			t.Errorf("MatchCounts = %+v, %v; want 2 accepted", c, err)
		}
		if err := m.ApplyMatchChanges(ctx, []catalog.MatchChange{{Match: fx[0], Removed: true}}); err != nil {
			t.Fatal(err)
		}
		got, err = m.ListingMatches(ctx, store.ListingKey{ShopSlug: "north-skate", ExternalID: "spitfire-f4"})
		if err != nil || len(got) != 0 {
			t.Errorf("spitfire-f4 matches after removal = %+v, %v; want none", got, err)
		}
	})

	t.Run("invalid and unknown", func(t *testing.T) {
		_, m := seedMatches(t, newSubject)
		fx := matchFixtures()
		backwards := fx[0]
		backwards.A, backwards.B = fx[0].B, fx[0].A
		badScore := fx[1]
		badScore.Score = 1.5
		badStatus := fx[1]
		badStatus.Status = "maybe"
		for name, bad := range map[string]catalog.Match{"backwards": backwards, "score": badScore, "status": badStatus} {
			if err := m.ReplaceAllMatches(ctx, []catalog.Match{fx[0], bad}); !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("ReplaceAllMatches %s: %v, want ErrInvalid", name, err)
			}
			if err := m.ApplyMatchChanges(ctx, []catalog.MatchChange{{Match: bad}}); !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("ApplyMatchChanges %s: %v, want ErrInvalid", name, err)
			}
		}
		if c, err := m.MatchCounts(ctx); err != nil || c != (catalog.MatchCounts{}) {
			t.Errorf("MatchCounts after invalid writes = %+v, %v; want none", c, err)
		}
		unknown := fixtureMatch(ref("brett-haus", "gone"), ref("north-skate", "spitfire-f4"), catalog.MatchAccepted, catalog.EvidenceModel, 1)
		if err := m.ApplyMatchChanges(ctx, []catalog.MatchChange{{Match: unknown}, {Match: fx[0]}}); err != nil {
			t.Fatalf("a match naming an unknown listing: %v, want it skipped", err)
		}
		if c, err := m.MatchCounts(ctx); err != nil || c != (catalog.MatchCounts{Accepted: 1}) {
			t.Errorf("MatchCounts = %+v, %v; want the known pair only", c, err)
		}
	})

	t.Run("product offers", func(t *testing.T) { testMatchOffers(t, newSubject) })
	t.Run("review queue", func(t *testing.T) { testMatchReview(t, newSubject) })
	t.Run("listing keys", func(t *testing.T) { testListingKeys(t, newSubject) })
}

func testMatchOffers(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	b, m := seedMatches(t, newSubject)
	if err := m.ReplaceAllMatches(ctx, matchFixtures()); err != nil {
		t.Fatal(err)
	}
	p, err := b.store.Product(ctx, b.ids["spitfire-f4"])
	if err != nil {
		t.Fatal(err)
	}
	type offer struct {
		id    int64
		match string
		score float64
		price catalog.Money
	}
	var got []offer
	for _, o := range p.Offers {
		got = append(got, offer{o.ProductID, o.Match, o.Score, o.Price})
	}
	// Cheapest first in the product's currency, the other currency after.
	want := []offer{
		{b.ids["f4-east"], catalog.EvidenceTitle, 0.93, catalog.Money{Amount: 3799, Currency: "USD"}},
		{b.ids["spitfire-f4"], "self", 1, catalog.Money{Amount: 3999, Currency: "USD"}},
		{b.ids["w-54"], catalog.EvidenceGTIN, 1, catalog.Money{Amount: 3500, Currency: "EUR"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("offers\n got %+v\nwant %+v", got, want)
	}
	if o := p.Offers[2]; o.ShopName != "Brett Haus" || o.Title != "Café Formula Wheels" || o.DiscountBP != 3000 || !o.InStock {
		t.Errorf("w-54's offer %+v", o)
	}
	// The match reads from either side; pairs under review are no offers.
	for id, n := range map[string]int{"w-54": 2, "f4-east": 2, "indy-149": 1, "bones-reds": 1} {
		p, err := b.store.Product(ctx, b.ids[id])
		if err != nil || len(p.Offers) != n {
			t.Errorf("%s: %d offers, %v; want %d", id, len(p.Offers), err, n)
		}
	}
}

func testMatchReview(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	b, m := seedMatches(t, newSubject)
	if err := m.ReplaceAllMatches(ctx, matchFixtures()); err != nil {
		t.Fatal(err)
	}
	first, err := m.ReviewMatches(ctx, 2, "")
	if err != nil || len(first.Items) != 2 || first.NextCursor == "" {
		t.Fatalf("first page = %+v, %v; want 2 items and a cursor", first, err)
	}
	r := first.Items[0]
	wantA := catalog.MatchSide{ProductID: b.ids["bones-reds"], ShopSlug: "brett-haus", ShopName: "Brett Haus",
		ExternalID: "bones-reds", Title: "Bones Reds Bearings", URL: "https://brett-haus.example/p/bones-reds"}
	if r.A != wantA || r.B.ExternalID != "indy-149" || r.B.ShopName != "North Skate" || r.Score != 0.8 ||
		r.Evidence != catalog.EvidenceTitle || len(r.Variants) != 1 {
		t.Errorf("first item %+v", r)
	}
	if first.Items[1].A.ExternalID != "mob-grip" {
		t.Errorf("second item %+v, want mob-grip's pair (same score, larger id)", first.Items[1])
	}
	second, err := m.ReviewMatches(ctx, 2, first.NextCursor)
	if err != nil || len(second.Items) != 1 || second.Items[0].A.ExternalID != "shop-tee" || second.NextCursor != "" {
		t.Errorf("second page = %+v, %v; want shop-tee's pair and no cursor", second, err)
	}
	for _, c := range []string{"!", "eyJzIjoyfQ"} { // not base64; {"s":2}, a score out of range
		if _, err := m.ReviewMatches(ctx, 2, c); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("cursor %q: %v, want ErrInvalid", c, err)
		}
	}
	for _, limit := range []int{0, 501} {
		if _, err := m.ReviewMatches(ctx, limit, ""); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("limit %d: %v, want ErrInvalid", limit, err)
		}
	}
}

func testListingKeys(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	_, m := seedMatches(t, newSubject)
	var all []store.ListingKey
	after := store.ListingKey{}
	for {
		page, err := m.ListingKeys(ctx, after, 5)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if len(page) < 5 {
			break
		}
		after = page[len(page)-1]
	}
	if len(all) != len(browseListings())+1 {
		t.Fatalf("%d keys, want %d: %v", len(all), len(browseListings())+1, all)
	}
	seen := map[store.ListingKey]bool{}
	for _, k := range all {
		if seen[k] {
			t.Errorf("%v listed twice", k)
		}
		seen[k] = true
	}
	if all[0].ShopSlug != "brett-haus" || all[len(all)-1].ShopSlug != "north-skate" {
		t.Errorf("keys not by shop: %v", all)
	}
}
