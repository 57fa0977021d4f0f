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

// history renders the whole history of k as "5000[0,30] 4500/cmp6000/out_of_stock[60,60]",
// with minutes of the fixtures' clock; compare-at and availability appear
// only when set or not in stock.
func history(t *testing.T, s store.Store, k catalog.VariantKey) string {
	t.Helper()
	points, err := s.History(context.Background(), k, at(-100000), at(100000))
	if err != nil {
		t.Fatalf("History(%s): %v", k, err)
	}
	return spans(points)
}

func spans(points []store.PricePoint) string {
	var parts []string
	for _, p := range points {
		s := fmt.Sprint(p.Price.Amount)
		if !p.CompareAt.IsZero() {
			s += fmt.Sprintf("/cmp%d", p.CompareAt.Amount)
		}
		if p.Availability != catalog.InStock {
			s += "/" + string(p.Availability)
		}
		parts = append(parts, fmt.Sprintf("%s[%d,%d]", s, minutes(p.ValidFrom), minutes(p.LastSeen)))
	}
	return strings.Join(parts, " ")
}

func minutes(t time.Time) int { return int(t.Sub(t0()) / time.Minute) }

func record(t *testing.T, s store.Store, batch ...catalog.PriceObservation) store.RecordResult {
	t.Helper()
	res, err := s.RecordObservations(context.Background(), batch)
	if err != nil {
		t.Fatalf("RecordObservations: %v", err)
	}
	return res
}

// counted is res without its per-observation fields.
func counted(res store.RecordResult) store.RecordResult {
	res.Created, res.Unchanged = nil, nil
	return res
}

