package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// The analytics contract runs on the browse catalog (see
// suite_browse_fixtures.go): patterns and forecasts of its variants,
// replaced listing by listing.

func lkey(shop, id string) store.ListingKey { return store.ListingKey{ShopSlug: shop, ExternalID: id} }

func vkey(shop, listing, variant string) catalog.VariantKey {
	return catalog.VariantKey{ShopSlug: shop, ListingExternalID: listing, VariantExternalID: variant}
}

// The variants the analytics fixtures name.
var (
	f4Key     = lkey("north-skate", "spitfire-f4")
	bakerKey  = lkey("north-skate", "baker-deck")
	w54Key    = lkey("brett-haus", "w-54")
	f4Wheel54 = vkey("north-skate", "spitfire-f4", "54")
	f4Wheel56 = vkey("north-skate", "spitfire-f4", "56")
	baker825  = vkey("north-skate", "baker-deck", "825")
	baker800  = vkey("north-skate", "baker-deck", "800")
	w54Wheel  = vkey("brett-haus", "w-54", "54")
)

func usdMoney(minor int64) catalog.Money { return catalog.Money{Amount: minor, Currency: "USD"} }

// fixturePattern is a pattern of v over minutes from..to of the fixtures'
// clock.
func fixturePattern(v catalog.VariantKey, kind catalog.PatternKind, from, to int) catalog.DiscountPattern {
	cur := "USD"
	if v.ShopSlug == "brett-haus" {
		cur = "EUR"
	}
	return catalog.DiscountPattern{Variant: v, Kind: kind, From: at(from), To: at(to),
		Reference: catalog.Money{Amount: 4999, Currency: cur}, Price: catalog.Money{Amount: 3999, Currency: cur},
		DiscountBP: 2000, Evidence: "fixture " + string(kind), DetectedAt: at(100)}
}

func seedAnalytics(t *testing.T, newSubject Factory) browsed {
	t.Helper()
	return seedBrowse(t, newSubject)
}

func testAnalytics(t *testing.T, newSubject Factory) {
	t.Run("listing histories", func(t *testing.T) { testListingHistories(t, newSubject) })
	t.Run("patterns replace", func(t *testing.T) { testPatternsReplace(t, newSubject) })
	t.Run("patterns read", func(t *testing.T) { testPatternsRead(t, newSubject) })
	t.Run("every pattern kind", func(t *testing.T) { testPatternKinds(t, newSubject) })
	t.Run("forecasts", func(t *testing.T) { testForecasts(t, newSubject) })
	t.Run("forecast model", func(t *testing.T) { testForecastModel(t, newSubject) })
	t.Run("cancelled", func(t *testing.T) { testAnalyticsCancelled(t, newSubject) })
}

func testListingHistories(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	b := seedAnalytics(t, newSubject)
	s := b.store
	unknown := lkey("north-skate", "nope")
	for _, w := range []struct{ from, to int }{{-10, 100}, {5, 100}, {0, 9}, {200, 300}} {
		got, err := s.ListingHistories(ctx, []store.ListingKey{f4Key, bakerKey, w54Key, unknown, f4Key}, at(w.from), at(w.to))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := got[unknown]; ok || len(got) != 3 {
			t.Errorf("[%d, %d]: histories of %d listings (unknown present: %v), want the 3 known", w.from, w.to, len(got), ok)
		}
		// Each listing's answer is ProductHistory's for it.
		for _, k := range []store.ListingKey{f4Key, bakerKey, w54Key} {
			want, err := s.ProductHistory(ctx, b.ids[k.ExternalID], at(w.from), at(w.to))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[k], want) {
				t.Errorf("[%d, %d] %s:\n got %+v\nwant %+v", w.from, w.to, k.ExternalID, got[k], want)
			}
		}
	}
	got, err := s.ListingHistories(ctx, []store.ListingKey{f4Key}, at(5), at(100))
	if err != nil {
		t.Fatal(err)
	}
	// The 54's point from minute 0 is in force at 5, so it comes first.
	if h := got[f4Key]; len(h) != 2 || h[0].ExternalID != "54" || len(h[0].Spans) != 2 || !h[0].Spans[0].ValidFrom.Equal(at(0)) {
		t.Errorf("spitfire-f4 over [5, 100] = %+v, want the 54 from its point at 0", h)
	}
	if got, err := s.ListingHistories(ctx, nil, at(0), at(1)); err != nil || len(got) != 0 {
		t.Errorf("no keys = %v, %v; want an empty map", got, err)
	}
	if _, err := s.ListingHistories(ctx, []store.ListingKey{f4Key}, at(2), at(1)); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("from after to: %v, want ErrInvalid", err)
	}
}

