package ratelimit_test

import (
	"testing"

	"github.com/skatestock/skatestock/modules/ratelimit"
)

// TestGCRA walks one key through the algorithm by hand: interval 10 µs,
// burst 3, starting at rest at time 1000.
func TestGCRA(t *testing.T) {
	const interval, burst = 10, 3
	tests := []struct {
		name     string
		now, tat int64
		want     ratelimit.Step
	}{
		{"at rest: full burst", 1000, 0, ratelimit.Step{Allowed: true, Remaining: 2, ResetAfter: 10, TAT: 1010}},
		{"second at once", 1000, 1010, ratelimit.Step{Allowed: true, Remaining: 1, ResetAfter: 20, TAT: 1020}},
		{"third at once: last", 1000, 1020, ratelimit.Step{Allowed: true, Remaining: 0, ResetAfter: 30, TAT: 1030}},
		{"fourth at once: refused for one interval", 1000, 1030, ratelimit.Step{RetryAfter: 10, ResetAfter: 30}},
		{"1 µs early", 1009, 1030, ratelimit.Step{RetryAfter: 1, ResetAfter: 21}},
		{"on time", 1010, 1030, ratelimit.Step{Allowed: true, Remaining: 0, ResetAfter: 30, TAT: 1040}},
		{"half an interval refilled rounds down", 1025, 1040, ratelimit.Step{Allowed: true, Remaining: 0, ResetAfter: 25, TAT: 1050}},
		{"one interval refilled", 1030, 1040, ratelimit.Step{Allowed: true, Remaining: 1, ResetAfter: 20, TAT: 1050}},
		{"TAT in the past: at rest", 5000, 1050, ratelimit.Step{Allowed: true, Remaining: 2, ResetAfter: 10, TAT: 5010}},
		{"TAT exactly now: at rest", 5010, 5010, ratelimit.Step{Allowed: true, Remaining: 2, ResetAfter: 10, TAT: 5020}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ratelimit.GCRA(tt.now, tt.tat, interval, burst); got != tt.want {
				t.Errorf("GCRA(now %d, tat %d) = %+v, want %+v", tt.now, tt.tat, got, tt.want)
			}
		})
	}
	// Burst 1: one request per interval, nothing more.
	if got := ratelimit.GCRA(0, 0, 7, 1); !got.Allowed || got.Remaining != 0 {
		t.Errorf("burst 1 from rest: %+v", got)
	}
	if got := ratelimit.GCRA(6, 7, 7, 1); got.Allowed || got.RetryAfter != 1 {
		t.Errorf("burst 1, 1 µs early: %+v", got)
	}
}
