package schema

import (
	"cmp"
	"slices"
	"strconv"
)

// Read-only Registry operations.

// schemaByID returns the schema with id (a path segment).
func (reg *Registry) schemaByID(id string) (*storedSchema, error) {
	n, err := strconv.Atoi(id)
	if err == nil {
		reg.mu.RLock()
		s := reg.schemas[n]
		reg.mu.RUnlock()
		if s != nil {
			return s, nil
		}
	}
	return nil, errSchemaNotFound("Schema " + id + " not found")
}

// usages lists the subject versions that hold schema id, by subject then
// version.
func (reg *Registry) usages(id string, withDeleted bool) ([]subjectVersionJSON, error) {
	s, err := reg.schemaByID(id)
	if err != nil {
		return nil, err
	}
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	out := []subjectVersionJSON{}
	for subject := range reg.subjects {
		for _, v := range reg.versionsOf(subject, withDeleted) {
			if v.id == s.id {
				out = append(out, subjectVersionJSON{Subject: subject, Version: v.version})
			}
		}
	}
	slices.SortFunc(out, func(a, b subjectVersionJSON) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Version, b.Version))
	})
	return out, nil
}

// subjectNames lists the subjects with a live version (or any version with
// withDeleted), sorted.
func (reg *Registry) subjectNames(withDeleted bool) []string {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	out := []string{}
	for subject := range reg.subjects {
		if len(reg.versionsOf(subject, withDeleted)) > 0 {
			out = append(out, subject)
		}
	}
	slices.Sort(out)
	return out
}

// versionNumbers lists subject's version numbers, ascending.
func (reg *Registry) versionNumbers(subject string, withDeleted bool) ([]int, error) {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	vs := reg.versionsOf(subject, withDeleted)
	if len(vs) == 0 {
		return nil, errSubjectNotFound(subject)
	}
	out := make([]int, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.version)
	}
	return out, nil
}

// checkCompatibility tests text against version (a number, -1 or
// "latest") of subject, or against every live version when version is "",
// in the directions of the subject's level.
func (reg *Registry) checkCompatibility(subject, version, text string) (compatibilityJSON, error) {
	n := 0
	if version != "" {
		var err error
		if n, err = parseVersion(version); err != nil {
			return compatibilityJSON{}, err
		}
	}
	candidate, _, err := canonicalize(text)
	if err != nil {
		return compatibilityJSON{}, errInvalidSchema(err)
	}
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	against := reg.versionsOf(subject, false)
	if version != "" {
		v, err := reg.findVersion(subject, n, false)
		if err != nil {
			return compatibilityJSON{}, err
		}
		against = []subjectVersion{v}
	}
	msgs := directional(reg.levelOf(subject), candidate, reg.parsed(against))
	if msgs == nil {
		msgs = []string{} // Confluent sends [], never null
	}
	return compatibilityJSON{IsCompatible: len(msgs) == 0, Messages: msgs}, nil
}
