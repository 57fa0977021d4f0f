package catalog

import (
	"math/bits"
	"strconv"
	"strings"
)

// Money is an exact amount in the minor units of an ISO 4217 currency
// (cents for USD, yen for JPY). It is never a float.
type Money struct {
	Amount   int64  // minor units
	Currency string // ISO 4217 code, upper case
}

// IsZero reports whether m is the zero value, used for "no price published".
func (m Money) IsZero() bool { return m.Amount == 0 && m.Currency == "" }

// NewMoney returns minor units of currency after checking the currency is known
// and the amount is not negative.
func NewMoney(minor int64, currency string) (Money, error) {
	if _, err := MinorUnits(currency); err != nil {
		return Money{}, err
	}
	if minor < 0 {
		return Money{}, invalid("money", "amount %d is negative", minor)
	}
	return Money{Amount: minor, Currency: currency}, nil
}

// ParseMoney parses a plain decimal string such as "54.95" into minor units of
// currency. It is exact: it accepts only digits with an optional point and at
// most as many decimals as the currency has (trailing zeros beyond that are
// allowed, "54.950"), and rejects signs, exponents, NaN, Inf, thousands
// separators and amounts that overflow int64.
func ParseMoney(s, currency string) (Money, error) {
	units, err := MinorUnits(currency)
	if err != nil {
		return Money{}, err
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return Money{}, invalid("money", "%q is not a decimal amount", s)
	}
	if !allDigits(whole) || !allDigits(frac) || (hasPoint && frac == "" && whole == "") {
		return Money{}, invalid("money", "%q is not a plain decimal amount (digits and one point only)", s)
	}
	trimmed := strings.TrimRight(frac, "0")
	if len(trimmed) > units {
		return Money{}, invalid("money", "%q has more decimals than %s allows (%d)", s, currency, units)
	}
	digits := whole + trimmed + strings.Repeat("0", units-len(trimmed))
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return Money{Amount: 0, Currency: currency}, nil
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return Money{}, invalid("money", "%q is too large", s)
	}
	return Money{Amount: n, Currency: currency}, nil
}

// ParseMinorUnits parses a string of minor units such as "5495" (the form the
// WooCommerce Store API uses) for currency.
func ParseMinorUnits(s, currency string) (Money, error) {
	if _, err := MinorUnits(currency); err != nil {
		return Money{}, err
	}
	if s == "" || !allDigits(s) {
		return Money{}, invalid("money", "%q is not a whole number of minor units", s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return Money{}, invalid("money", "%q is too large", s)
	}
	return Money{Amount: n, Currency: currency}, nil
}

// Decimal formats m as a plain decimal string in major units ("54.95").
func (m Money) Decimal() string {
	units, err := MinorUnits(m.Currency)
	if err != nil || units == 0 {
		return strconv.FormatInt(m.Amount, 10)
	}
	neg := m.Amount < 0
	var u uint64
	if neg {
		u = uint64(-(m.Amount + 1)) + 1 // safe for math.MinInt64
	} else {
		u = uint64(m.Amount)
	}
	s := strconv.FormatUint(u, 10)
	if len(s) <= units {
		s = strings.Repeat("0", units-len(s)+1) + s
	}
	out := s[:len(s)-units] + "." + s[len(s)-units:]
	if neg {
		out = "-" + out
	}
	return out
}

// String formats m for people and logs: "54.95 USD".
func (m Money) String() string {
	if m.IsZero() {
		return "none"
	}
	return m.Decimal() + " " + m.Currency
}

// Validate checks the currency is known and the amount not negative.
func (m Money) Validate() error {
	_, err := NewMoney(m.Amount, m.Currency)
	return err
}

// DiscountBasisPoints returns how far price is below compareAt in basis points
// (2000 = 20% off). It is 0 unless compareAt is in the same currency and
// strictly greater than price: shops publish compare-at prices below the price
// too, and those are not sales.
func DiscountBasisPoints(price, compareAt Money) int {
	if compareAt.Currency != price.Currency || compareAt.Amount <= price.Amount || compareAt.Amount <= 0 {
		return 0
	}
	off := uint64(compareAt.Amount - max(price.Amount, 0))
	// off*10000/compareAt in 128 bits so no int64 amount can overflow; off <
	// compareAt keeps the quotient below 10000.
	hi, lo := bits.Mul64(off, 10000)
	q, _ := bits.Div64(hi, lo, uint64(compareAt.Amount))
	return int(q)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MinorUnits returns the number of decimals ISO 4217 gives currency.
func MinorUnits(currency string) (int, error) {
	u, ok := minorUnits[currency]
	if !ok {
		return 0, invalid("currency", "%q is not an ISO 4217 code", currency)
	}
	return u, nil
}
