package forecast

import (
	"math"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// FeatureNames name the features in the order Features returns them.
func FeatureNames() []string {
	return []string{
		"category_sells_by_size", "category_hardgoods", "out_of_stock_share_30d", "stock_outs_30d",
		"days_since_restock", "siblings_out_of_stock", "markdowns_14d", "falling_run_drops",
		"below_30d_high", "on_sale", "days_since_price_change", "observations_30d",
	}
}

// History is what the features are computed from: one variant's
// observations and those of its siblings (the other variants of its
// listing), each in time order, and the listing's category.
type History struct {
	Series   []catalog.PriceObservation
	Siblings [][]catalog.PriceObservation
	Category catalog.Category
}

const day = 24 * time.Hour

// Features describes h as it was known at instant at (observations after at
// are not read). ok is false when the variant was not seen by then, or was
// out of stock at its last observation: the question is whether a variant
// in stock goes out of it.
//
// Prices are compared only within the currency of the last observation.
func Features(h History, at time.Time) (f []float64, ok bool) {
	s := h.Series
	cur := lastAtOrBefore(s, at)
	if cur < 0 || !s[cur].InStock() {
		return nil, false
	}
	from30, from14 := at.Add(-30*day), at.Add(-14*day)
	currency := s[cur].Price.Currency
	var n30, oos30, stockOuts30, markdowns14 int
	high30 := s[cur].Price.Amount
	lastRestock, lastChange := time.Time{}, s[0].ObservedAt
	for i := 0; i <= cur; i++ {
		o := s[i]
		if i > 0 {
			prev := s[i-1]
			if prev.InStock() && !o.InStock() && !o.ObservedAt.Before(from30) {
				stockOuts30++
			}
			if !prev.InStock() && o.InStock() {
				lastRestock = o.ObservedAt
			}
			if prev.Price != o.Price {
				lastChange = o.ObservedAt
				if o.Price.Currency == prev.Price.Currency && o.Price.Amount < prev.Price.Amount && !o.ObservedAt.Before(from14) {
					markdowns14++
				}
			}
		}
		if o.ObservedAt.Before(from30) {
			continue
		}
		n30++
		if !o.InStock() {
			oos30++
		}
		if o.Price.Currency == currency {
			high30 = max(high30, o.Price.Amount)
		}
	}
	sinceRestock := 1.0
	if !lastRestock.IsZero() {
		sinceRestock = min(at.Sub(lastRestock).Hours()/24, 30) / 30
	}
	f = []float64{
		b2f(h.Category == catalog.CategoryShoes || h.Category == catalog.CategoryApparel),
		b2f(hardgoods(h.Category)),
		float64(oos30) / float64(max(n30, 1)),
		math.Log1p(float64(stockOuts30)),
		sinceRestock,
		siblingsOut(h.Siblings, at),
		math.Log1p(float64(markdowns14)),
		float64(min(fallingDrops(s[:cur+1]), 5)) / 5,
		float64(catalog.DiscountBasisPoints(s[cur].Price, catalog.Money{Amount: high30, Currency: currency})) / 10000,
		b2f(s[cur].OnSale()),
		min(at.Sub(lastChange).Hours()/24, 30) / 30,
		math.Log1p(float64(n30)),
	}
	return f, true
}

// hardgoods are the categories sold as one size or a few (bearings, decks,
// wheels, trucks): sizes sell out less one by one.
func hardgoods(c catalog.Category) bool {
	switch c {
	case catalog.CategoryDecks, catalog.CategoryCompletes, catalog.CategoryTrucks, catalog.CategoryWheels,
		catalog.CategoryBearings, catalog.CategoryHardware, catalog.CategoryGriptape:
		return true
	}
	return false
}

// fallingDrops counts the price drops in the run of prices that has not
// risen up to the last observation: a clearance in progress.
func fallingDrops(s []catalog.PriceObservation) int {
	drops := 0
	for i := len(s) - 1; i > 0; i-- {
		a, b := s[i-1].Price, s[i].Price
		if a.Currency != b.Currency || b.Amount > a.Amount {
			break
		}
		if b.Amount < a.Amount {
			drops++
		}
	}
	return drops
}

// siblingsOut is the share of siblings out of stock at their last
// observation at or before at; 0 without siblings.
func siblingsOut(sibs [][]catalog.PriceObservation, at time.Time) float64 {
	seen, out := 0, 0
	for _, s := range sibs {
		if i := lastAtOrBefore(s, at); i >= 0 {
			seen++
			if !s[i].InStock() {
				out++
			}
		}
	}
	if seen == 0 {
		return 0
	}
	return float64(out) / float64(seen)
}

// lastAtOrBefore is the index of the last observation at or before at, -1
// when none.
func lastAtOrBefore(s []catalog.PriceObservation, at time.Time) int {
	lo, hi := 0, len(s)
	for lo < hi {
		mid := (lo + hi) / 2
		if s[mid].ObservedAt.After(at) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo - 1
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
