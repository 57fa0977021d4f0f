package storetest

import (
	"context"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// The browse catalog: twelve listings over the two fixture shops, written
// one at a time so that their ids rise in this order (ties of every sort
// are broken by id). Minute n of the fixtures' clock is at(n).
//
//	#  listing      shop   price  discount  stock  updated  notes
//	1  spitfire-f4  north   3999      2000  yes         10  54: 4999 at 0, 3999/cmp 4999 at 10; 56: 4299 at 0 and 10
//	2  baker-deck   north   6499         0  yes         20  800 out of stock at 5999/cmp 7999; 850 never observed
//	3  indy-149     north   5000         0  yes         30
//	4  vans-sk8     north   7000      1250  yes         40  9: 7000/cmp 8000; 9.5 out of stock at 6000/cmp 8000
//	5  w-54         brett   3500      3000  yes         50  EUR, brand Spitfire
//	6  bones-reds   brett   2000         0  yes         60  EUR
//	7  mob-grip     brett   1000         0  yes         70  EUR, a title full of punctuation
//	8  never-deck   north      -         -  -            -  never observed
//	9  shop-tee     brett      -         -  -            -  never observed, no brand
//	10 girl-deck    north   5500         0  no          30
//	11 krux-k5      north   5000         0  yes         80  lower-case title
//	12 thunder-hi   north   5000         0  yes         90
func browseListings() []catalog.Listing {
	listing := func(shop, id, title, brand string, cat catalog.Category, variants ...catalog.Variant) catalog.Listing {
		return catalog.Listing{ShopSlug: shop, ExternalID: id, Handle: id, Title: title, Brand: brand, Category: cat,
			URL: "https://" + shop + ".example/p/" + id, Tags: []string{string(cat)}, Variants: variants}
	}
	deck := func(id string, width int) catalog.Variant {
		return catalog.Variant{ExternalID: id, Title: id, Attributes: catalog.Attributes{DeckWidthHundredths: width}}
	}
	wheel := func(id string, mm int) catalog.Variant {
		return catalog.Variant{ExternalID: id, Title: id + "mm 99A", Attributes: catalog.Attributes{WheelDiameterMM: mm, WheelDurometer: "99A"}}
	}
	shoe := func(size string) catalog.Variant {
		return catalog.Variant{ExternalID: "us" + size, Title: "US " + size, Attributes: catalog.Attributes{ShoeSizeUS: size}}
	}
	one := catalog.Variant{ExternalID: "one", Title: "One size"}
	truck := catalog.Variant{ExternalID: "149", Title: "149", Attributes: catalog.Attributes{TruckSize: "149"}}
	const north, brett = "north-skate", "brett-haus"
	return []catalog.Listing{
		listing(north, "spitfire-f4", "Spitfire Formula Four Classic 54mm 99a", "Spitfire", catalog.CategoryWheels, wheel("54", 54), wheel("56", 56)),
		listing(north, "baker-deck", "Classic Logo Deck", "Baker", catalog.CategoryDecks, deck("825", 825), deck("800", 800), deck("850", 850)),
		listing(north, "indy-149", "Independent Stage 11 Hollow 149 Trucks", "Independent", catalog.CategoryTrucks, truck),
		listing(north, "vans-sk8", "Vans Sk8-Hi Pro Shoes", "Vans", catalog.CategoryShoes, shoe("9"), shoe("9.5")),
		listing(brett, "w-54", "Café Formula Wheels", "Spitfire", catalog.CategoryWheels, wheel("54", 54)),
		listing(brett, "bones-reds", "Bones Reds Bearings", "Bones", catalog.CategoryBearings, one),
		listing(brett, "mob-grip", `Mob "Grip" 100% _Tape_ (9*33) O'Neill`, "Mob", catalog.CategoryGriptape, one),
		listing(north, "never-deck", "Never Seen Deck", "Baker", catalog.CategoryDecks, deck("825", 825)),
		listing(brett, "shop-tee", "Shop Tee", "", catalog.CategoryApparel, one),
		listing(north, "girl-deck", "Girl Deck", "Girl", catalog.CategoryDecks, deck("825", 825)),
		listing(north, "krux-k5", "krux K5 Trucks", "Krux", catalog.CategoryTrucks, truck),
		listing(north, "thunder-hi", "Thunder Hi Trucks", "Thunder", catalog.CategoryTrucks, truck),
	}
}

// browseObservations price the browse catalog as its table says.
func browseObservations() []catalog.PriceObservation {
	v := func(listing, variant string) catalog.VariantKey {
		shop := "north-skate"
		switch listing {
		case "w-54", "bones-reds", "mob-grip", "shop-tee":
			shop = "brett-haus"
		}
		return catalog.VariantKey{ShopSlug: shop, ListingExternalID: listing, VariantExternalID: variant}
	}
	return []catalog.PriceObservation{
		obs(v("spitfire-f4", "54"), 0, 4999), obs(v("spitfire-f4", "56"), 0, 4299),
		withCompareAt(obs(v("spitfire-f4", "54"), 10, 3999), 4999), obs(v("spitfire-f4", "56"), 10, 4299),
		outOfStock(withCompareAt(obs(v("baker-deck", "800"), 20, 5999), 7999)), obs(v("baker-deck", "825"), 20, 6499),
		obs(v("indy-149", "149"), 30, 5000),
		withCompareAt(obs(v("vans-sk8", "us9"), 40, 7000), 8000), outOfStock(withCompareAt(obs(v("vans-sk8", "us9.5"), 40, 6000), 8000)),
		withCompareAt(obs(v("w-54", "54"), 50, 3500), 5000),
		obs(v("bones-reds", "one"), 60, 2000),
		obs(v("mob-grip", "one"), 70, 1000),
		outOfStock(obs(v("girl-deck", "825"), 30, 5500)),
		obs(v("krux-k5", "149"), 80, 5000),
		obs(v("thunder-hi", "149"), 90, 5000),
	}
}

// browsed is a store holding the browse catalog, with the id of each of
// its listings by external id.
type browsed struct {
	store store.Store
	ids   map[string]int64
	names map[int64]string // external id by id
}

func seedBrowse(t *testing.T, newSubject Factory) browsed {
	t.Helper()
	s := migrated(t, newSubject).Store
	ctx := context.Background()
	if err := s.UpsertShops(ctx, shops()); err != nil {
		t.Fatalf("UpsertShops: %v", err)
	}
	for _, l := range browseListings() {
		if err := s.UpsertListings(ctx, []catalog.Listing{l}); err != nil {
			t.Fatalf("UpsertListings %s: %v", l.ExternalID, err)
		}
	}
	record(t, s, browseObservations()...)
	b := browsed{store: s, ids: map[string]int64{}, names: map[int64]string{}}
	page, err := s.Products(ctx, catalog.ProductQuery{Limit: 100, Sort: catalog.ProductSort{Field: catalog.SortTitle}})
	if err != nil || len(page.Items) != len(browseListings()) {
		t.Fatalf("Products of the whole catalog = %d items, %v; want %d", len(page.Items), err, len(browseListings()))
	}
	for _, p := range page.Items {
		b.ids[p.ExternalID], b.names[p.ID] = p.ID, p.ExternalID
	}
	for i, l := range browseListings()[1:] {
		if b.ids[l.ExternalID] <= b.ids[browseListings()[i].ExternalID] {
			t.Fatalf("listing ids do not rise in insertion order: %v", b.ids)
		}
	}
	return b
}
