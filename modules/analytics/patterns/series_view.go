package patterns

import (
	"math/bits"
	"slices"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// run is a stretch of one variant's series in one currency, in time order,
// as plain numbers: what every detector reads.
type run struct {
	obs      []catalog.PriceObservation
	offset   int // index of obs[0] in the whole series
	currency string
	price    []int64
	compare  []int64 // 0 when none or in another currency
	at       []time.Time
}

// runs sorts series by time (a copy, when it is not sorted already) and
// cuts it where the currency changes.
func runs(series []catalog.PriceObservation) ([]catalog.PriceObservation, []run) {
	if !slices.IsSortedFunc(series, byTime) {
		series = slices.Clone(series)
		slices.SortStableFunc(series, byTime)
	}
	var out []run
	for start := 0; start < len(series); {
		cur := series[start].Price.Currency
		end := start + 1
		for end < len(series) && series[end].Price.Currency == cur {
			end++
		}
		r := run{obs: series[start:end], offset: start, currency: cur}
		for _, o := range r.obs {
			r.price = append(r.price, o.Price.Amount)
			c := int64(0)
			if o.CompareAt.Currency == cur {
				c = o.CompareAt.Amount
			}
			r.compare = append(r.compare, c)
			r.at = append(r.at, o.ObservedAt)
		}
		out = append(out, r)
		start = end
	}
	return series, out
}

func byTime(a, b catalog.PriceObservation) int { return a.ObservedAt.Compare(b.ObservedAt) }

// money is an amount in the run's currency.
func (r *run) money(amount int64) catalog.Money {
	return catalog.Money{Amount: amount, Currency: r.currency}
}

// pattern starts a Pattern covering obs[first..last] of the run.
func (r *run) pattern(kind Kind, first, last int, ref, low int64, evidence string) Pattern {
	return Pattern{
		Kind: kind, Variant: r.obs[first].Variant,
		From: r.at[first], To: r.at[last], First: r.offset + first, Last: r.offset + last,
		Reference: r.money(ref), Price: r.money(low), DiscountBP: discountBP(low, ref),
		Evidence: evidence,
	}
}

// discountBP is how far price sits below ref, in basis points, 0 when not
// below.
func discountBP(price, ref int64) int {
	return catalog.DiscountBasisPoints(catalog.Money{Amount: price}, catalog.Money{Amount: ref})
}

// below reports whether price is at least bp basis points below ref: price
// times 10000 at most ref times (10000-bp), in 128 bits so that no amount
// overflows.
func below(price, ref int64, bp int) bool {
	if ref <= 0 {
		return false
	}
	return !mulLess(uint64(ref), uint64(10000-bp), uint64(max(price, 0)), 10000)
}

// mulLess reports whether a*b < c*d.
func mulLess(a, b, c, d uint64) bool {
	h1, l1 := bits.Mul64(a, b)
	h2, l2 := bits.Mul64(c, d)
	return h1 < h2 || h1 == h2 && l1 < l2
}

// median is the middle of xs (the lower middle of an even count); xs is
// reordered.
func median(xs []int64) int64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	return xs[(len(xs)-1)/2]
}

// majorUnit is one unit of currency in minor units (100 cents, 1 yen).
func majorUnit(currency string) int64 {
	d, err := catalog.MinorUnits(currency)
	if err != nil {
		d = 2
	}
	u := int64(1)
	for range d {
		u *= 10
	}
	return u
}