// created renders res.Created as "index:price@start<previous price@start".
func created(res store.RecordResult) string {
	var parts []string
	for _, c := range res.Created {
		s := fmt.Sprintf("%d:%d@%d", c.Index, c.Point.Price.Amount, minutes(c.Point.ValidFrom))
		if c.Previous != nil {
			s += fmt.Sprintf("<%d@%d", c.Previous.Price.Amount, minutes(c.Previous.ValidFrom))
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// unchanged renders res.Unchanged as "U" and "-" per observation.
func unchanged(res store.RecordResult) string {
	var b strings.Builder
	for _, u := range res.Unchanged {
		b.WriteString(map[bool]string{true: "U", false: "-"}[u])
	}
	return b.String()
}

func testObservations(t *testing.T, newSubject Factory) {
	testCreated(t, newSubject)

	type batch = []catalog.PriceObservation
	o := func(n int, price int64) catalog.PriceObservation { return obs(deck825(), n, price) }
	tests := []struct {
		name    string
		batches []batch
		want    string
		last    store.RecordResult // of the last batch; Observations is filled in
	}{
		{name: "first observation", batches: []batch{{o(0, 5000)}},
			want: "5000[0,0]", last: store.RecordResult{ChangePoints: 1}},
		{name: "unchanged re-scrape adds no row", batches: []batch{{o(0, 5000)}, {o(30, 5000)}, {o(60, 5000)}},
			want: "5000[0,60]", last: store.RecordResult{Extended: 1}},
		{name: "change adds one", batches: []batch{{o(0, 5000)}, {o(30, 4500)}},
			want: "5000[0,0] 4500[30,30]", last: store.RecordResult{ChangePoints: 1}},
		{name: "back to the old price adds one", batches: []batch{{o(0, 5000)}, {o(30, 4500)}, {o(60, 5000)}},
			want: "5000[0,0] 4500[30,30] 5000[60,60]", last: store.RecordResult{ChangePoints: 1}},
		{name: "availability change adds one", batches: []batch{{o(0, 5000)}, {outOfStock(o(30, 5000))}},
			want: "5000[0,0] 5000/out_of_stock[30,30]", last: store.RecordResult{ChangePoints: 1}},
		{name: "compare-at change adds one", batches: []batch{{o(0, 5000)}, {withCompareAt(o(30, 5000), 6000)}},
			want: "5000[0,0] 5000/cmp6000[30,30]", last: store.RecordResult{ChangePoints: 1}},
		{name: "same batch twice", batches: []batch{{o(0, 5000), o(30, 4500)}, {o(0, 5000), o(30, 4500)}},
			want: "5000[0,0] 4500[30,30]", last: store.RecordResult{Extended: 2}},
		{name: "duplicates inside one batch", batches: []batch{{o(0, 5000), o(0, 5000), o(30, 5000), o(30, 5000)}},
			want: "5000[0,30]", last: store.RecordResult{ChangePoints: 1, Extended: 3}},
		{name: "conflict at one instant keeps the first", batches: []batch{{o(0, 5000), o(0, 4500)}},
			want: "5000[0,0]", last: store.RecordResult{ChangePoints: 1, Conflicting: 1}},
		{name: "conflict with a stored instant keeps it", batches: []batch{{o(0, 5000)}, {o(0, 4500)}},
			want: "5000[0,0]", last: store.RecordResult{Conflicting: 1}},
		{name: "out of order inside one batch", batches: []batch{{o(60, 5000), o(0, 5000), o(30, 4500)}},
			want: "5000[0,0] 4500[30,30] 5000[60,60]", last: store.RecordResult{ChangePoints: 3}},
		{name: "batches in reverse order", batches: []batch{{o(60, 5000)}, {o(30, 4500)}, {o(0, 5000)}},
			want: "5000[0,0] 4500[30,30] 5000[60,60]", last: store.RecordResult{ChangePoints: 1}},
		{name: "late observation of the same price moves the start back", batches: []batch{{o(60, 5000)}, {o(0, 5000)}},
			want: "5000[0,60]", last: store.RecordResult{Extended: 1}},
		{name: "late observation of another price splits a span", batches: []batch{{o(0, 5000), o(60, 5000)}, {o(30, 4500)}},
			want: "5000[0,0] 4500[30,30] 5000[60,60]", last: store.RecordResult{ChangePoints: 2}},
		{name: "late observation inside its own span adds nothing", batches: []batch{{o(0, 5000), o(60, 5000)}, {o(30, 5000)}},
			want: "5000[0,60]", last: store.RecordResult{Extended: 1}},
		{name: "times are kept to the microsecond", batches: []batch{
			{o(0, 5000)}, {func() catalog.PriceObservation { x := o(0, 5000); x.ObservedAt = x.ObservedAt.Add(999); return x }()}},
			want: "5000[0,0]", last: store.RecordResult{Extended: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seeded(t, newSubject).Store
			var res store.RecordResult
			for _, b := range tt.batches {
				res = record(t, s, b...)
			}
			if got := history(t, s, deck825()); got != tt.want {
				t.Errorf("history %s, want %s", got, tt.want)
			}
			tt.last.Observations = len(tt.batches[len(tt.batches)-1])
			if !reflect.DeepEqual(counted(res), tt.last) {
				t.Errorf("last result %+v, want %+v", res, tt.last)
			}
			if n := int64(len(strings.Fields(tt.want))); counts(t, s).PricePoints != n {
				t.Errorf("%d price point rows, want %d", counts(t, s).PricePoints, n)
			}
		})
	}

	t.Run("unknown variants are reported and the rest written", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		ghost := key("1001", "v999")
		noShop := catalog.VariantKey{ShopSlug: "nowhere", ListingExternalID: "1001", VariantExternalID: "v825"}
		res := record(t, s, obs(ghost, 0, 100), o(0, 5000), obs(noShop, 0, 100), obs(ghost, 1, 100), obs(wheel54(), 0, 4200))
		want := store.RecordResult{Observations: 5, ChangePoints: 2, Unknown: []catalog.VariantKey{ghost, noShop}}
		if !reflect.DeepEqual(counted(res), want) {
			t.Errorf("result %+v, want %+v", res, want)
		}
		if got := fmt.Sprint(res.Unchanged); got != "[false false false false false]" {
			t.Errorf("unchanged %s, want all false", got)
		}
		if got := created(res); got != "1:5000@0 4:4200@0" {
			t.Errorf("created %s, want 1:5000@0 4:4200@0", got)
		}
		if got := history(t, s, wheel54()); got != "4200[0,0]" {
			t.Errorf("wheel history %s, want 4200[0,0]", got)
		}
	})

	t.Run("invalid observation fails the whole batch", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		bad := o(30, 4500)
		bad.Price.Currency = "XXX"
		_, err := s.RecordObservations(context.Background(), []catalog.PriceObservation{o(0, 5000), bad})
		if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), "observation 1") {
			t.Errorf("error %v, want ErrInvalid naming observation 1", err)
		}
		if c := counts(t, s); c.PricePoints != 0 {
			t.Errorf("%d price points written, want 0", c.PricePoints)
		}
	})

	t.Run("variants of one batch stay apart", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		record(t, s, o(0, 5000), obs(deck800(), 0, 4800), obs(wheel54(), 0, 4200), o(30, 4500), obs(deck800(), 30, 4800))
		for k, want := range map[catalog.VariantKey]string{
			deck825(): "5000[0,0] 4500[30,30]", deck800(): "4800[0,30]", wheel54(): "4200[0,0]",
		} {
			if got := history(t, s, k); got != want {
				t.Errorf("history of %s %s, want %s", k, got, want)
			}
		}
	})

	// Large enough that a dialect switches to its bulk path (Postgres copies
	// batches of 20,000 rows and more into a temporary table).
	t.Run("large batch", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		const n = 21_000
		batch := make([]catalog.PriceObservation, n)
		for i := range batch {
			batch[i] = o(i, 5000+int64(i%2))
		}
		for _, want := range []store.RecordResult{{Observations: n, ChangePoints: n}, {Observations: n, Extended: n}} {
			if res := record(t, s, batch...); !reflect.DeepEqual(counted(res), want) || len(res.Created) != n {
				t.Errorf("result %+v, want %+v", res, want)
			}
		}
		if c := counts(t, s); c.PricePoints != n {
			t.Errorf("%d price points, want %d", c.PricePoints, n)
		}
		p, err := s.PriceAt(context.Background(), deck825(), at(n))
		if err != nil || p.Price.Amount != 5000+(n-1)%2 || !p.ValidFrom.Equal(at(n-1)) {
			t.Errorf("PriceAt after the batch = %+v, %v", p, err)
		}
	})

	t.Run("empty batch", func(t *testing.T) {
		s := seeded(t, newSubject).Store
		if res := record(t, s); !reflect.DeepEqual(counted(res), store.RecordResult{}) || len(res.Unchanged) != 0 || len(res.Created) != 0 {
			t.Errorf("result %+v, want zero", res)
		}
	})
}

