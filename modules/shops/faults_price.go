package shops

// badPriceShare is how rare listings with a bad price are under the
// badprice fault: one in eight, picked by a hash of the listing.
const badPriceShare = 8

// badPrice is the unusable price variant v of e publishes under the
// badprice fault, with ok false when it keeps its good price. Only the first
// variant of a picked listing is spoiled, so every page mixes good and bad
// items. minor selects WooCommerce's minor-unit strings.
func badPrice(e *entry, v int, q request, minor bool) (string, bool) {
	if !q.badPrices || v != 0 || mix(e.hash, saltBadPrice)%badPriceShare != 0 {
		return "", false
	}
	values := [...]string{"NaN", "-5.00", "1e3", ""}
	if minor {
		values[1] = "-500"
	}
	return values[mix(e.hash, saltBadValue)%uint64(len(values))], true
}
