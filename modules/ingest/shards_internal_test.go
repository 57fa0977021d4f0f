package ingest

import (
	"fmt"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
)

func TestShardItems(t *testing.T) {
	tests := []struct {
		name  string
		shops []string // the shop of each item, in batch order
		n     int
		want  [][]int
	}{
		{"empty batch", nil, 3, [][]int{}},
		{"one shard keeps the batch", []string{"b", "a", "b", "c"}, 1, [][]int{{0, 1, 2, 3}}},
		{"fewer shops than shards", []string{"b", "a", "b"}, 4, [][]int{{0, 2}, {1}}},
		// a has 4 items, b 3, c 2 and d 1: a, b and c open a shard each and
		// d joins the smallest, c's.
		{"busiest shop first", []string{"d", "a", "b", "c", "a", "b", "a", "c", "b", "a"}, 3,
			[][]int{{1, 4, 6, 9}, {2, 5, 8}, {0, 3, 7}}},
		{"ties by slug", []string{"y", "x", "z", "w"}, 2, [][]int{{0, 3}, {1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := make([]*item, len(tt.shops))
			for i, s := range tt.shops {
				items[i] = &item{obs: catalog.PriceObservation{Variant: catalog.VariantKey{ShopSlug: s}}}
			}
			got := shardItems(items, tt.n)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("shards %v, want %v", got, tt.want)
			}
			shardOf := map[string]int{}
			for s, positions := range got {
				for _, pos := range positions {
					slug := tt.shops[pos]
					if prev, ok := shardOf[slug]; ok && prev != s {
						t.Errorf("shop %s in shards %d and %d", slug, prev, s)
					}
					shardOf[slug] = s
				}
			}
		})
	}
}
