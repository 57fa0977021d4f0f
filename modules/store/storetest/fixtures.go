package storetest

import (
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// t0 is the start of the fixtures' clock, with the microseconds stores keep.
func t0() time.Time { return time.Date(2025, 6, 1, 10, 0, 0, 123456000, time.UTC) }

// at is minute n of the fixtures' clock.
func at(n int) time.Time { return t0().Add(time.Duration(n) * time.Minute) }

func shops() []catalog.Shop {
	return []catalog.Shop{
		{Slug: "north-skate", Name: "North Skate", Platform: catalog.PlatformShopify,
			BaseURL: "https://north.example", Currency: "USD", Country: "US"},
		{Slug: "brett-haus", Name: "Brett Haus", Platform: catalog.PlatformWooCommerce,
			BaseURL: "https://brett.example", Currency: "EUR", Country: "DE"},
	}
}

func deck() catalog.Listing {
	return catalog.Listing{
		ShopSlug: "north-skate", ExternalID: "1001", Handle: "classic-logo-deck",
		Title: "Classic Logo Deck", Brand: "Baker", Category: catalog.CategoryDecks,
		URL: "https://north.example/products/classic-logo-deck", ImageURL: "https://north.example/img/1001.jpg",
		Tags: []string{"deck", "baker"},
		Variants: []catalog.Variant{
			{ExternalID: "v825", SKU: "BK-825", GTIN: "4006381333931", Title: "8.25",
				Options:    []catalog.Option{{Name: "Size", Value: "8.25"}},
				Attributes: catalog.Attributes{DeckWidthHundredths: 825}},
			{ExternalID: "v800", SKU: "BK-800", Title: "8.0",
				Options:    []catalog.Option{{Name: "Size", Value: "8.0"}},
				Attributes: catalog.Attributes{DeckWidthHundredths: 800}},
		},
	}
}

func wheels() catalog.Listing {
	return catalog.Listing{
		ShopSlug: "brett-haus", ExternalID: "w-54", Title: "Café Formula Wheels",
		Brand: "Spitfire", Category: catalog.CategoryWheels, URL: "https://brett.example/p/w-54",
		Variants: []catalog.Variant{
			{ExternalID: "54-99a", Title: "54mm 99A",
				Attributes: catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99A"}},
		},
	}
}

func listings() []catalog.Listing { return []catalog.Listing{deck(), wheels()} }

// key names a fixture variant.
func key(listing, variant string) catalog.VariantKey {
	shop := "north-skate"
	if listing == "w-54" {
		shop = "brett-haus"
	}
	return catalog.VariantKey{ShopSlug: shop, ListingExternalID: listing, VariantExternalID: variant}
}

// The fixture variants.
func deck825() catalog.VariantKey { return key("1001", "v825") }
func deck800() catalog.VariantKey { return key("1001", "v800") }
func wheel54() catalog.VariantKey { return key("w-54", "54-99a") }

// obs is an observation of k at minute n for price minor units of USD (EUR
// for the wheels), in stock, without compare-at.
func obs(k catalog.VariantKey, n int, price int64) catalog.PriceObservation {
	cur := "USD"
	if k.ShopSlug == "brett-haus" {
		cur = "EUR"
	}
	return catalog.PriceObservation{
		Variant: k, ObservedAt: at(n), Price: catalog.Money{Amount: price, Currency: cur},
		Availability: catalog.InStock, SourceRun: "run-" + at(n).Format("1504"),
	}
}

func withCompareAt(o catalog.PriceObservation, compareAt int64) catalog.PriceObservation {
	o.CompareAt = catalog.Money{Amount: compareAt, Currency: o.Price.Currency}
	return o
}

func outOfStock(o catalog.PriceObservation) catalog.PriceObservation {
	o.Availability = catalog.OutOfStock
	return o
}