// testCreated checks which points RecordResult reports as created, with the
// point before each, and which observations as unchanged.
func testCreated(t *testing.T, newSubject Factory) {
	type batch = []catalog.PriceObservation
	o := func(n int, price int64) catalog.PriceObservation { return obs(deck825(), n, price) }
	tests := []struct {
		name               string
		batches            []batch
		created, unchanged string // of the last batch
	}{
		{name: "first observation", batches: []batch{{o(0, 5000)}}, created: "0:5000@0", unchanged: "-"},
		{name: "re-scrape is unchanged", batches: []batch{{o(0, 5000)}, {o(30, 5000), o(60, 5000)}}, unchanged: "UU"},
		{name: "change has the previous point", batches: []batch{{o(0, 5000)}, {o(30, 4500), o(60, 4500)}},
			created: "0:4500@30<5000@0", unchanged: "-U"},
		{name: "changes inside one batch", batches: []batch{{o(60, 5000), o(0, 5000), o(30, 4500), o(30, 4500)}},
			created: "0:5000@60<4500@30 1:5000@0 2:4500@30<5000@0", unchanged: "----"}, // a repeat at a point's start is not unchanged
		{name: "same batch twice reports the same points", batches: []batch{{o(0, 5000)}, {o(30, 4500), o(60, 4500)}, {o(30, 4500), o(60, 4500)}},
			created: "0:4500@30<5000@0", unchanged: "-U"},
		{name: "late observation moving the start back", batches: []batch{{o(0, 4000)}, {o(60, 5000)}, {o(30, 5000)}},
			created: "0:5000@30<4000@0", unchanged: "-"},
		{name: "split reports the late state", batches: []batch{{o(0, 5000), o(60, 5000)}, {o(30, 4500)}},
			created: "0:4500@30<5000@0", unchanged: "-"},
		{name: "conflict is neither", batches: []batch{{o(0, 5000)}, {o(0, 4500)}}, unchanged: "-"},
	}
	for _, tt := range tests {
		t.Run("created "+tt.name, func(t *testing.T) {
			s := seeded(t, newSubject).Store
			var res store.RecordResult
			for _, b := range tt.batches {
				res = record(t, s, b...)
			}
			if got := created(res); got != tt.created {
				t.Errorf("created %q, want %q", got, tt.created)
			}
			if got := unchanged(res); got != tt.unchanged {
				t.Errorf("unchanged %q, want %q", got, tt.unchanged)
			}
		})
	}
}
