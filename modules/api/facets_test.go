package api

import (
	"net/http"
	"testing"
	"time"
)

func TestFacets(t *testing.T) {
	s, _, _ := testServer(t, nil)
	for _, path := range []string{"/api/v1/brands", "/api/v1/categories"} {
		f := decodeJSON[listJSON[facetJSON]](t, get(t, s, path))
		if len(f.Items) != 1 || f.Items[0].Products != 12 || f.Items[0].OnSale != 3 {
			t.Errorf("%s = %+v", path, f)
		}
		wantInvalid(t, get(t, s, path+"?limit=5"), "limit")
	}
}

func TestShops(t *testing.T) {
	s, _, _ := testServer(t, nil)
	shops := decodeJSON[listJSON[shopJSON]](t, get(t, s, "/api/v1/shops"))
	if len(shops.Items) != 2 {
		t.Fatalf("shops = %+v", shops)
	}
	if sh := shops.Items[0]; sh.LastRun == nil || sh.LastRun.Status != "ok" || sh.LastObservedAt == nil {
		t.Errorf("shop = %+v", sh)
	}
	if sh := shops.Items[1]; sh.LastRun != nil || sh.LastSuccessAt != nil {
		t.Errorf("never scraped shop = %+v, want nulls", sh)
	}
}

func TestStats(t *testing.T) {
	s, _, _ := testServer(t, nil)
	st := decodeJSON[statsJSON](t, get(t, s, "/api/v1/stats"))
	if want := time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC); !st.Since.Equal(want) || !st.AsOf.Equal(testEpoch) {
		t.Errorf("since %s as of %s, want %s and %s", st.Since, st.AsOf, want, testEpoch)
	}
	if st.Products != 120 || st.Observations != 480 || len(st.Shops) != 2 {
		t.Errorf("stats = %+v", st)
	}
	if sh := st.Shops[0]; sh.ObservedAge == nil || *sh.ObservedAge != 3600 || sh.LastRun == nil {
		t.Errorf("freshness = %+v", sh)
	}
	if sh := st.Shops[1]; sh.ObservedAge != nil || sh.SuccessAge != nil {
		t.Errorf("never observed shop = %+v", sh)
	}
	decodeProblem(t, get(t, s, "/api/v1/stats?since=2025-01-01"), http.StatusBadRequest)
}
