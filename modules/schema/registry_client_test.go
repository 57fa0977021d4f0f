package schema_test

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/skatestock/skatestock/modules/schema"
)

// TestFranzGoClient drives the embedded registry with franz-go's own
// Confluent client, proving that a real client works against it.
func TestFranzGoClient(t *testing.T) {
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	ctx := t.Context()
	v1 := sr.Schema{Schema: record(fieldA)}
	v2 := sr.Schema{Schema: record(fieldA, fieldBDefault)}

	created, err := cl.CreateSchema(ctx, "s-value", v1) // register, then usages by id and versions
	if err != nil {
		t.Fatal(err)
	}
	if created.Subject != "s-value" || created.Version != 1 || created.ID == 0 || created.Type != sr.TypeAvro {
		t.Errorf("CreateSchema = %+v", created)
	}
	id2, err := cl.RegisterSchema(ctx, "s-value", v2, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := cl.RegisterSchema(ctx, "s-value", v2, -1, -1); err != nil || again != id2 {
		t.Errorf("re-register = %d, %v; want %d", again, err, id2)
	}

	looked, err := cl.LookupSchema(ctx, "s-value", v1)
	if err != nil || looked.ID != created.ID || looked.Version != 1 {
		t.Errorf("LookupSchema = %+v, %v", looked, err)
	}
	byID, err := cl.SchemaByID(ctx, id2)
	if err != nil || byID.Schema != canonical(t, v2.Schema) {
		t.Errorf("SchemaByID = %+v, %v", byID, err)
	}
	text, err := cl.SchemaTextByID(ctx, id2)
	if err != nil || text != canonical(t, v2.Schema) {
		t.Errorf("SchemaTextByID = %q, %v", text, err)
	}
	if versions, err := cl.SubjectVersions(ctx, "s-value"); err != nil || !reflect.DeepEqual(versions, []int{1, 2}) {
		t.Errorf("SubjectVersions = %v, %v", versions, err)
	}
	if latest, err := cl.SchemaByVersion(ctx, "s-value", -1); err != nil || latest.Version != 2 || latest.ID != id2 {
		t.Errorf("SchemaByVersion(latest) = %+v, %v", latest, err)
	}
	if all, err := cl.Schemas(ctx, "s-value"); err != nil || len(all) != 2 || all[0].ID != created.ID || all[1].ID != id2 {
		t.Errorf("Schemas = %+v, %v", all, err)
	}
	if subjects, err := cl.Subjects(ctx); err != nil || !reflect.DeepEqual(subjects, []string{"s-value"}) {
		t.Errorf("Subjects = %v, %v", subjects, err)
	}
	if uses, err := cl.SchemaUsagesByID(ctx, id2); err != nil || len(uses) != 1 || uses[0].Version != 2 {
		t.Errorf("SchemaUsagesByID = %+v, %v", uses, err)
	}

	global := cl.Compatibility(ctx)
	if global[0].Err != nil || global[0].Level != sr.CompatBackward {
		t.Errorf("global Compatibility = %+v", global[0])
	}
	set := cl.SetCompatibility(ctx, sr.SetCompatibility{Level: sr.CompatFullTransitive}, "s-value")
	if set[0].Err != nil || set[0].Level != sr.CompatFullTransitive {
		t.Errorf("SetCompatibility = %+v", set[0])
	}
	if got := cl.Compatibility(ctx, "s-value"); got[0].Err != nil || got[0].Level != sr.CompatFullTransitive {
		t.Errorf("subject Compatibility = %+v", got[0])
	}
	if reset := cl.ResetCompatibility(ctx, "s-value"); reset[0].Err != nil {
		t.Errorf("ResetCompatibility = %+v", reset[0])
	}

	incompatible := sr.Schema{Schema: record(fieldA, fieldBDefault, fieldC)}
	res, err := cl.CheckCompatibility(ctx, "s-value", -1, incompatible)
	if err != nil || res.Is || len(res.Messages) == 0 {
		t.Errorf("CheckCompatibility(incompatible) = %+v, %v", res, err)
	}
	res, err = cl.CheckCompatibility(ctx, "s-value", -2, sr.Schema{Schema: record(fieldA, fieldBDefault, fieldCDefault)})
	if err != nil || !res.Is {
		t.Errorf("CheckCompatibility(compatible, all versions) = %+v, %v", res, err)
	}
	_, err = cl.RegisterSchema(ctx, "s-value", incompatible, -1, -1)
	var re *sr.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 409 || re.SchemaError() != sr.ErrIncompatibleSchema {
		t.Errorf("registering an incompatible schema = %v, want sr.ErrIncompatibleSchema", err)
	}

	_, err = cl.SchemaByID(ctx, 999)
	if !errors.As(err, &re) || re.SchemaError() != sr.ErrSchemaNotFound {
		t.Errorf("SchemaByID(999) = %v, want sr.ErrSchemaNotFound", err)
	}
	_, err = cl.SchemaByVersion(ctx, "nope", 1)
	if !errors.As(err, &re) || re.SchemaError() != sr.ErrSubjectNotFound {
		t.Errorf("SchemaByVersion(nope) = %v, want sr.ErrSubjectNotFound", err)
	}
	_, err = cl.SchemaByVersion(ctx, "s-value", 9)
	if !errors.As(err, &re) || re.SchemaError() != sr.ErrVersionNotFound {
		t.Errorf("SchemaByVersion(s-value, 9) = %v, want sr.ErrVersionNotFound", err)
	}

	deleted, err := cl.DeleteSubject(ctx, "s-value", sr.SoftDelete)
	if err != nil || !reflect.DeepEqual(deleted, []int{1, 2}) {
		t.Errorf("DeleteSubject = %v, %v", deleted, err)
	}
	if _, err := cl.DeleteSubject(ctx, "s-value", sr.HardDelete); !errors.As(err, &re) || re.SchemaError() != sr.ErrOperationNotPermitted {
		t.Errorf("hard DeleteSubject = %v, want sr.ErrOperationNotPermitted", err)
	}
	if subjects, err := cl.Subjects(ctx); err != nil || len(subjects) != 0 {
		t.Errorf("Subjects after delete = %v, %v", subjects, err)
	}
}

// TestRegistryConcurrentRegistration registers the same and different
// schemas from many goroutines (run with -race): one id per schema, one
// version per schema per subject.
func TestRegistryConcurrentRegistration(t *testing.T) {
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	ctx := t.Context()
	var wg sync.WaitGroup
	ids := make([][]int, 8)
	for g := range ids {
		ids[g] = make([]int, 4)
		wg.Go(func() {
			for i := range 4 {
				subject := fmt.Sprintf("subject-%d-value", i)
				id, err := cl.RegisterSchema(ctx, subject, sr.Schema{Schema: record(fmt.Sprintf(`{"name":"f%d","type":"int"}`, i))}, -1, -1)
				if err != nil {
					t.Error(err)
				}
				ids[g][i] = id
				if _, err := cl.SchemaByID(ctx, id); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for g := range ids {
		if !reflect.DeepEqual(ids[g], ids[0]) {
			t.Errorf("goroutine %d got ids %v, goroutine 0 %v", g, ids[g], ids[0])
		}
	}
	for i := range 4 {
		if versions, err := cl.SubjectVersions(ctx, fmt.Sprintf("subject-%d-value", i)); err != nil || len(versions) != 1 {
			t.Errorf("versions = %v, %v; want one", versions, err)
		}
	}
}
