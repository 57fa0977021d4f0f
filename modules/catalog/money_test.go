package catalog_test

import (
	"errors"
	"math"
	"strconv"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in       string
		currency string
		want     int64
		wantErr  bool
	}{
		{"54.95", "USD", 5495, false},
		{"54.9", "USD", 5490, false},
		{"54", "USD", 5400, false},
		{"54.", "USD", 5400, false},
		{".95", "USD", 95, false},
		{"0.00", "USD", 0, false},
		{"0", "USD", 0, false},
		{"007.50", "USD", 750, false},
		{"54.950", "USD", 5495, false}, // trailing zeros beyond the currency's decimals are exact
		{"12000", "JPY", 12000, false},
		{"12000.0", "JPY", 12000, false},
		{"1.234", "BHD", 1234, false},
		{"92233720368547758.07", "USD", math.MaxInt64, false},
		{"92233720368547758.08", "USD", 0, true}, // overflows int64
		{"54.955", "USD", 0, true},               // more decimals than USD has
		{"12000.5", "JPY", 0, true},
		{"", "USD", 0, true},
		{".", "USD", 0, true},
		{"-5.00", "USD", 0, true},
		{"+5.00", "USD", 0, true},
		{"1e3", "USD", 0, true},
		{"1E3", "USD", 0, true},
		{"NaN", "USD", 0, true},
		{"Inf", "USD", 0, true},
		{"-Inf", "USD", 0, true},
		{"1,000.00", "USD", 0, true},
		{" 5.00", "USD", 0, true},
		{"5.00 ", "USD", 0, true},
		{"5..00", "USD", 0, true},
		{"0x10", "USD", 0, true},
		{"٥", "USD", 0, true}, // non-ASCII digit
		{"5.00", "usd", 0, true},
		{"5.00", "XYZ", 0, true},
		{"5.00", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in+"_"+tt.currency, func(t *testing.T) {
			got, err := catalog.ParseMoney(tt.in, tt.currency)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseMoney(%q, %q) = %v, want error", tt.in, tt.currency, got)
				}
				if !errors.Is(err, catalog.ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseMoney(%q, %q): %v", tt.in, tt.currency, err)
			}
			if got.Amount != tt.want || got.Currency != tt.currency {
				t.Fatalf("ParseMoney(%q, %q) = %+v, want %d %s", tt.in, tt.currency, got, tt.want, tt.currency)
			}
		})
	}
}

func TestParseMinorUnits(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"5495", 5495, false},
		{"0", 0, false},
		{"9223372036854775807", math.MaxInt64, false},
		{"9223372036854775808", 0, true},
		{"54.95", 0, true},
		{"-1", 0, true},
		{"", 0, true},
		{"NaN", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := catalog.ParseMinorUnits(tt.in, "USD")
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseMinorUnits(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if err == nil && got.Amount != tt.want {
				t.Fatalf("ParseMinorUnits(%q) = %d, want %d", tt.in, got.Amount, tt.want)
			}
		})
	}
}

func TestMoneyDecimal(t *testing.T) {
	tests := []struct {
		m    catalog.Money
		want string
	}{
		{catalog.Money{Amount: 5495, Currency: "USD"}, "54.95"},
		{catalog.Money{Amount: 5, Currency: "USD"}, "0.05"},
		{catalog.Money{Amount: 0, Currency: "USD"}, "0.00"},
		{catalog.Money{Amount: 12000, Currency: "JPY"}, "12000"},
		{catalog.Money{Amount: 1234, Currency: "BHD"}, "1.234"},
		{catalog.Money{Amount: -5, Currency: "USD"}, "-0.05"},
		{catalog.Money{Amount: math.MinInt64, Currency: "USD"}, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.m.Decimal(); got != tt.want {
				t.Fatalf("Decimal() = %q, want %q", got, tt.want)
			}
		})
	}
	if got := (catalog.Money{Amount: 5495, Currency: "USD"}).String(); got != "54.95 USD" {
		t.Fatalf("String() = %q", got)
	}
	if got := (catalog.Money{}).String(); got != "none" {
		t.Fatalf("zero String() = %q", got)
	}
}

func TestDiscountBasisPoints(t *testing.T) {
	usd := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "USD"} }
	tests := []struct {
		name       string
		price, cmp catalog.Money
		want       int
	}{
		{"20 percent off", usd(8000), usd(10000), 2000},
		{"rounds down", usd(6666), usd(10000), 3334},
		{"compare-at equal is no sale", usd(5000), usd(5000), 0},
		{"compare-at below price is no sale", usd(5000), usd(4000), 0},
		{"no compare-at", usd(5000), catalog.Money{}, 0},
		{"other currency", usd(5000), catalog.Money{Amount: 9000, Currency: "EUR"}, 0},
		{"free", usd(0), usd(5000), 10000},
		{"huge amounts do not overflow", usd(math.MaxInt64 / 2), usd(math.MaxInt64), 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := catalog.DiscountBasisPoints(tt.price, tt.cmp); got != tt.want {
				t.Fatalf("DiscountBasisPoints(%v, %v) = %d, want %d", tt.price, tt.cmp, got, tt.want)
			}
		})
	}
}

// FuzzParseMoney checks that ParseMoney never panics, accepts only plain
// decimals, and round-trips through Decimal exactly.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"54.95", "0", ".5", "1e3", "NaN", "-5.00", "92233720368547758.07", "1.2.3", "", "00.10"} {
		f.Add(s, "USD")
	}
	f.Add("12000", "JPY")
	f.Add("1.234", "BHD")
	f.Fuzz(func(t *testing.T, s, currency string) {
		m, err := catalog.ParseMoney(s, currency)
		if err != nil {
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if m.Amount < 0 {
			t.Fatalf("ParseMoney(%q) = negative %d", s, m.Amount)
		}
		for _, r := range s {
			if (r < '0' || r > '9') && r != '.' {
				t.Fatalf("ParseMoney accepted %q with character %q", s, r)
			}
		}
		back, err := catalog.ParseMoney(m.Decimal(), currency)
		if err != nil || back != m {
			t.Fatalf("round trip %q -> %v -> %q -> %v, %v", s, m, m.Decimal(), back, err)
		}
		// The value must equal the decimal read exactly: compare against an
		// independent reading through strconv for inputs small enough.
		if len(s) < 15 {
			if f, perr := strconv.ParseFloat(s, 64); perr == nil {
				units, _ := catalog.MinorUnits(currency)
				want := f * math.Pow10(units)
				if math.Abs(want-float64(m.Amount)) > 0.5 {
					t.Fatalf("ParseMoney(%q) = %d, float reading %f", s, m.Amount, want)
				}
			}
		}
	})
}
