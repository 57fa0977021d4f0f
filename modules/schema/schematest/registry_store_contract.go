// Package schematest holds the contract suite that every schema.RegistryStore
// implementation passes: the in-memory one here, and the database ones in
// the store module (whose tests may import this package).
package schematest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

// Rows is everything a RegistryStore holds, sorted, for comparisons.
type Rows struct {
	Schemas  []SchemaRow
	Versions []VersionRow
	Configs  []ConfigRow
}

// SchemaRow is one schemas row.
type SchemaRow struct {
	ID   int
	Text string
}

// VersionRow is one subject_versions row.
type VersionRow struct {
	Subject           string
	Version, SchemaID int
	Deleted           bool
}

// ConfigRow is one configs row.
type ConfigRow struct {
	Subject, Level string
}

// Load reads every row of s, sorted by key.
func Load(ctx context.Context, s schema.RegistryStore) (Rows, error) {
	var r Rows
	err := s.LoadRegistry(ctx,
		func(id int, text string) { r.Schemas = append(r.Schemas, SchemaRow{id, text}) },
		func(subject string, version, schemaID int, deleted bool) {
			r.Versions = append(r.Versions, VersionRow{subject, version, schemaID, deleted})
		},
		func(subject, level string) { r.Configs = append(r.Configs, ConfigRow{subject, level}) },
	)
	slices.SortFunc(r.Schemas, func(a, b SchemaRow) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(r.Versions, func(a, b VersionRow) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Version, b.Version))
	})
	slices.SortFunc(r.Configs, func(a, b ConfigRow) int { return cmp.Compare(a.Subject, b.Subject) })
	return r, err
}

// TestRegistryStore runs the contract against stores from open, which
// returns a new, empty store for each subtest. reopen, when not nil, returns
// a second handle on the same data (a new connection, a restarted process);
// the persistence subtest needs it.
func TestRegistryStore(t *testing.T, open func(t *testing.T) schema.RegistryStore, reopen func(t *testing.T, s schema.RegistryStore) schema.RegistryStore) {
	ctx := context.Background()
	const textA, textB = `{"type":"string"}`, `{"name":"t.R","type":"record","fields":[{"name":"a","type":"string","doc":"ünïcode & <doc>"}]}`

	t.Run("empty", func(t *testing.T) {
		rows, err := Load(ctx, open(t))
		if err != nil || !reflect.DeepEqual(rows, Rows{}) {
			t.Errorf("Load of an empty store = %+v, %v", rows, err)
		}
	})

	t.Run("rows round trip", func(t *testing.T) {
		s := open(t)
		must(t, s.SaveRegistrySchema(ctx, 1, textA))
		must(t, s.SaveRegistrySchema(ctx, 2, textB))
		must(t, s.SaveRegistryVersion(ctx, "a-value", 1, 1, false))
		must(t, s.SaveRegistryVersion(ctx, "a-value", 2, 2, false))
		must(t, s.SaveRegistryVersion(ctx, "b-value", 1, 2, false))
		must(t, s.SaveRegistryConfig(ctx, "", "FULL"))
		must(t, s.SaveRegistryConfig(ctx, "a-value", "NONE"))
		want := Rows{
			Schemas:  []SchemaRow{{1, textA}, {2, textB}},
			Versions: []VersionRow{{"a-value", 1, 1, false}, {"a-value", 2, 2, false}, {"b-value", 1, 2, false}},
			Configs:  []ConfigRow{{"", "FULL"}, {"a-value", "NONE"}},
		}
		expect(t, s, want)
	})

	t.Run("schema save is idempotent and texts never change", func(t *testing.T) {
		s := open(t)
		must(t, s.SaveRegistrySchema(ctx, 1, textA))
		must(t, s.SaveRegistrySchema(ctx, 1, textA))
		if err := s.SaveRegistrySchema(ctx, 1, textB); !errors.Is(err, catalog.ErrDuplicate) {
			t.Errorf("saving id 1 with another text = %v, want catalog.ErrDuplicate", err)
		}
		expect(t, s, Rows{Schemas: []SchemaRow{{1, textA}}})
	})

	t.Run("soft delete replaces the version row", func(t *testing.T) {
		s := open(t)
		must(t, s.SaveRegistrySchema(ctx, 1, textA))
		must(t, s.SaveRegistryVersion(ctx, "a-value", 1, 1, false))
		must(t, s.SaveRegistryVersion(ctx, "a-value", 1, 1, true))
		expect(t, s, Rows{Schemas: []SchemaRow{{1, textA}}, Versions: []VersionRow{{"a-value", 1, 1, true}}})
	})

	t.Run("config replace and delete", func(t *testing.T) {
		s := open(t)
		must(t, s.SaveRegistryConfig(ctx, "a-value", "FORWARD"))
		must(t, s.SaveRegistryConfig(ctx, "a-value", "BACKWARD_TRANSITIVE"))
		must(t, s.SaveRegistryConfig(ctx, "", "FULL"))
		must(t, s.SaveRegistryConfig(ctx, "", ""))
		must(t, s.SaveRegistryConfig(ctx, "never-set", ""))
		expect(t, s, Rows{Configs: []ConfigRow{{"a-value", "BACKWARD_TRANSITIVE"}}})
	})

	t.Run("cancelled context", func(t *testing.T) {
		s := open(t)
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.SaveRegistrySchema(cancelled, 1, textA); err == nil {
			t.Error("SaveRegistrySchema with a cancelled context succeeded")
		}
	})

	t.Run("persists", func(t *testing.T) {
		if reopen == nil {
			t.Skip("the store has no second handle on its data")
		}
		s := open(t)
		must(t, s.SaveRegistrySchema(ctx, 7, textB))
		must(t, s.SaveRegistryVersion(ctx, "a-value", 3, 7, true))
		must(t, s.SaveRegistryConfig(ctx, "", "NONE"))
		expect(t, reopen(t, s), Rows{
			Schemas:  []SchemaRow{{7, textB}},
			Versions: []VersionRow{{"a-value", 3, 7, true}},
			Configs:  []ConfigRow{{"", "NONE"}},
		})
	})

	t.Run("registry restarts on it with the same ids", func(t *testing.T) {
		s := open(t)
		first := registerOver(t, s, "a-value", textB)
		second := s
		if reopen != nil {
			second = reopen(t, s)
		}
		if again := registerOver(t, second, "b-value", textB); again != first {
			t.Errorf("schema id after restart = %d, want %d", again, first)
		}
	})
}

// registerOver starts a Registry on s, registers text under subject over
// HTTP and returns the id.
func registerOver(t *testing.T, s schema.RegistryStore, subject, text string) int {
	t.Helper()
	reg, err := schema.NewRegistry(t.Context(), s, nil)
	must(t, err)
	srv := httptest.NewServer(reg)
	defer srv.Close()
	body, err := json.Marshal(map[string]string{"schema": text})
	must(t, err)
	resp, err := srv.Client().Post(srv.URL+"/subjects/"+subject+"/versions", "application/vnd.schemaregistry.v1+json", bytes.NewReader(body))
	must(t, err)
	defer resp.Body.Close()
	var out struct {
		ID int `json:"id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("register: status %d, %v", resp.StatusCode, err)
	}
	return out.ID
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func expect(t *testing.T, s schema.RegistryStore, want Rows) {
	t.Helper()
	got, err := Load(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got %+v\nwant %+v", got, want)
	}
}
