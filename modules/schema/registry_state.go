package schema

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/twmb/franz-go/pkg/sr"
)

// The Registry's operations. Each takes the lock it needs; they return
// *apiError for what the client got wrong and plain errors for store
// failures. Input is parsed before the lock is taken.

func sortVersions(vs []subjectVersion) {
	slices.SortFunc(vs, func(a, b subjectVersion) int { return cmp.Compare(a.version, b.version) })
}

// versionsOf returns subject's live versions, or all of them with
// withDeleted. The caller holds mu.
func (reg *Registry) versionsOf(subject string, withDeleted bool) []subjectVersion {
	var out []subjectVersion
	for _, v := range reg.subjects[subject] {
		if withDeleted || !v.deleted {
			out = append(out, v)
		}
	}
	return out
}

// levelOf is subject's level: its own, else the global one, else BACKWARD.
// The caller holds mu.
func (reg *Registry) levelOf(subject string) sr.CompatibilityLevel {
	if l, ok := reg.configs[subject]; ok {
		return l
	}
	if l, ok := reg.configs[""]; ok {
		return l
	}
	return defaultLevel
}

// parsed pairs versions with their parsed schemas. The caller holds mu.
func (reg *Registry) parsed(vs []subjectVersion) []versionSchema {
	out := make([]versionSchema, 0, len(vs))
	for _, v := range vs {
		out = append(out, versionSchema{version: v.version, schema: reg.schemas[v.id].parsed})
	}
	return out
}

// register adds text to subject and returns its global id. A schema already
// live in the subject returns its id without a new version.
func (reg *Registry) register(ctx context.Context, subject, text string) (int, error) {
	parsed, canonical, err := canonicalize(text)
	if err != nil {
		return 0, errInvalidSchema(err)
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	live := reg.versionsOf(subject, false)
	id, known := reg.byText[canonical]
	if known {
		for _, v := range live {
			if v.id == id {
				return id, nil
			}
		}
	}
	if msgs := incompatibilities(reg.levelOf(subject), parsed, reg.parsed(live)); len(msgs) > 0 {
		return 0, errIncompatible(subject, msgs)
	}
	if !known {
		id = reg.nextID
		if err := reg.store.SaveRegistrySchema(ctx, id, canonical); err != nil {
			return 0, fmt.Errorf("save schema %d: %w", id, err)
		}
		reg.schemas[id] = &storedSchema{id: id, text: canonical, parsed: parsed}
		reg.byText[canonical] = id
		reg.nextID++
	}
	version := 1
	if all := reg.subjects[subject]; len(all) > 0 {
		version = all[len(all)-1].version + 1
	}
	if err := reg.store.SaveRegistryVersion(ctx, subject, version, id, false); err != nil {
		return 0, fmt.Errorf("save subject %q version %d: %w", subject, version, err)
	}
	reg.subjects[subject] = append(reg.subjects[subject], subjectVersion{version: version, id: id})
	reg.log.Info("schema registered", "subject", subject, "version", version, "schema_id", id)
	return id, nil
}

// lookup finds the latest version of subject holding text.
func (reg *Registry) lookup(subject, text string, withDeleted bool) (subjectSchemaJSON, error) {
	_, canonical, err := canonicalize(text)
	if err != nil {
		return subjectSchemaJSON{}, errInvalidSchema(err)
	}
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	vs := reg.versionsOf(subject, withDeleted)
	if len(vs) == 0 {
		return subjectSchemaJSON{}, errSubjectNotFound(subject)
	}
	if id, ok := reg.byText[canonical]; ok {
		for i := len(vs) - 1; i >= 0; i-- {
			if vs[i].id == id {
				return reg.describe(subject, vs[i]), nil
			}
		}
	}
	return subjectSchemaJSON{}, errSchemaNotFound("Schema not found")
}

// describe is the JSON of one version. The caller holds mu.
func (reg *Registry) describe(subject string, v subjectVersion) subjectSchemaJSON {
	return subjectSchemaJSON{Subject: subject, Version: v.version, ID: v.id, Schema: reg.schemas[v.id].text}
}

// version returns version (a number, -1 or "latest") of subject.
func (reg *Registry) version(subject, version string, withDeleted bool) (subjectSchemaJSON, error) {
	n, err := parseVersion(version)
	if err != nil {
		return subjectSchemaJSON{}, err
	}
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	v, err := reg.findVersion(subject, n, withDeleted)
	if err != nil {
		return subjectSchemaJSON{}, err
	}
	return reg.describe(subject, v), nil
}

// findVersion finds version n of subject, -1 for the latest. The caller
// holds mu.
func (reg *Registry) findVersion(subject string, n int, withDeleted bool) (subjectVersion, error) {
	vs := reg.versionsOf(subject, withDeleted)
	if len(vs) == 0 {
		return subjectVersion{}, errSubjectNotFound(subject)
	}
	if n == -1 {
		return vs[len(vs)-1], nil
	}
	for _, v := range vs {
		if v.version == n {
			return v, nil
		}
	}
	return subjectVersion{}, errVersionNotFound(n)
}

// deleteVersions soft-deletes version n of subject (-1 for the latest), or
// every live version when all is set, and returns the versions deleted.
func (reg *Registry) deleteVersions(ctx context.Context, subject string, n int, all bool) ([]int, error) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	target := -2 // no version
	if !all {
		v, err := reg.findVersion(subject, n, false)
		if err != nil {
			return nil, err
		}
		target = v.version
	} else if len(reg.versionsOf(subject, false)) == 0 {
		return nil, errSubjectNotFound(subject)
	}
	deleted := []int{}
	vs := reg.subjects[subject]
	for i, v := range vs {
		if v.deleted || (!all && v.version != target) {
			continue
		}
		if err := reg.store.SaveRegistryVersion(ctx, subject, v.version, v.id, true); err != nil {
			return nil, fmt.Errorf("delete subject %q version %d: %w", subject, v.version, err)
		}
		vs[i].deleted = true // as soon as it is durable, so memory never runs ahead of the store
		deleted = append(deleted, v.version)
	}
	reg.log.Info("subject versions deleted", "subject", subject, "versions", deleted)
	return deleted, nil
}
