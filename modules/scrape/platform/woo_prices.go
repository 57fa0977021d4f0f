package platform

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/skatestock/skatestock/modules/catalog"
)

// wooPrices is the "prices" object of the Store API: amounts are strings of
// minor units, with the currency and its minor unit beside them.
type wooPrices struct {
	Price             jsonText       `json:"price"`
	RegularPrice      jsonText       `json:"regular_price"`
	SalePrice         jsonText       `json:"sale_price"`
	PriceRange        *wooPriceRange `json:"price_range"`
	CurrencyCode      string         `json:"currency_code"`
	CurrencyMinorUnit jsonText       `json:"currency_minor_unit"`
}

type wooPriceRange struct {
	MinAmount jsonText `json:"min_amount"`
	MaxAmount jsonText `json:"max_amount"`
}

// wooObservation reads price, compare-at and stock of p into an observation
// of listingID/variantID, or records why it cannot (itemID names the problem).
// regular_price is the compare-at only when it differs from price: WooCommerce
// publishes it for every product, and equal means no sale.
func (b *pageBuilder) wooObservation(p wooProduct, itemID, listingID, variantID string) (catalog.PriceObservation, bool) {
	if p.Prices == nil {
		b.problem(itemID, KindMissingField, invalidf("product has no prices"))
		return catalog.PriceObservation{}, false
	}
	cur, err := wooCurrency(*p.Prices, b.shop.Currency)
	if err != nil {
		b.problem(itemID, KindBadCurrency, err)
		return catalog.PriceObservation{}, false
	}
	price, err := cur.money(p.Prices.Price.String())
	if err != nil {
		b.problem(itemID, KindBadPrice, fmt.Errorf("price: %w", err))
		return catalog.PriceObservation{}, false
	}
	avail, err := wooAvailability(p)
	if err != nil {
		b.problem(itemID, KindBadAvailability, err)
		return catalog.PriceObservation{}, false
	}
	var compareAt catalog.Money
	if raw := p.Prices.RegularPrice.String(); raw != "" {
		m, err := cur.money(raw)
		switch {
		case err != nil:
			b.problem(itemID, KindBadPrice, fmt.Errorf("regular_price dropped: %w", err))
		case m.Amount != 0 && m != price:
			compareAt = m
		}
	}
	return b.observation(listingID, variantID, price, compareAt, avail), true
}

// wooMoneyScale is a currency and the decimals its amounts are published in.
type wooMoneyScale struct {
	currency  string
	published int // decimals of the published minor units
	iso       int // decimals ISO 4217 gives the currency
}

// wooCurrency reads currency_code (the shop's currency when absent) and
// currency_minor_unit (ISO's when absent). Multi-currency plugins make the
// code differ from the shop's; the price is in the code published.
func wooCurrency(p wooPrices, fallback string) (wooMoneyScale, error) {
	code := strings.ToUpper(strings.TrimSpace(p.CurrencyCode))
	if code == "" {
		code = fallback
	}
	iso, err := catalog.MinorUnits(code)
	if err != nil {
		return wooMoneyScale{}, fmt.Errorf("currency_code: %w", err)
	}
	s := wooMoneyScale{currency: code, published: iso, iso: iso}
	if raw := p.CurrencyMinorUnit.String(); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > 8 {
			return wooMoneyScale{}, invalidf("currency_minor_unit %q is not 0-8", raw)
		}
		s.published = n
	}
	return s, nil
}

// money parses a published amount of minor units and rescales it exactly to
// the ISO minor units when the shop is set up with other decimals (a JPY shop
// publishing "120000" with minor unit 2 means ¥1200). An amount that cannot
// be rescaled exactly ("120050" yen-cents) or would overflow is an error,
// never a rounded number.
func (s wooMoneyScale) money(raw string) (catalog.Money, error) {
	m, err := catalog.ParseMinorUnits(raw, s.currency)
	if err != nil {
		return catalog.Money{}, err
	}
	switch {
	case s.published > s.iso:
		div := pow10(s.published - s.iso)
		if m.Amount%div != 0 {
			return catalog.Money{}, invalidf("%s with %d decimals is not a whole amount of %s minor units (%d decimals)", raw, s.published, s.currency, s.iso)
		}
		m.Amount /= div
	case s.published < s.iso:
		mul := pow10(s.iso - s.published)
		if m.Amount > (1<<63-1)/mul {
			return catalog.Money{}, invalidf("%s with %d decimals overflows %s minor units", raw, s.published, s.currency)
		}
		m.Amount *= mul
	}
	return m, nil
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// wooAvailability maps the Store API stock fields. Back-orders come first:
// a product on back-order also says it is in stock.
func wooAvailability(p wooProduct) (catalog.Availability, error) {
	class := ""
	if p.StockAvailability != nil {
		class = strings.ToLower(strings.TrimSpace(p.StockAvailability.Class))
	}
	switch {
	case p.IsOnBackorder != nil && *p.IsOnBackorder, class == "available-on-backorder", class == "on-backorder":
		return catalog.BackOrder, nil
	case p.IsInStock != nil && *p.IsInStock:
		return catalog.InStock, nil
	case p.IsInStock != nil:
		return catalog.OutOfStock, nil
	case class == "in-stock":
		return catalog.InStock, nil
	case class == "out-of-stock":
		return catalog.OutOfStock, nil
	}
	return "", invalidf("no is_in_stock flag or known stock class (%q)", class)
}
