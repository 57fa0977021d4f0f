package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// The rollup fixtures live on days D0-D2 (D0 = 2025-06-01, a Sunday: the
// last day of ISO week 22; D1 and D2 are in week 23). Next to the fixture
// deck (Baker, USD) and wheels (Spitfire, EUR), brett-haus sells a Baker
// deck in EUR and a griptape of unknown brand:
//
//	deck825 USD  D0 09:00 5000, 12:00 4500, 18:00 4000/cmp5000 (two changes: the last counts);
//	             D1 and D2 10:00 the same (extends)
//	deck800 USD  D0 10:00 6000 out of stock; not seen on D1; D2 11:00 5500 in stock
//	wheel54 EUR  D0 10:00 3000; D1 10:00 3000/cmp4000
//	euDeck  EUR  D0 10:00 7000
//	grip    EUR  D0 10:00 800 (no brand: in no brand rollup)
func rollupDay(n int) time.Time { return time.Date(2025, 6, 1+n, 0, 0, 0, 0, time.UTC) }

func rollupAt(day, hour int) time.Time { return rollupDay(day).Add(time.Duration(hour) * time.Hour) }

func euDeck() catalog.VariantKey {
	return catalog.VariantKey{ShopSlug: "brett-haus", ListingExternalID: "eu-deck", VariantExternalID: "825"}
}

func grip() catalog.VariantKey {
	return catalog.VariantKey{ShopSlug: "brett-haus", ListingExternalID: "grip", VariantExternalID: "std"}
}

func rollupListings() []catalog.Listing {
	return []catalog.Listing{
		{ShopSlug: "brett-haus", ExternalID: "eu-deck", Title: "Baker Logo Deck", Brand: "Baker",
			Category: catalog.CategoryDecks, URL: "https://brett.example/p/eu-deck",
			Variants: []catalog.Variant{{ExternalID: "825", Attributes: catalog.Attributes{DeckWidthHundredths: 825}}}},
		{ShopSlug: "brett-haus", ExternalID: "grip", Title: "Plain Griptape",
			Category: catalog.CategoryGriptape, URL: "https://brett.example/p/grip",
			Variants: []catalog.Variant{{ExternalID: "std"}}},
	}
}

// seen is an observation of k at when, in stock, in k's shop's currency.
func seen(k catalog.VariantKey, when time.Time, price, compareAt int64) catalog.PriceObservation {
	o := obs(k, 0, price)
	o.ObservedAt, o.SourceRun = when, "run-"+when.Format("0102-15")
	if compareAt > 0 {
		o = withCompareAt(o, compareAt)
	}
	return o
}

func rollupHistory() []catalog.PriceObservation {
	return []catalog.PriceObservation{
		seen(deck825(), rollupAt(0, 9), 5000, 0), seen(deck825(), rollupAt(0, 12), 4500, 0),
		seen(deck825(), rollupAt(0, 18), 4000, 5000), seen(deck825(), rollupAt(1, 10), 4000, 5000),
		seen(deck825(), rollupAt(2, 10), 4000, 5000),
		outOfStock(seen(deck800(), rollupAt(0, 10), 6000, 0)), seen(deck800(), rollupAt(2, 11), 5500, 0),
		seen(wheel54(), rollupAt(0, 10), 3000, 0), seen(wheel54(), rollupAt(1, 10), 3000, 4000),
		seen(euDeck(), rollupAt(0, 10), 7000, 0),
		seen(grip(), rollupAt(0, 10), 800, 0),
	}
}

// rollupSubject is a store holding the rollup fixtures' history, refreshed
// over D0-D2 unless refresh is false.
func rollupSubject(t *testing.T, newSubject Factory, refresh bool) (store.Store, store.Rollups) {
	t.Helper()
	s := seeded(t, newSubject).Store
	r, ok := s.(store.Rollups)
	if !ok {
		t.Fatalf("%T does not implement store.Rollups", s)
	}
	if err := s.UpsertListings(context.Background(), rollupListings()); err != nil {
		t.Fatalf("UpsertListings: %v", err)
	}
	record(t, s, rollupHistory()...)
	if refresh {
		refreshDays(t, r, rollupDay(0), rollupDay(2).Add(23*time.Hour), 3)
	}
	return s, r
}

func refreshDays(t *testing.T, r store.Rollups, from, to time.Time, want int) {
	t.Helper()
	days, err := r.RefreshRollups(context.Background(), from, to)
	if err != nil || days != want {
		t.Fatalf("RefreshRollups(%s, %s) = %d, %v; want %d days", from, to, days, err, want)
	}
}