// patternsOf reads every stored pattern, most recent first, by paging one
// at a time.
func patternsOf(t *testing.T, s store.Store, q catalog.PatternQuery) []catalog.DiscountPattern {
	t.Helper()
	var out []catalog.DiscountPattern
	q.Limit = 1
	for range 100 {
		page, err := s.DiscountPatterns(context.Background(), q)
		if err != nil {
			t.Fatalf("DiscountPatterns(%+v): %v", q, err)
		}
		for _, it := range page.Items {
			out = append(out, it.DiscountPattern)
		}
		if page.Next == "" {
			return out
		}
		q.After = page.Next
	}
	t.Fatal("DiscountPatterns: the cursor does not advance")
	return nil
}

// testPatternKinds stores one pattern of every kind the analytics name:
// the schema must admit each (its CHECK lists them).
func testPatternKinds(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	s := seedAnalytics(t, newSubject).store
	var want []catalog.DiscountPattern
	for i, kind := range catalog.PatternKinds() {
		want = append(want, fixturePattern(f4Wheel54, kind, i, i+1))
	}
	if err := s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key}, time.Time{}, want); err != nil {
		t.Fatalf("storing every kind: %v", err)
	}
	slices.Reverse(want) // most recent first
	if got := patternsOf(t, s, catalog.PatternQuery{}); !reflect.DeepEqual(got, want) {
		t.Fatalf("patterns\n got %+v\nwant %+v", got, want)
	}
}

