package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// Text search folds case and accents, ignores word order and requires
// every word to begin a word of the title or brand. What users type is
// data: quotes, wildcards and search operators of either database match
// nothing special.
func testProductText(t *testing.T, b browsed) {
	all := sortOrders()[catalog.ProductSort{Field: catalog.SortTitle}]
	tests := []struct {
		text string
		want string // in title order
	}{
		{"formula four spitfire", "spitfire-f4"},
		{"Spitfire Formula Four Classic 54mm 99a", "spitfire-f4"},
		{"SPİTFİRE Formula", "w-54 spitfire-f4"},
		{"spitfire", "w-54 spitfire-f4"},
		{"cafe", "w-54"},
		{"CAFÉ", "w-54"},
		{"Cafe\u0301 wheels", "w-54"},
		{"form", "w-54 spitfire-f4"},
		{"trucks", "indy-149 krux-k5 thunder-hi"},
		{"k5 KRUX", "krux-k5"},
		{"deck", "baker-deck girl-deck never-deck"},
		{"classic", "baker-deck spitfire-f4"},
		{"   ", all},
		{"nothing like this", ""},
		{"ormula", ""}, // words match from their start
		// Punctuation separates words, as in titles.
		{"sk8-hi", "vans-sk8"},
		{"100%", "mob-grip"},
		{"_tape_", "mob-grip"},
		{`"grip"`, "mob-grip"},
		{"mob*", "mob-grip"},
		{"(9*33)", "mob-grip"},
		{"o'neill", "mob-grip"},
		{"spit%", "w-54 spitfire-f4"},
		// Nothing is a wildcard or an operator.
		{"%", ""},
		{"_", ""},
		{"'", ""},
		{`"`, ""},
		{"*", ""},
		{"( )", ""},
		{"%%%", ""},
		{"spitf_re", ""},
		{"spitf%re", ""},
		{`grip" OR "deck`, ""},
		{"deck OR trucks", ""},
		{"deck -girl", "girl-deck"},
		{"deck NOT girl", ""},
		{"NEAR(deck girl)", ""},
		{"search_text:deck", ""},
		{"deck^", "baker-deck girl-deck never-deck"},
		{"'; DROP TABLE listings; --", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q := catalog.ProductQuery{Text: tt.text, Sort: catalog.ProductSort{Field: catalog.SortTitle}, Limit: 100}
			if got := pageAll(t, b, q); got != tt.want {
				t.Errorf("Products(text %q)\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
	if got := pageAll(t, b, catalog.ProductQuery{Sort: catalog.ProductSort{Field: catalog.SortTitle}, Limit: 100}); got != all {
		t.Errorf("catalog after the searches %s, want %s", got, all)
	}
}

// testProductSummaries checks every field of the summaries of the kinds of
// products there are.
func testProductSummaries(t *testing.T, b browsed) {
	page, err := b.store.Products(context.Background(), catalog.ProductQuery{Sort: catalog.ProductSort{Field: catalog.SortTitle}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]catalog.ProductSummary{}
	for _, p := range page.Items {
		if p.UpdatedAt.IsZero() {
			t.Errorf("%s: UpdatedAt is zero", p.ExternalID)
		}
		p.UpdatedAt = time.Time{}
		byName[p.ExternalID] = p
	}
	usd := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "USD"} }
	eur := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "EUR"} }
	summary := func(name, shop, shopName, title, brand string, cat catalog.Category) catalog.ProductSummary {
		return catalog.ProductSummary{ID: b.ids[name], ShopSlug: shop, ShopName: shopName, ExternalID: name, Handle: name,
			Title: title, Brand: brand, Category: cat, URL: "https://" + shop + ".example/p/" + name}
	}
	north := func(name, title, brand string, cat catalog.Category) catalog.ProductSummary {
		return summary(name, "north-skate", "North Skate", title, brand, cat)
	}
	tests := []struct {
		name string
		want catalog.ProductSummary
	}{
		{"on sale, in stock", func() catalog.ProductSummary {
			p := north("spitfire-f4", "Spitfire Formula Four Classic 54mm 99a", "Spitfire", catalog.CategoryWheels)
			p.Price, p.DiscountBP, p.DealPrice, p.DealCompareAt = usd(3999), 2000, usd(3999), usd(4999)
			p.InStock, p.PriceUpdatedAt = true, at(10)
			return p
		}()},
		{"the deal of a purchasable variant, not the larger one out of stock", func() catalog.ProductSummary {
			p := north("vans-sk8", "Vans Sk8-Hi Pro Shoes", "Vans", catalog.CategoryShoes)
			p.Price, p.DiscountBP, p.DealPrice, p.DealCompareAt = usd(7000), 1250, usd(7000), usd(8000)
			p.InStock, p.PriceUpdatedAt = true, at(40)
			return p
		}()},
		{"no deal when only an out-of-stock variant is on sale", func() catalog.ProductSummary {
			p := north("baker-deck", "Classic Logo Deck", "Baker", catalog.CategoryDecks)
			p.Price, p.InStock, p.PriceUpdatedAt = usd(6499), true, at(20)
			return p
		}()},
		{"in another currency", func() catalog.ProductSummary {
			p := summary("w-54", "brett-haus", "Brett Haus", "Café Formula Wheels", "Spitfire", catalog.CategoryWheels)
			p.Price, p.DiscountBP, p.DealPrice, p.DealCompareAt = eur(3500), 3000, eur(3500), eur(5000)
			p.InStock, p.PriceUpdatedAt = true, at(50)
			return p
		}()},
		{"out of stock", func() catalog.ProductSummary {
			p := north("girl-deck", "Girl Deck", "Girl", catalog.CategoryDecks)
			p.Price, p.PriceUpdatedAt = usd(5500), at(30)
			return p
		}()},
		{"never observed", north("never-deck", "Never Seen Deck", "Baker", catalog.CategoryDecks)},
		{"never observed, no brand", summary("shop-tee", "brett-haus", "Brett Haus", "Shop Tee", "", catalog.CategoryApparel)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := byName[tt.want.ExternalID]; got != tt.want {
				t.Errorf("summary\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