// rendered shows trends as "key@day: n.. sum.. ..." lines, one per point.
func rendered(tr catalog.Trends) string {
	var b strings.Builder
	for _, s := range tr.Series {
		for _, p := range s.Points {
			fmt.Fprintf(&b, "%s@D%d: n%d sum%d min%d max%d cmp%d/%d disc%d sale%d stock%d\n",
				s.Key, int(p.Day.Sub(rollupDay(0))/(24*time.Hour)), p.Variants, p.PriceSum, p.PriceMin, p.PriceMax,
				p.CompareAtVariants, p.CompareAtSum, p.DiscountSumBP, p.OnSale, p.InStock)
		}
	}
	return b.String()
}

func trendsOf(t *testing.T, r store.Rollups, q catalog.TrendQuery) catalog.Trends {
	t.Helper()
	if q.From.IsZero() {
		q.From, q.To = rollupDay(0), rollupDay(2)
	}
	tr, err := r.Trends(context.Background(), q)
	if err != nil {
		t.Fatalf("Trends(%+v): %v", q, err)
	}
	return tr
}

func testRollups(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	_, r := rollupSubject(t, newSubject, true)

	t.Run("end of day states, per currency", func(t *testing.T) {
		tests := []struct {
			name string
			q    catalog.TrendQuery
			cur  string
			want string
		}{
			{"all, busiest currency", catalog.TrendQuery{GroupBy: catalog.TrendAll}, "USD",
				"all@D0: n2 sum10000 min4000 max6000 cmp1/5000 disc2000 sale1 stock1\n" +
					"all@D1: n1 sum4000 min4000 max4000 cmp1/5000 disc2000 sale1 stock1\n" +
					"all@D2: n2 sum9500 min4000 max5500 cmp1/5000 disc2000 sale1 stock2\n"},
			{"all in EUR", catalog.TrendQuery{GroupBy: catalog.TrendAll, Currency: "EUR"}, "EUR",
				"all@D0: n3 sum10800 min800 max7000 cmp0/0 disc0 sale0 stock3\n" +
					"all@D1: n1 sum3000 min3000 max3000 cmp1/4000 disc2500 sale1 stock1\n"},
			{"brands in EUR leave out the unknown brand", catalog.TrendQuery{GroupBy: catalog.TrendBrand, Currency: "EUR"}, "EUR",
				"Baker@D0: n1 sum7000 min7000 max7000 cmp0/0 disc0 sale0 stock1\n" +
					"Spitfire@D0: n1 sum3000 min3000 max3000 cmp0/0 disc0 sale0 stock1\n" +
					"Spitfire@D1: n1 sum3000 min3000 max3000 cmp1/4000 disc2500 sale1 stock1\n"},
			{"categories", catalog.TrendQuery{GroupBy: catalog.TrendCategory, Currency: "EUR",
				Categories: []catalog.Category{catalog.CategoryGriptape}}, "EUR",
				"griptape@D0: n1 sum800 min800 max800 cmp0/0 disc0 sale0 stock1\n"},
			{"shops", catalog.TrendQuery{GroupBy: catalog.TrendShop, Shops: []string{"north-skate"}}, "USD",
				"north-skate@D0: n2 sum10000 min4000 max6000 cmp1/5000 disc2000 sale1 stock1\n" +
					"north-skate@D1: n1 sum4000 min4000 max4000 cmp1/5000 disc2000 sale1 stock1\n" +
					"north-skate@D2: n2 sum9500 min4000 max5500 cmp1/5000 disc2000 sale1 stock2\n"},
			{"brand within a category", catalog.TrendQuery{GroupBy: catalog.TrendBrand, Currency: "EUR",
				Categories: []catalog.Category{catalog.CategoryWheels}}, "EUR",
				"Spitfire@D0: n1 sum3000 min3000 max3000 cmp0/0 disc0 sale0 stock1\n" +
					"Spitfire@D1: n1 sum3000 min3000 max3000 cmp1/4000 disc2500 sale1 stock1\n"},
			{"the currency follows the filters", catalog.TrendQuery{GroupBy: catalog.TrendAll, Shops: []string{"brett-haus"},
				From: rollupDay(1), To: rollupDay(2)}, "EUR",
				"all@D1: n1 sum3000 min3000 max3000 cmp1/4000 disc2500 sale1 stock1\n"},
			{"a range without data", catalog.TrendQuery{GroupBy: catalog.TrendAll, From: rollupDay(5), To: rollupDay(9)}, "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tr := trendsOf(t, r, tt.q)
				if got := rendered(tr); got != tt.want || tr.Currency != tt.cur {
					t.Errorf("Trends in %q:\n%s\nwant in %q:\n%s", tr.Currency, got, tt.cur, tt.want)
				}
				if tr.Series == nil || tr.GroupBy != tt.q.GroupBy {
					t.Errorf("Trends = %+v, want its group and a non-nil series list", tr)
				}
			})
		}
	})

	t.Run("point measures", func(t *testing.T) {
		tr := trendsOf(t, r, catalog.TrendQuery{GroupBy: catalog.TrendAll, Currency: "USD", From: rollupDay(0), To: rollupDay(0)})
		if len(tr.Series) != 1 || len(tr.Series[0].Points) != 1 {
			t.Fatalf("Trends = %+v, want one point", tr)
		}
		p := tr.Series[0].Points[0]
		usd := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "USD"} }
		if p.Day != rollupDay(0) || p.MeanPrice() != usd(5000) || p.MinPrice() != usd(4000) ||
			p.MaxPrice() != usd(6000) || p.MeanCompareAt() != usd(5000) || p.MeanDiscountPercent() != 10 ||
			p.OnSaleShare() != 0.5 || p.InStockShare() != 0.5 {
			t.Errorf("point %+v: mean %v min %v max %v cmp %v disc %v%% sale %v stock %v", p, p.MeanPrice(),
				p.MinPrice(), p.MaxPrice(), p.MeanCompareAt(), p.MeanDiscountPercent(), p.OnSaleShare(), p.InStockShare())
		}
	})

	t.Run("heatmap", func(t *testing.T) {
		tests := []struct {
			by   catalog.HeatmapAxis
			want string
		}{
			// Baker W22: USD D0 (2 variants, 2000 bp) and EUR D0 (1, 0);
			// W23: D1 (1, 2000) and D2 (2, 2000).
			{catalog.HeatmapWeek, "2025-W22 2025-W23|Baker: 3/2000 3/4000|Spitfire: 1/0 1/2500"},
			{catalog.HeatmapCategory, "decks wheels|Baker: 6/6000 -|Spitfire: - 2/2500"},
		}
		for _, tt := range tests {
			h, err := r.Heatmap(ctx, catalog.HeatmapQuery{By: tt.by, From: rollupDay(0), To: rollupDay(2)})
			if err != nil {
				t.Fatalf("Heatmap(%s): %v", tt.by, err)
			}
			if got := renderedHeatmap(h); got != tt.want || h.By != tt.by {
				t.Errorf("Heatmap(%s) = %s, want %s", tt.by, got, tt.want)
			}
		}
		h, err := r.Heatmap(ctx, catalog.HeatmapQuery{By: catalog.HeatmapWeek, From: rollupDay(7), To: rollupDay(8)})
		if err != nil || len(h.Rows) != 0 || h.Rows == nil || !reflect.DeepEqual(h.Columns, []string{"2025-W23", "2025-W24"}) {
			t.Errorf("empty Heatmap = %+v, %v; want no rows and weeks 23 and 24", h, err)
		}
	})

	t.Run("history days", func(t *testing.T) {
		span, err := r.HistoryDays(ctx)
		if err != nil || span != (catalog.DaySpan{First: rollupDay(0), Last: rollupDay(2)}) || span.Days() != 3 {
			t.Errorf("HistoryDays = %+v, %v; want D0-D2", span, err)
		}
		empty, ok := seeded(t, newSubject).Store.(store.Rollups)
		if !ok {
			t.Fatal("the store does not implement store.Rollups")
		}
		if span, err := empty.HistoryDays(ctx); err != nil || !span.IsZero() || span.Days() != 0 {
			t.Errorf("HistoryDays without history = %+v, %v; want zero", span, err)
		}
	})

	t.Run("invalid queries", func(t *testing.T) {
		bad := []catalog.TrendQuery{
			{GroupBy: "tag", From: rollupDay(0), To: rollupDay(1)},
			{GroupBy: catalog.TrendAll, From: rollupDay(1), To: rollupDay(0)},
			{GroupBy: catalog.TrendShop, From: rollupDay(0), To: rollupDay(1), Brands: []string{"Baker"}},
			{GroupBy: catalog.TrendBrand, From: rollupDay(0), To: rollupDay(1), Shops: []string{"north-skate"}},
			{GroupBy: catalog.TrendAll, From: rollupDay(0), To: rollupDay(1), Currency: "XYZ"},
		}
		for _, q := range bad {
			if _, err := r.Trends(ctx, q); !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("Trends(%+v) error %v, want ErrInvalid", q, err)
			}
		}
		if _, err := r.Heatmap(ctx, catalog.HeatmapQuery{By: "month", From: rollupDay(0), To: rollupDay(1)}); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("Heatmap(by month) error %v, want ErrInvalid", err)
		}
		if _, err := r.RefreshRollups(ctx, rollupDay(1), rollupDay(0)); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("RefreshRollups(backwards) error %v, want ErrInvalid", err)
		}
	})

	t.Run("refresh is idempotent", func(t *testing.T) {
		q := catalog.TrendQuery{GroupBy: catalog.TrendBrand, Currency: "USD"}
		before := trendsOf(t, r, q)
		refreshDays(t, r, rollupDay(0), rollupDay(2), 3)
		refreshDays(t, r, rollupDay(1), rollupDay(1).Add(time.Hour), 1)
		if after := trendsOf(t, r, q); !reflect.DeepEqual(after, before) {
			t.Errorf("after refreshing again:\n%s\nwant\n%s", rendered(after), rendered(before))
		}
	})

	t.Run("concurrent refreshes take turns", func(t *testing.T) {
		q := catalog.TrendQuery{GroupBy: catalog.TrendCategory, Currency: "EUR"}
		before := trendsOf(t, r, q)
		errs := make(chan error, 4)
		for range cap(errs) {
			go func() {
				_, err := r.RefreshRollups(ctx, rollupDay(0), rollupDay(2))
				errs <- err
			}()
		}
		for range cap(errs) {
			if err := <-errs; err != nil {
				t.Errorf("concurrent RefreshRollups: %v", err)
			}
		}
		if after := trendsOf(t, r, q); !reflect.DeepEqual(after, before) {
			t.Errorf("after concurrent refreshes:\n%s\nwant\n%s", rendered(after), rendered(before))
		}
	})

	t.Run("refresh replaces only its days", func(t *testing.T) {
		s, r := rollupSubject(t, newSubject, true)
		q := catalog.TrendQuery{GroupBy: catalog.TrendAll, Currency: "USD"}
		// deck825 drops to 3000 late on D1 and is seen so on D2: both
		// days change, but only the refreshed one shows it.
		record(t, s, seen(deck825(), rollupAt(1, 23), 3000, 5000), seen(deck825(), rollupAt(2, 12), 3000, 5000))
		refreshDays(t, r, rollupAt(1, 5), rollupAt(1, 6), 1)
		want := "all@D0: n2 sum10000 min4000 max6000 cmp1/5000 disc2000 sale1 stock1\n" +
			"all@D1: n1 sum3000 min3000 max3000 cmp1/5000 disc4000 sale1 stock1\n" +
			"all@D2: n2 sum9500 min4000 max5500 cmp1/5000 disc2000 sale1 stock2\n"
		if got := rendered(trendsOf(t, r, q)); got != want {
			t.Errorf("after refreshing D1:\n%s\nwant\n%s", got, want)
		}
		refreshDays(t, r, rollupDay(2), rollupDay(2), 1)
		want = strings.Replace(want, "all@D2: n2 sum9500 min4000 max5500 cmp1/5000 disc2000",
			"all@D2: n2 sum8500 min3000 max5500 cmp1/5000 disc4000", 1)
		if got := rendered(trendsOf(t, r, q)); got != want {
			t.Errorf("after refreshing D2:\n%s\nwant\n%s", got, want)
		}
	})
}

// renderedHeatmap shows h as "columns|brand: variants/discount ...|...",
// "-" for a cell without data.
func renderedHeatmap(h catalog.Heatmap) string {
	parts := []string{strings.Join(h.Columns, " ")}
	for i, brand := range h.Rows {
		cells := make([]string, len(h.Cells[i]))
		for j, c := range h.Cells[i] {
			cells[j] = "-"
			if _, ok := c.MeanDiscountPercent(); ok {
				cells[j] = fmt.Sprintf("%d/%d", c.Variants, c.DiscountSumBP)
			}
		}
		parts = append(parts, brand+": "+strings.Join(cells, " "))
	}
	return strings.Join(parts, "|")
}
