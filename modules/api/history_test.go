package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

func TestHistoryWindow(t *testing.T) {
	s, cat, _ := testServer(t, nil)
	var gotFrom, gotTo time.Time
	cat.history = func(_ context.Context, id int64, from, to time.Time) ([]catalog.VariantHistory, error) {
		gotFrom, gotTo = from, to
		return nil, nil
	}
	tests := []struct {
		query    string
		from, to time.Time
	}{
		{"", testEpoch.Add(-30 * 24 * time.Hour), testEpoch},
		{"from=2025-06-01", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), testEpoch},
		{"from=2025-06-01T02:00:00%2B02:00&to=2025-06-02T00:00:00Z", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)},
		{"to=2025-06-10", time.Date(2025, 5, 11, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC)},
		{"to=2030-01-01", testEpoch.Add(-30 * 24 * time.Hour), testEpoch}, // never past now
	}
	for _, tt := range tests {
		rec := get(t, s, "/api/v1/products/1/history?"+tt.query)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", tt.query, rec.Code, rec.Body)
		}
		if !gotFrom.Equal(tt.from) || !gotTo.Equal(tt.to) {
			t.Errorf("%s: window %s..%s, want %s..%s", tt.query, gotFrom, gotTo, tt.from, tt.to)
		}
	}
}

func TestHistoryInvalid(t *testing.T) {
	s, _, _ := testServer(t, func(c *Config, _ *Deps) { c.HistoryMaxPoints = 48 })
	tests := []struct{ query, param string }{
		{"from=yesterday", "from"},
		{"to=2025-13-01", "to"},
		{"from=2025-06-10&to=2025-06-01", "from"},
		{"from=2020-01-01", "from"},                          // wider than HistoryMaxRange
		{"from=2025-06-01&resolution=hour", "from"},          // 14 days of hours > 48 points
		{"resolution=weekly", "resolution"},                  // not in the allowlist
		{"resolution=day&resolution=hour", "resolution"},     // repeated
		{"from=2025-06-01&granularity=day", "granularity"},   // unknown
		{"from=2025-06-14T12:00:00Z&resolution=raw&x=", "x"}, // unknown even when empty
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantInvalid(t, get(t, s, "/api/v1/products/1/history?"+tt.query), tt.param)
		})
	}
	decodeProblem(t, get(t, s, "/api/v1/products/2/history"), http.StatusNotFound)
	wantInvalid(t, get(t, s, "/api/v1/products/x/history"), "id")
}

func TestHistoryRawPointsCapped(t *testing.T) {
	s, _, _ := testServer(t, func(c *Config, _ *Deps) { c.HistoryMaxPoints = 1 })
	wantInvalid(t, get(t, s, "/api/v1/products/1/history"), "resolution")
}

func TestHistoryResolutions(t *testing.T) {
	s, _, _ := testServer(t, nil)
	// The fake's spans: 69.95 in stock from an hour before from, then
	// 59.95 (compare-at 69.95) out of stock from 90 minutes after from.
	rec := get(t, s, "/api/v1/products/1/history?from=2025-06-15T08:00:00Z&to=2025-06-15T11:00:00Z&resolution=hour")
	h := decodeJSON[historyJSON](t, rec)
	if h.Resolution != "hour" || len(h.Variants) != 1 {
		t.Fatalf("history = %+v", h)
	}
	type pt struct {
		at    string
		price string
		stock bool
	}
	var got []pt
	for _, p := range h.Variants[0].Points {
		got = append(got, pt{p.At.Format("15:04"), p.Price.Amount, p.InStock})
	}
	want := []pt{{"09:00", "69.95", true}, {"10:00", "59.95", false}, {"11:00", "59.95", false}}
	if len(got) != len(want) {
		t.Fatalf("points = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("point %d = %v, want %v", i, got[i], want[i])
		}
	}
	if p := h.Variants[0].Points[1]; p.DiscountBP != 1429 || p.CompareAt == nil {
		t.Errorf("sale point = %+v, want 14.29%% off", p)
	}

	rec = get(t, s, "/api/v1/products/1/history?from=2025-06-15T08:00:00Z&to=2025-06-15T11:00:00Z")
	h = decodeJSON[historyJSON](t, rec)
	if pts := h.Variants[0].Points; len(pts) != 2 || pts[0].At.Format("15:04") != "07:00" || pts[1].At.Format("15:04") != "09:30" {
		t.Errorf("raw points = %+v, want the two change points", pts)
	}

	// A partial last bucket ends at to.
	rec = get(t, s, "/api/v1/products/1/history?from=2025-06-13T08:00:00Z&to=2025-06-15T10:00:00Z&resolution=day")
	h = decodeJSON[historyJSON](t, rec)
	var ats []string
	for _, p := range h.Variants[0].Points {
		ats = append(ats, p.At.Format(time.RFC3339))
	}
	if len(ats) != 3 || ats[0] != "2025-06-14T00:00:00Z" || ats[2] != "2025-06-15T10:00:00Z" {
		t.Errorf("day points at %v", ats)
	}
}

func TestBucketCount(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	tests := []struct {
		from, to string
		step     time.Duration
		want     int
	}{
		{"2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", time.Hour, 24},
		{"2025-01-01T00:30:00Z", "2025-01-01T02:00:00Z", time.Hour, 2},
		{"2025-01-01T00:30:00Z", "2025-01-01T02:00:01Z", time.Hour, 3},
		{"2025-01-01T12:00:00Z", "2025-01-03T00:00:00Z", 24 * time.Hour, 2},
	}
	for _, tt := range tests {
		if got := bucketCount(at(tt.from), at(tt.to), tt.step); got != tt.want {
			t.Errorf("bucketCount(%s, %s, %s) = %d, want %d", tt.from, tt.to, tt.step, got, tt.want)
		}
	}
}