func testPatternsReplace(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	s := seedAnalytics(t, newSubject).store
	flash := fixturePattern(f4Wheel54, catalog.PatternFlashSale, 10, 12)
	old := fixturePattern(f4Wheel54, catalog.PatternClearance, 0, 5)
	weekly := fixturePattern(f4Wheel56, catalog.PatternWeekly, 0, 20)
	weekly.Weekdays = []time.Weekday{time.Monday, time.Saturday}
	deck := fixturePattern(baker825, catalog.PatternFakeSale, 3, 30)
	for range 2 { // idempotent
		if err := s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key, bakerKey}, time.Time{},
			[]catalog.DiscountPattern{old, flash, weekly, deck}); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := patternsOf(t, s, catalog.PatternQuery{}), []catalog.DiscountPattern{deck, weekly, flash, old}; !reflect.DeepEqual(got, want) {
		t.Fatalf("patterns\n got %+v\nwant %+v", got, want)
	}

	// Replacing since minute 8 keeps what ended before it, and touches
	// only the listings named: the deck's pattern stays.
	moved := fixturePattern(f4Wheel54, catalog.PatternFlashSale, 10, 15)
	moved.Evidence = "re-detected"
	if err := s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key}, at(8), []catalog.DiscountPattern{moved}); err != nil {
		t.Fatal(err)
	}
	if got, want := patternsOf(t, s, catalog.PatternQuery{}), []catalog.DiscountPattern{deck, moved, old}; !reflect.DeepEqual(got, want) {
		t.Errorf("after replacing spitfire-f4 since minute 8\n got %+v\nwant %+v", got, want)
	}

	// Of two patterns with one key the last is kept; a variant the store
	// does not hold is skipped.
	dup := moved
	dup.Evidence = "last wins"
	ghost := fixturePattern(vkey("north-skate", "spitfire-f4", "99"), catalog.PatternFlashSale, 10, 12)
	if err := s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key}, at(8), []catalog.DiscountPattern{moved, ghost, dup}); err != nil {
		t.Fatal(err)
	}
	if got, want := patternsOf(t, s, catalog.PatternQuery{}), []catalog.DiscountPattern{deck, dup, old}; !reflect.DeepEqual(got, want) {
		t.Errorf("after a duplicate and an unknown variant\n got %+v\nwant %+v", got, want)
	}

	// Invalid writes change nothing.
	badKind := flash
	badKind.Kind = "doorbuster"
	badPrice := flash
	badPrice.Price = catalog.Money{Amount: 100, Currency: "EUR"}
	for name, call := range map[string]func() error{
		"kind": func() error {
			return s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key}, time.Time{}, []catalog.DiscountPattern{badKind})
		},
		"currency": func() error {
			return s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key}, time.Time{}, []catalog.DiscountPattern{badPrice})
		},
		"out of scope": func() error {
			return s.ReplaceDiscountPatterns(ctx, []store.ListingKey{bakerKey}, time.Time{}, []catalog.DiscountPattern{flash})
		},
		"before since": func() error {
			return s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key}, at(13), []catalog.DiscountPattern{flash})
		},
	} {
		if err := call(); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if got := patternsOf(t, s, catalog.PatternQuery{}); len(got) != 3 {
		t.Errorf("after invalid writes: %d patterns, want the 3 stored before", len(got))
	}
	// A pattern ending at since is replaced.
	if err := s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key}, dup.To, nil); err != nil {
		t.Fatal(err)
	}
	if got := patternsOf(t, s, catalog.PatternQuery{}); !reflect.DeepEqual(got, []catalog.DiscountPattern{deck, old}) {
		t.Errorf("after replacing since the flash sale's end: %+v, want the deck's and the old clearance", got)
	}
	// The zero since empties a listing.
	if err := s.ReplaceDiscountPatterns(ctx, []store.ListingKey{f4Key, lkey("north-skate", "nope")}, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	if got := patternsOf(t, s, catalog.PatternQuery{}); !reflect.DeepEqual(got, []catalog.DiscountPattern{deck}) {
		t.Errorf("after emptying spitfire-f4: %+v, want the deck's only", got)
	}
}

