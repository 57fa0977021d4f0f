package schema

import (
	"fmt"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

// versionSchema is a live version of a subject with its parsed schema.
type versionSchema struct {
	version int
	schema  avro.Schema
}

// incompatibilities checks candidate, a schema about to join a subject,
// against the subject's live versions (oldest first) at level, and returns
// why it is incompatible; none means compatible.
//
//   - BACKWARD: consumers upgraded to candidate read data written with the
//     latest version (candidate is the reader). Adding a field needs a
//     default; removing one is fine.
//   - FORWARD: consumers still on the latest version read data written with
//     candidate (candidate is the writer). Removing a field needs a default in
//     the older version; adding one is fine.
//   - FULL: both. The _TRANSITIVE levels check every live version, not just
//     the latest. NONE checks nothing.
func incompatibilities(level sr.CompatibilityLevel, candidate avro.Schema, previous []versionSchema) []string {
	if level == sr.CompatNone || len(previous) == 0 {
		return nil
	}
	against := previous
	if !transitive(level) {
		against = previous[len(previous)-1:]
	}
	return directional(level, candidate, against)
}

// directional checks candidate against each of against in the directions
// level asks for, ignoring transitivity: the compatibility endpoint names the
// versions itself.
func directional(level sr.CompatibilityLevel, candidate avro.Schema, against []versionSchema) []string {
	var msgs []string
	for _, p := range against {
		if backward(level) {
			if err := compatible(candidate, p.schema); err != nil {
				msgs = append(msgs, fmt.Sprintf("BACKWARD: the new schema cannot read data written with version %d: %v", p.version, err))
			}
		}
		if forward(level) {
			if err := compatible(p.schema, candidate); err != nil {
				msgs = append(msgs, fmt.Sprintf("FORWARD: version %d cannot read data written with the new schema: %v", p.version, err))
			}
		}
	}
	return msgs
}

// compatible reports whether reader can read what writer wrote. It uses a
// fresh checker each time: hamba caches verdicts by Parsing Canonical Form
// fingerprints, which ignore defaults, so a version that adds a field without
// a default and its fix with a default would share a cached verdict.
func compatible(reader, writer avro.Schema) error {
	return avro.NewSchemaCompatibility().Compatible(reader, writer)
}

func backward(l sr.CompatibilityLevel) bool {
	switch l {
	case sr.CompatBackward, sr.CompatBackwardTransitive, sr.CompatFull, sr.CompatFullTransitive:
		return true
	}
	return false
}

func forward(l sr.CompatibilityLevel) bool {
	switch l {
	case sr.CompatForward, sr.CompatForwardTransitive, sr.CompatFull, sr.CompatFullTransitive:
		return true
	}
	return false
}

func transitive(l sr.CompatibilityLevel) bool {
	switch l {
	case sr.CompatBackwardTransitive, sr.CompatForwardTransitive, sr.CompatFullTransitive:
		return true
	}
	return false
}

// parseLevel parses a Confluent level name, in any case.
func parseLevel(s string) (sr.CompatibilityLevel, bool) {
	var l sr.CompatibilityLevel
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, false
	}
	return l, true
}
