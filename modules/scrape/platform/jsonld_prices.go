package platform

import (
	"fmt"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// ldObservation reads one offer:
//   - price from "price" (a string or a JSON number's exact text), else from a
//     priceSpecification that is not a list price; an AggregateOffer without
//     nested offers gives its lowPrice only when highPrice is absent or equal,
//     and a KindPriceRange problem otherwise;
//   - currency from priceCurrency (the offer's, else the specification's),
//     else the shop's currency;
//   - compare-at from a priceSpecification with priceType ListPrice,
//     StrikethroughPrice or MSRP, in the same currency;
//   - availability from the schema.org ItemAvailability URL or name. An offer
//     without one has no observation (KindMissingField): stock is never
//     guessed.
func (b *pageBuilder) ldObservation(g ldGraph, o ldNode, aggregate bool, itemID, listingID, variantID string) (catalog.PriceObservation, bool) {
	currency := strings.ToUpper(o.text("priceCurrency"))
	priceText, present := o.price("price")
	var list ldNode
	for _, spec := range g.nodes(o["priceSpecification"]) {
		if ldListPriceType(spec.text("priceType")) {
			if list == nil {
				list = spec
			}
			continue
		}
		if !present {
			priceText, present = spec.price("price")
			if currency == "" {
				currency = strings.ToUpper(spec.text("priceCurrency"))
			}
		}
	}
	if currency == "" {
		currency = b.shop.Currency
	}
	if _, err := catalog.MinorUnits(currency); err != nil {
		b.problem(itemID, KindBadCurrency, fmt.Errorf("priceCurrency: %w", err))
		return catalog.PriceObservation{}, false
	}
	if aggregate && !present {
		low, lowOK := o.price("lowPrice")
		high, highOK := o.price("highPrice")
		if lowOK && highOK && high != low {
			lo, err1 := catalog.ParseMoney(low, currency)
			hi, err2 := catalog.ParseMoney(high, currency)
			if err1 != nil || err2 != nil || lo != hi {
				b.problem(itemID, KindPriceRange, invalidf("only a range %s-%s %s is published", fitRunes(low, 20), fitRunes(high, 20), currency))
				return catalog.PriceObservation{}, false
			}
		}
		priceText, present = low, lowOK
	}
	if !present {
		b.problem(itemID, KindMissingField, invalidf("offer has no price"))
		return catalog.PriceObservation{}, false
	}
	price, err := catalog.ParseMoney(priceText, currency)
	if err != nil {
		b.problem(itemID, KindBadPrice, fmt.Errorf("price: %w", err))
		return catalog.PriceObservation{}, false
	}
	avail, err := ldAvailability(o.text("availability"))
	if err != nil {
		kind := KindBadAvailability
		if o.text("availability") == "" {
			kind = KindMissingField
		}
		b.problem(itemID, kind, err)
		return catalog.PriceObservation{}, false
	}
	var compareAt catalog.Money
	if list != nil {
		compareAt = b.ldListPrice(list, currency, itemID)
	}
	return b.observation(listingID, variantID, price, compareAt, avail), true
}

// ldListPrice reads a list-price specification as a compare-at price, or
// the zero Money with a problem when it is unreadable or in another currency.
func (b *pageBuilder) ldListPrice(spec ldNode, currency, itemID string) catalog.Money {
	c := strings.ToUpper(spec.text("priceCurrency"))
	if c == "" {
		c = currency
	}
	if c != currency {
		b.problem(itemID, KindBadCurrency, invalidf("list price in %s, price in %s; compare-at dropped", fitRunes(c, 10), currency))
		return catalog.Money{}
	}
	text, _ := spec.price("price")
	m, err := compareAtMoney(text, currency)
	if err != nil {
		b.problem(itemID, KindBadPrice, fmt.Errorf("list price dropped: %w", err))
		return catalog.Money{}
	}
	return m
}

// ldListPriceType reports whether a priceType names the price before a
// discount.
func ldListPriceType(t string) bool {
	switch ldEnum(t) {
	case "listprice", "strikethroughprice", "msrp", "srp", "regularprice":
		return true
	}
	return false
}

// ldAvailabilities maps schema.org ItemAvailability names (lower-cased, no
// separators) to catalog availability. Offers that can be bought now count as
// in stock, whatever the channel.
var ldAvailabilities = map[string]catalog.Availability{
	"instock": catalog.InStock, "instoreonly": catalog.InStock, "onlineonly": catalog.InStock,
	"limitedavailability": catalog.InStock,
	"outofstock":          catalog.OutOfStock, "soldout": catalog.OutOfStock, "discontinued": catalog.OutOfStock,
	"preorder": catalog.PreOrder, "presale": catalog.PreOrder,
	"backorder": catalog.BackOrder, "madetoorder": catalog.BackOrder,
}

func ldAvailability(s string) (catalog.Availability, error) {
	if s == "" {
		return "", invalidf("offer has no availability")
	}
	if a, ok := ldAvailabilities[ldEnum(s)]; ok {
		return a, nil
	}
	return "", invalidf("availability %q is not a schema.org ItemAvailability", fitRunes(s, 60))
}

// ldEnum reduces a schema.org enumeration value to a key:
// "https://schema.org/InStock", "http://schema.org/InStock", "schema:InStock",
// "InStock" and "in_stock" are all "instock".
func ldEnum(s string) string {
	if i := strings.LastIndexAny(s, "/:"); i >= 0 {
		s = s[i+1:]
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-':
			return -1
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