func testPatternsRead(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	b := seedAnalytics(t, newSubject)
	s := b.store
	f4a := fixturePattern(f4Wheel54, catalog.PatternFlashSale, 10, 12)
	f4b := fixturePattern(f4Wheel56, catalog.PatternFlashSale, 10, 12) // ties f4a's end: by variant
	f4c := fixturePattern(f4Wheel54, catalog.PatternPriceError, 11, 12)
	deck := fixturePattern(baker800, catalog.PatternClearance, 20, 40)
	wheel := fixturePattern(w54Wheel, catalog.PatternFakeSale, 50, 60)
	all := []catalog.DiscountPattern{f4a, f4b, f4c, deck, wheel}
	for _, k := range []store.ListingKey{f4Key, bakerKey, w54Key} {
		var mine []catalog.DiscountPattern
		for _, p := range all {
			if p.Variant.ListingExternalID == k.ExternalID {
				mine = append(mine, p)
			}
		}
		if err := s.ReplaceDiscountPatterns(ctx, []store.ListingKey{k}, time.Time{}, mine); err != nil {
			t.Fatal(err)
		}
	}
	everything := patternsOf(t, s, catalog.PatternQuery{})
	if len(everything) != len(all) || everything[0].Variant != w54Wheel || everything[1].Variant != deck.Variant {
		t.Fatalf("every pattern, latest first: %+v", everything)
	}
	// Ties on the end go by variant, then kind, then start, all
	// descending: the 54's two patterns are adjacent, its price error
	// first.
	tail := everything[2:]
	i := slices.IndexFunc(tail, func(p catalog.DiscountPattern) bool { return p.Variant == f4Wheel54 })
	if i < 0 || i > 1 || tail[i].Kind != catalog.PatternPriceError || !reflect.DeepEqual(tail[i+1], f4a) {
		t.Errorf("ties broken as %+v", tail)
	}
	keep := func(keep func(catalog.DiscountPattern) bool) []catalog.DiscountPattern {
		var out []catalog.DiscountPattern
		for _, p := range everything {
			if keep(p) {
				out = append(out, p)
			}
		}
		return out
	}
	cases := map[string]struct {
		q    catalog.PatternQuery
		keep func(catalog.DiscountPattern) bool
	}{
		"kind": {catalog.PatternQuery{Kinds: []catalog.PatternKind{catalog.PatternFlashSale}},
			func(p catalog.DiscountPattern) bool { return p.Kind == catalog.PatternFlashSale }},
		"kinds": {catalog.PatternQuery{Kinds: []catalog.PatternKind{catalog.PatternClearance, catalog.PatternFakeSale}},
			func(p catalog.DiscountPattern) bool {
				return p.Kind == catalog.PatternClearance || p.Kind == catalog.PatternFakeSale
			}},
		"shop": {catalog.PatternQuery{Shops: []string{"brett-haus"}},
			func(p catalog.DiscountPattern) bool { return p.Variant.ShopSlug == "brett-haus" }},
		"brand": {catalog.PatternQuery{Brands: []string{"Spitfire"}},
			func(p catalog.DiscountPattern) bool { return p.Variant.ListingExternalID != "baker-deck" }},
		"category": {catalog.PatternQuery{Categories: []catalog.Category{catalog.CategoryDecks}},
			func(p catalog.DiscountPattern) bool { return p.Variant.ListingExternalID == "baker-deck" }},
		"window": {catalog.PatternQuery{From: at(13), To: at(45)},
			func(p catalog.DiscountPattern) bool { return p.Variant.ListingExternalID == "baker-deck" }},
		"window edges": {catalog.PatternQuery{From: at(12), To: at(20)},
			func(p catalog.DiscountPattern) bool { return p.Variant.ShopSlug == "north-skate" }},
		"nothing": {catalog.PatternQuery{Kinds: []catalog.PatternKind{catalog.PatternWeekly}},
			func(catalog.DiscountPattern) bool { return false }},
	}
	for name, tc := range cases {
		if got, want := patternsOf(t, s, tc.q), keep(tc.keep); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d patterns\n got %+v\nwant %+v", name, len(got), got, want)
		}
	}
	page, err := s.DiscountPatterns(ctx, catalog.PatternQuery{Limit: 10, Shops: []string{"brett-haus"}})
	if err != nil || len(page.Items) != 1 || page.Next != "" {
		t.Fatalf("brett-haus page: %+v, %v", page, err)
	}
	want := catalog.ListedVariant{ProductID: b.ids["w-54"], ShopName: "Brett Haus", Title: "Café Formula Wheels",
		Brand: "Spitfire", Category: catalog.CategoryWheels, URL: "https://brett-haus.example/p/w-54", VariantTitle: "54mm 99A",
		Attributes: catalog.Attributes{WheelDiameterMM: 54, WheelDurometer: "99A"}}
	if it := page.Items[0]; it.ListedVariant != want || !reflect.DeepEqual(it.DiscountPattern, wheel) {
		t.Errorf("w-54's pattern = %+v\nwant %+v with %+v", it, want, wheel)
	}
	for name, q := range map[string]catalog.PatternQuery{
		"cursor":   {Limit: 1, After: "not a cursor!"},
		"limit":    {Limit: 0},
		"kind":     {Limit: 1, Kinds: []catalog.PatternKind{"sale"}},
		"window":   {Limit: 1, From: at(2), To: at(1)},
		"category": {Limit: 1, Categories: []catalog.Category{"boards"}},
	} {
		if _, err := s.DiscountPatterns(ctx, q); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func testForecasts(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	b := seedAnalytics(t, newSubject)
	s := b.store
	fc := func(v catalog.VariantKey, p float64) catalog.StockoutForecast {
		return catalog.StockoutForecast{Variant: v, Probability: p, AsOf: at(100), Horizon: 7 * 24 * time.Hour, ModelTrainedAt: at(99)}
	}
	// 0.1 + 0.2 is not 0.3: the cursor must carry the probability exactly.
	odd := 0.1 + 0.2
	set := map[store.ListingKey][]catalog.StockoutForecast{
		f4Key:    {fc(f4Wheel54, odd), fc(f4Wheel56, 0.9)},
		bakerKey: {fc(baker825, odd)},
		w54Key:   {fc(w54Wheel, 0.05)},
	}
	for range 2 {
		for k, fs := range set {
			if err := s.ReplaceStockoutForecasts(ctx, []store.ListingKey{k}, fs); err != nil {
				t.Fatal(err)
			}
		}
	}
	read := func(q catalog.StockoutQuery) []catalog.StockoutItem {
		t.Helper()
		var out []catalog.StockoutItem
		q.Limit = 1
		for range 100 {
			page, err := s.StockoutForecasts(ctx, q)
			if err != nil {
				t.Fatalf("StockoutForecasts(%+v): %v", q, err)
			}
			out = append(out, page.Items...)
			if page.Next == "" {
				return out
			}
			q.After = page.Next
		}
		t.Fatal("StockoutForecasts: the cursor does not advance")
		return nil
	}
	variants := func(items []catalog.StockoutItem) []catalog.VariantKey {
		var out []catalog.VariantKey
		for _, it := range items {
			out = append(out, it.Variant)
		}
		return out
	}
	all := read(catalog.StockoutQuery{})
	// Ties by variant id: spitfire-f4's 54 was written before the deck's 825.
	if got, want := variants(all), []catalog.VariantKey{f4Wheel56, f4Wheel54, baker825, w54Wheel}; !reflect.DeepEqual(got, want) {
		t.Fatalf("forecasts, likeliest first: %v, want %v", got, want)
	}
	if got := all[1]; !reflect.DeepEqual(got.StockoutForecast, fc(f4Wheel54, odd)) || got.Price != usdMoney(3999) ||
		got.ProductID != b.ids["spitfire-f4"] || got.VariantTitle != "54mm 99A" || got.Category != catalog.CategoryWheels {
		t.Errorf("spitfire-f4 54's forecast = %+v", got)
	}
	for name, tc := range map[string]struct {
		q    catalog.StockoutQuery
		want []catalog.VariantKey
	}{
		"min probability": {catalog.StockoutQuery{MinProbability: odd}, []catalog.VariantKey{f4Wheel56, f4Wheel54, baker825}},
		"shop":            {catalog.StockoutQuery{Shops: []string{"brett-haus"}}, []catalog.VariantKey{w54Wheel}},
		"brand":           {catalog.StockoutQuery{Brands: []string{"Baker"}}, []catalog.VariantKey{baker825}},
		"category":        {catalog.StockoutQuery{Categories: []catalog.Category{catalog.CategoryWheels}, MinProbability: 0.5}, []catalog.VariantKey{f4Wheel56}},
	} {
		if got := variants(read(tc.q)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
	// Replacing a listing drops its variants without a forecast (sold out).
	if err := s.ReplaceStockoutForecasts(ctx, []store.ListingKey{f4Key}, []catalog.StockoutForecast{fc(f4Wheel54, 0.5)}); err != nil {
		t.Fatal(err)
	}
	if got, want := variants(read(catalog.StockoutQuery{})), []catalog.VariantKey{f4Wheel54, baker825, w54Wheel}; !reflect.DeepEqual(got, want) {
		t.Errorf("after replacing spitfire-f4: %v, want %v", got, want)
	}
	bad := fc(f4Wheel54, 1.5)
	for name, call := range map[string]func() error{
		"probability": func() error {
			return s.ReplaceStockoutForecasts(ctx, []store.ListingKey{f4Key}, []catalog.StockoutForecast{bad})
		},
		"out of scope": func() error {
			return s.ReplaceStockoutForecasts(ctx, nil, []catalog.StockoutForecast{fc(f4Wheel54, 0.1)})
		},
		"query": func() error {
			_, err := s.StockoutForecasts(ctx, catalog.StockoutQuery{Limit: 1, MinProbability: 2})
			return err
		},
		"cursor": func() error {
			_, err := s.StockoutForecasts(ctx, catalog.StockoutQuery{Limit: 1, After: "eyJwIjoi"})
			return err
		},
	} {
		if err := call(); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if got := read(catalog.StockoutQuery{}); len(got) != 3 || got[0].Probability != 0.5 {
		t.Errorf("after invalid writes: %+v, want the 3 stored before", variants(got))
	}
}

func testForecastModel(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	s := migrated(t, newSubject).Store
	if _, err := s.ForecastModel(ctx); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("ForecastModel of an empty store: %v, want ErrNotFound", err)
	}
	m := catalog.ForecastModel{TrainedAt: at(10), Horizon: 7 * 24 * time.Hour, DataEnd: at(5), Examples: 100, Positives: 7,
		Params: []byte(`{"weights":[1,2]}`)}
	newer := m
	newer.TrainedAt, newer.Params = at(20), []byte(`{"weights":[3]}`)
	for _, saved := range []catalog.ForecastModel{m, newer, newer} {
		if err := s.SaveForecastModel(ctx, saved); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ForecastModel(ctx); err != nil || !reflect.DeepEqual(got, saved) {
			t.Errorf("ForecastModel = %+v, %v; want %+v", got, err, saved)
		}
	}
	// An older model saved later replaces the newer: saving says which.
	if err := s.SaveForecastModel(ctx, m); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ForecastModel(ctx); err != nil || !got.TrainedAt.Equal(m.TrainedAt) {
		t.Errorf("ForecastModel after saving the older = %+v, %v", got, err)
	}
	for name, bad := range map[string]catalog.ForecastModel{
		"no time":   {Horizon: time.Hour, Params: []byte("{}")},
		"horizon":   {TrainedAt: at(1), Params: []byte("{}")},
		"no params": {TrainedAt: at(1), Horizon: time.Hour},
		"positives": {TrainedAt: at(1), Horizon: time.Hour, Params: []byte("{}"), Examples: 1, Positives: 2},
	} {
		if err := s.SaveForecastModel(ctx, bad); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func testAnalyticsCancelled(t *testing.T, newSubject Factory) {
	s := seedAnalytics(t, newSubject).store
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	keys := []store.ListingKey{f4Key}
	calls := map[string]func() error{
		"ListingHistories": func() error { _, err := s.ListingHistories(ctx, keys, at(0), at(1)); return err },
		"ReplaceDiscountPatterns": func() error {
			return s.ReplaceDiscountPatterns(ctx, keys, time.Time{}, []catalog.DiscountPattern{fixturePattern(f4Wheel54, catalog.PatternFlashSale, 1, 2)})
		},
		"DiscountPatterns":         func() error { _, err := s.DiscountPatterns(ctx, catalog.PatternQuery{Limit: 1}); return err },
		"ReplaceStockoutForecasts": func() error { return s.ReplaceStockoutForecasts(ctx, keys, nil) },
		"StockoutForecasts":        func() error { _, err := s.StockoutForecasts(ctx, catalog.StockoutQuery{Limit: 1}); return err },
		"SaveForecastModel": func() error {
			return s.SaveForecastModel(ctx, catalog.ForecastModel{TrainedAt: at(1), Horizon: time.Hour, Params: []byte("{}")})
		},
		"ForecastModel": func() error { _, err := s.ForecastModel(ctx); return err },
	}
	names := make([]string, 0, len(calls))
	for n := range calls {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := calls[name](); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", name, err)
		}
	}
}
