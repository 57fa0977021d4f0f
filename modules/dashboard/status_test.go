package dashboard

import (
	"strings"
	"testing"
	"time"
)

func TestRateWindow(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	type reading struct {
		sec  int
		n    int64
		want float64 // -1: unknown
	}
	tests := []struct {
		name     string
		readings []reading
	}{
		{"first reading is unknown", []reading{{0, 100, -1}}},
		{"under a minute counts, not extrapolates", []reading{{0, 100, -1}, {30, 160, 60}}},
		{"base is the newest reading a minute old", []reading{{0, 0, -1}, {30, 30, 30}, {60, 60, 60}, {90, 150, 120}}},
		{"idle longer than two spans restarts", []reading{{0, 0, -1}, {600, 6000, -1}, {605, 6010, 10}}},
		{"counter going back restarts", []reading{{0, 500, -1}, {5, 10, -1}, {10, 20, 10}}},
		{"unknown total", []reading{{0, 10, -1}, {5, -1, -1}, {10, 30, -1}}},
		{"same instant restarts", []reading{{0, 10, -1}, {0, 20, -1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := rateWindow{span: time.Minute}
			for i, r := range tt.readings {
				got := w.add(at(r.sec), r.n)
				switch {
				case r.want < 0 && got != nil:
					t.Errorf("reading %d: rate %v, want unknown", i, *got)
				case r.want >= 0 && (got == nil || *got != r.want):
					t.Errorf("reading %d: rate %v, want %v", i, got, r.want)
				}
			}
		})
	}
}

func TestStatusOfUnknowns(t *testing.T) {
	st := statusOf(Status{ProductsToday: 1, Observations: -1, DLQSize: -1}, time.Unix(0, 0), nil, StreamStats{})
	if st.Lag != nil || st.LagTotal != nil || st.DLQSize != nil || st.ObservationsPerMinute != nil || st.Shops == nil {
		t.Errorf("unknown parts should be null and shops an empty list: %+v", st)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // "" valid
	}{
		{"zero takes defaults", Config{}, ""},
		{"interval too short", Config{StatusInterval: time.Millisecond}, "StatusInterval"},
		{"heartbeat too long", Config{Heartbeat: time.Hour}, "Heartbeat"},
		{"buffer negative", Config{ClientBuffer: -1}, "ClientBuffer"},
		{"buffer too large", Config{ClientBuffer: 1 << 20}, "ClientBuffer"},
		{"clients negative", Config{MaxClients: -1}, "MaxClients"},
		{"write timeout negative", Config{WriteTimeout: -time.Second}, "WriteTimeout"},
		{"retry negative", Config{Retry: -time.Second}, "Retry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Validate() = %v, want an error naming %q", err, tt.want)
			}
			if _, nerr := New(tt.cfg, nil, Deps{Assets: testAssets()}); (nerr == nil) != (err == nil) {
				t.Errorf("New disagrees with Validate: %v", nerr)
			}
		})
	}
}
