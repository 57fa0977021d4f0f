package gormstore

import (
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

func TestChangedAggregates(t *testing.T) {
	usd := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "USD"} }
	pt := func(price int64, avail catalog.Availability, minute int) *point {
		p := newPoint(state{Price: usd(price), Availability: avail}, witness{at: m(minute)})
		return &p
	}
	// Listing 1: a cheap variant (10) whose price moved at minute 50, and
	// variant 11, the one the batch observes.
	siblings := map[int64][]variantRef{1: {
		{id: 10, listingID: 1, current: pt(3000, catalog.InStock, 50)},
		{id: 11, listingID: 1, current: pt(5000, catalog.InStock, 10)},
	}}
	tests := []struct {
		name   string
		latest *point
		want   []int64 // listings written
	}{
		{"a new state that moves neither the minimum nor the latest change", pt(5500, catalog.InStock, 20), nil},
		{"a new minimum", pt(2000, catalog.InStock, 20), []int64{1}},
		{"a later change", pt(5500, catalog.InStock, 60), []int64{1}},
		{"out of stock is not the purchasable minimum", pt(1000, catalog.OutOfStock, 20), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			batch := []variantBatch{{ref: siblings[1][1]}}
			got := changedAggregates(batch, []changes{{latest: tc.latest, newState: true}}, siblings)
			if len(got.id) != len(tc.want) || (len(got.id) > 0 && got.id[0] != tc.want[0]) {
				t.Errorf("listings written %v, want %v", got.id, tc.want)
			}
		})
	}
}

func TestAggregateOf(t *testing.T) {
	usd := func(n int64) catalog.Money { return catalog.Money{Amount: n, Currency: "USD"} }
	p := func(price, compareAt int64, avail catalog.Availability, minute int) *point {
		st := state{Price: usd(price), Availability: avail}
		if compareAt > 0 {
			st.CompareAt = usd(compareAt)
		}
		pt := newPoint(st, witness{at: m(minute)})
		return &pt
	}
	tests := []struct {
		name   string
		points []*point
		want   aggregate
	}{
		{"never observed", []*point{nil, nil}, aggregate{}},
		{"cheapest purchasable", []*point{p(5000, 0, catalog.InStock, 1), p(3000, 0, catalog.OutOfStock, 2), nil},
			aggregate{observed: true, price: 5000, currency: "USD", inStock: true, updatedAt: m(2)}},
		{"nothing purchasable: cheapest and deepest of all", []*point{p(5000, 0, catalog.OutOfStock, 1), p(3000, 4000, catalog.OutOfStock, 2)},
			aggregate{observed: true, price: 3000, currency: "USD", discount: 2500, updatedAt: m(2)}},
		{"the discount of a purchasable variant", []*point{p(3000, 4000, catalog.OutOfStock, 3), p(4500, 5000, catalog.InStock, 2)},
			aggregate{observed: true, price: 4500, currency: "USD", discount: 1000, inStock: true, updatedAt: m(3)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := aggregateOf(tc.points); !got.equal(tc.want) {
				t.Errorf("aggregateOf = %+v, want %+v", got, tc.want)
			}
		})
	}
}
