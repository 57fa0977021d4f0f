package schema_test

import (
	"net/http"
	"testing"

	"github.com/skatestock/skatestock/modules/schema"
)

// TestRegistryCompatibilityLevels registers a history of versions under
// each level and checks whether the registry accepts the last one.
func TestRegistryCompatibilityLevels(t *testing.T) {
	const (
		none, backward, backwardT = "NONE", "BACKWARD", "BACKWARD_TRANSITIVE"
		forward, forwardT         = "FORWARD", "FORWARD_TRANSITIVE"
		full, fullT               = "FULL", "FULL_TRANSITIVE"
	)
	all := []string{none, backward, backwardT, forward, forwardT, full, fullT}
	tests := []struct {
		name     string
		history  []string // registered under NONE first
		next     string
		accepted []string // levels that accept next
	}{
		{
			// New readers cannot fill c from old data.
			name: "add a field without default", history: []string{record(fieldA)}, next: record(fieldA, fieldC),
			accepted: []string{none, forward, forwardT},
		},
		{
			name: "add a field with default", history: []string{record(fieldA)}, next: record(fieldA, fieldCDefault),
			accepted: all,
		},
		{
			// Old readers cannot fill b from new data; new readers skip it.
			name: "remove a field without default", history: []string{record(fieldA, fieldB)}, next: record(fieldA),
			accepted: []string{none, backward, backwardT},
		},
		{
			name: "remove a field with default", history: []string{record(fieldA, fieldBDefault)}, next: record(fieldA),
			accepted: all,
		},
		{
			name: "change a field's type", history: []string{record(fieldA)}, next: record(fieldAInt),
			accepted: []string{none},
		},
		{
			name: "promote int to long reads old data", history: []string{record(`{"name":"c","type":"int"}`)}, next: record(fieldC),
			accepted: []string{none, backward, backwardT},
		},
		{
			// v3 reads v2 (which has b) but not v1 (which lacks it).
			name:    "transitive levels check every version",
			history: []string{record(fieldA), record(fieldA, fieldBDefault)}, next: record(fieldA, fieldB),
			accepted: []string{none, backward, forward, forwardT, full},
		},
		{
			// v1 readers need b, which v3 no longer writes.
			name:    "forward transitive sees the first version",
			history: []string{record(fieldA, fieldB), record(fieldA, fieldBDefault)}, next: record(fieldA),
			accepted: []string{none, backward, backwardT, forward, full},
		},
	}
	for _, tt := range tests {
		for _, level := range all {
			t.Run(tt.name+"/"+level, func(t *testing.T) {
				_, srv, _ := registryServer(t, schema.NewMemoryStore())
				call(t, srv, "PUT", "/config/s", map[string]any{"compatibility": "NONE"})
				for _, h := range tt.history {
					mustRegister(t, srv, "s", h)
				}
				call(t, srv, "PUT", "/config/s", map[string]any{"compatibility": level})
				status, out := call(t, srv, "POST", "/subjects/s/versions", body(tt.next))
				want := http.StatusConflict
				for _, l := range tt.accepted {
					if l == level {
						want = http.StatusOK
					}
				}
				if status != want {
					t.Errorf("status %d %v, want %d", status, out, want)
				}
			})
		}
	}
}

// TestRegistryFixAfterRefusal: a version refused for a missing default is
// accepted once the default is added. hamba caches compatibility verdicts
// under fingerprints that ignore defaults; a shared cache would refuse the
// fix too.
func TestRegistryFixAfterRefusal(t *testing.T) {
	_, srv, _ := registryServer(t, schema.NewMemoryStore())
	mustRegister(t, srv, "s", record(fieldA))
	if status, _ := call(t, srv, "POST", "/subjects/s/versions", body(record(fieldA, fieldC))); status != http.StatusConflict {
		t.Fatalf("adding c without default: status %d, want 409", status)
	}
	mustRegister(t, srv, "s", record(fieldA, fieldCDefault))
}
