package ratelimit

import "time"

// gcraLimit is a limit in the algorithm's terms, in microseconds.
type gcraLimit struct {
	interval  int64 // emission interval: 1/Rate
	tolerance int64 // interval * Burst: how far ahead of now a TAT may run
}

// gcraStep is the outcome of one request.
type gcraStep struct {
	allowed    bool
	remaining  int64
	retryAfter int64 // µs; 0 when allowed
	resetAfter int64 // µs
	// tat is the key's theoretical arrival time to store when allowed, to
	// keep until resetAfter has passed; a refused request stores nothing.
	tat int64
}

// gcra takes one request at now for a key whose stored TAT is tat (0 when
// none), all in microseconds. gcra.lua is this function, line for line;
// TestRedisAgreesWithMemory holds them to the same answers.
func gcra(now, tat int64, l gcraLimit) gcraStep {
	// A TAT in the past means the key is at rest: full burst.
	tat = max(tat, now)
	newTAT := tat + l.interval
	// How long after the request could be allowed it arrives; negative
	// means too early.
	diff := now - (newTAT - l.tolerance)
	if diff < 0 {
		return gcraStep{retryAfter: -diff, resetAfter: tat - now}
	}
	return gcraStep{
		allowed:    true,
		remaining:  diff / l.interval,
		resetAfter: newTAT - now,
		tat:        newTAT,
	}
}

// decision turns a step into the package's answer.
func (s gcraStep) decision() Decision {
	return Decision{
		Allowed:    s.allowed,
		Remaining:  int(s.remaining),
		RetryAfter: time.Duration(s.retryAfter) * time.Microsecond,
		ResetAfter: time.Duration(s.resetAfter) * time.Microsecond,
	}
}
