package patterns_test

import (
	"slices"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/analytics/patterns"
	"github.com/skatestock/skatestock/modules/catalog"
)

// season is one sale in a long hand-made series: starting on day from
// (counted from the series' start), for days days, at price.
type season struct {
	from, days int
	price      int64
}

// yearly builds a daily series of total days at 5000, with the sales laid
// over it. currencyFrom switches the series to EUR (same amounts) from that
// day on; gapFrom..gapTo are days not scraped.
func yearly(start time.Time, total int, sales []season, currencyFrom, gapFrom, gapTo int) []catalog.PriceObservation {
	var out []catalog.PriceObservation
	for d := range total {
		if d >= gapFrom && d < gapTo {
			continue
		}
		price := int64(5000)
		for _, s := range sales {
			if d >= s.from && d < s.from+s.days {
				price = s.price
			}
		}
		cur := "USD"
		if currencyFrom > 0 && d >= currencyFrom {
			cur = "EUR"
		}
		out = append(out, catalog.PriceObservation{
			Variant: key, ObservedAt: start.AddDate(0, 0, d),
			Price: catalog.Money{Amount: price, Currency: cur}, Availability: catalog.InStock,
		})
	}
	return out
}

func TestSeasonal(t *testing.T) {
	jan1 := time.Date(2023, time.January, 1, 12, 0, 0, 0, time.UTC)
	day := func(y, m, d int) int { // days from jan1 to y-m-d
		return int(time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC).Sub(jan1) / (24 * time.Hour))
	}
	summer23, summer24 := day(2023, 8, 10), day(2024, 8, 10)
	tests := []struct {
		name         string
		total        int
		sales        []season
		currencyFrom int
		gap          [2]int
		want         []int // the first days of the seasonal patterns
	}{
		{"exactly one year apart", 800, []season{{summer23, 21, 4000}, {summer24, 21, 4000}}, 0, [2]int{}, []int{summer23, summer24}},
		{"shifted by a week, depths differ", 800, []season{{summer23, 21, 4000}, {summer24 + 7, 18, 3500}}, 0, [2]int{}, []int{summer23, summer24 + 7}},
		{"three years", 1100, []season{{summer23, 20, 4000}, {summer24 - 5, 20, 4000}, {day(2025, 8, 12), 20, 4000}}, 0, [2]int{},
			[]int{summer23, summer24 - 5, day(2025, 8, 12)}},
		{"across New Year", 800, []season{{day(2023, 12, 24), 20, 4000}, {day(2025, 1, 3), 20, 4000}}, 0, [2]int{},
			[]int{day(2023, 12, 24), day(2025, 1, 3)}},
		{"a currency change between the years", 800, []season{{summer23, 21, 4000}, {summer24, 21, 4000}}, day(2024, 3, 1), [2]int{},
			[]int{summer23, summer24}},
		{"a gap in scraping inside a sale", 800, []season{{summer23, 21, 4000}, {summer24, 21, 4000}}, 0, [2]int{summer24 + 5, summer24 + 12},
			[]int{summer23, summer24}},
		{"a gap over one year's season: only one season seen", 800, []season{{summer23, 21, 4000}, {summer24, 21, 4000}}, 0,
			[2]int{summer24 - 20, summer24 + 40}, nil},
		{"only one season", 800, []season{{summer23, 21, 4000}}, 0, [2]int{}, nil},
		{"too far apart by day of year", 800, []season{{summer23, 21, 4000}, {summer24 + 20, 21, 4000}}, 0, [2]int{}, nil},
		{"two sales in one season of one year", 400, []season{{summer23, 20, 4000}, {summer23 + 25, 20, 4000}}, 0, [2]int{}, nil},
		{"short sales are not seasonal", 800, []season{{summer23, 10, 4000}, {summer24, 10, 4000}}, 0, [2]int{}, nil},
		{"too shallow", 800, []season{{summer23, 21, 4700}, {summer24, 21, 4700}}, 0, [2]int{}, nil},
		{"a sale then a clearance in the same month", 800, []season{{summer23, 21, 4000}, {summer24, 400, 2000}}, 0, [2]int{}, nil},
		{"a price cut held for months is no sale", 800, []season{{summer23, 100, 4000}, {summer24, 100, 4000}}, 0, [2]int{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := yearly(jan1, tt.total, tt.sales, tt.currencyFrom, tt.gap[0], tt.gap[1])
			var got []int
			for _, pt := range newDetector(t).Detect(s) {
				if pt.Kind != patterns.KindSeasonal {
					continue
				}
				if pt.Variant != key || pt.From != s[pt.First].ObservedAt || pt.To != s[pt.Last].ObservedAt || pt.Evidence == "" ||
					pt.Reference.Amount != 5000 || pt.Price.Currency != s[pt.First].Price.Currency {
					t.Errorf("pattern %+v is not tied to its observations", pt)
				}
				got = append(got, int(pt.From.Sub(jan1)/(24*time.Hour)))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("seasonal patterns start on days %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSeasonalNeedsMinYears(t *testing.T) {
	jan1 := time.Date(2023, time.January, 1, 12, 0, 0, 0, time.UTC)
	s := yearly(jan1, 800, []season{{220, 21, 4000}, {585, 21, 4000}}, 0, 0, 0)
	cfg := patterns.DefaultConfig()
	cfg.SeasonalMinYears = 3
	d, err := patterns.NewDetector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range d.Detect(s) {
		if pt.Kind == patterns.KindSeasonal {
			t.Errorf("two seasons make a pattern when three are asked for: %+v", pt)
		}
	}
}
