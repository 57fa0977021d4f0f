package seed

import "github.com/skatestock/skatestock/modules/catalog"

// Prices are computed in integer minor units throughout, so that output is
// identical on every architecture (no float rounding or fused multiply-add).

// decimalsOf returns the minor-unit decimals of a currency in shopTable;
// a test checks every one of them is a known ISO 4217 code.
func decimalsOf(currency string) int {
	d, err := catalog.MinorUnits(currency)
	if err != nil {
		return 2
	}
	return d
}

// charmDown returns the largest price not above minor that ends the shop's
// way (64.95, 64.99, 65.00; whole tens of yen), or 0 when there is none.
// Rounding down keeps every discount at least as deep as planned.
func charmDown(minor int64, e priceEnding, decimals int) int64 {
	if decimals == 0 {
		return minor / 10 * 10
	}
	whole := minor / 100
	var p int64
	switch e {
	case end95:
		p = whole*100 + 95
	case end99:
		p = whole*100 + 99
	default:
		p = whole * 100
	}
	if p > minor {
		p -= 100
	}
	return max(p, 0)
}

// charmNear rounds a converted list price to the nearest price that ends
// the shop's way (yen to the nearest hundred).
func charmNear(minor int64, e priceEnding, decimals int) int64 {
	if decimals == 0 {
		return max((minor+50)/100*100, 100)
	}
	p := charmDown(minor+50, e, decimals)
	if p <= 0 {
		return max(minor, 1)
	}
	return p
}

// discounted returns ref less at least bp and at most bp+500 basis points
// (up to rounding to the minor unit), ending the shop's way when such a
// price exists, and never below one minor unit: the result r satisfies
// r*10000 <= ref*(10000-bp) whenever that allows r >= 1.
func discounted(ref int64, bp int, e priceEnding, decimals int) int64 {
	target := ref * int64(10000-bp) / 10000
	p := charmDown(target, e, decimals)
	// On cheap items the step to a charm price is large (9.95 at 25% off
	// would be 6.95, 30% off); past five points deeper than planned, the
	// shop prices to the cent instead.
	if p <= 0 || p*10000 < ref*int64(10000-bp-500) {
		p = target
	}
	return max(p, 1)
}

// localMSRP converts a US-dollar MSRP in cents into the shop's currency.
// US shops keep the maker's price to the cent; elsewhere it is converted and
// rounded to the shop's ending, as distributors' local price lists are.
func localMSRP(usdCents int64, currency string, e priceEnding) int64 {
	if currency == "USD" {
		return usdCents
	}
	return charmNear(usdCents*usdRate(currency)/10000, e, decimalsOf(currency))
}
