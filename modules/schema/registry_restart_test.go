package schema_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/skatestock/skatestock/modules/schema"
)

// TestRegistryRestartKeepsState: a registry started on the store of another
// serves the same ids, versions, deletions and levels, and continues ids.
func TestRegistryRestartKeepsState(t *testing.T) {
	store := schema.NewMemoryStore()
	_, first, _ := registryServer(t, store)
	idA := mustRegister(t, first, "s", record(fieldA))
	idB := mustRegister(t, first, "s", record(fieldA, fieldBDefault))
	mustRegister(t, first, "gone", record(fieldC))
	call(t, first, "DELETE", "/subjects/gone", nil)
	call(t, first, "PUT", "/config", map[string]any{"compatibility": "FULL"})
	call(t, first, "PUT", "/config/s", map[string]any{"compatibility": "NONE"})
	paths := []string{
		"/subjects", "/subjects?deleted=true", "/subjects/s/versions", "/subjects/s/versions/1",
		"/subjects/s/versions/latest", "/subjects/gone/versions?deleted=true", "/config", "/config/s",
		"/schemas/ids/1", "/schemas/ids/2", "/schemas/ids/3",
	}
	before := make(map[string]any)
	for _, p := range paths {
		_, before[p] = call(t, first, "GET", p, nil)
	}
	first.Close()

	_, second, _ := registryServer(t, store)
	for _, p := range paths {
		if _, got := call(t, second, "GET", p, nil); !reflect.DeepEqual(got, before[p]) {
			t.Errorf("after restart GET %s = %v, want %v", p, got, before[p])
		}
	}
	if id := mustRegister(t, second, "other", record(fieldA)); id != idA {
		t.Errorf("known schema in a new subject got id %d, want %d", id, idA)
	}
	if id := mustRegister(t, second, "s", record(fieldA, fieldBDefault)); id != idB {
		t.Errorf("re-registering got id %d, want %d", id, idB)
	}
	if id := mustRegister(t, second, "s", record(fieldB)); id != 4 {
		t.Errorf("new schema got id %d, want 4: ids continue after the stored ones", id)
	}
}

// TestRegistryRestartWithFranzClient proves the restart through Register:
// the Serde's ids do not change.
func TestRegistryRestartWithFranzClient(t *testing.T) {
	store := schema.NewMemoryStore()
	var ids []int
	for range 2 {
		_, srv, cl := registryServer(t, store)
		serde, err := schema.Register(t.Context(), cl, schema.DefaultTopics())
		if err != nil {
			t.Fatal(err)
		}
		b, err := serde.Encode(schema.PriceUpdate{Shop: "s"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, mustID(t, b))
		srv.Close()
	}
	if ids[0] != ids[1] {
		t.Errorf("price-updates id across restarts = %v", ids)
	}
}

// flakyStore fails writes while failing is set.
type flakyStore struct {
	*schema.MemoryStore
	failing atomic.Bool
}

var errDiskFull = errors.New("disk full")

func (f *flakyStore) SaveRegistrySchema(ctx context.Context, id int, text string) error {
	if f.failing.Load() {
		return errDiskFull
	}
	return f.MemoryStore.SaveRegistrySchema(ctx, id, text)
}

func (f *flakyStore) SaveRegistryVersion(ctx context.Context, subject string, version, schemaID int, deleted bool) error {
	if f.failing.Load() {
		return errDiskFull
	}
	return f.MemoryStore.SaveRegistryVersion(ctx, subject, version, schemaID, deleted)
}

func (f *flakyStore) SaveRegistryConfig(ctx context.Context, subject, level string) error {
	if f.failing.Load() {
		return errDiskFull
	}
	return f.MemoryStore.SaveRegistryConfig(ctx, subject, level)
}

// TestRegistryStoreFailure: a failed write answers 50001 and changes
// nothing, in memory or after a restart.
func TestRegistryStoreFailure(t *testing.T) {
	store := &flakyStore{MemoryStore: schema.NewMemoryStore()}
	_, srv, _ := registryServer(t, store)
	mustRegister(t, srv, "s", record(fieldA))
	store.failing.Store(true)
	for _, req := range []struct {
		method, path string
		body         any
	}{
		{"POST", "/subjects/s/versions", body(record(fieldA, fieldBDefault))},
		{"DELETE", "/subjects/s", nil},
		{"PUT", "/config", map[string]any{"compatibility": "NONE"}},
	} {
		status, out := call(t, srv, req.method, req.path, req.body)
		if status != http.StatusInternalServerError || out.(map[string]any)["error_code"] != 50001.0 {
			t.Errorf("%s %s with a failing store = %d %v, want 500 / 50001", req.method, req.path, status, out)
		}
	}
	store.failing.Store(false)
	if _, got := call(t, srv, "GET", "/subjects/s/versions", nil); !reflect.DeepEqual(got, []any{1.0}) {
		t.Errorf("versions after failed writes = %v, want [1]", got)
	}
	if _, got := call(t, srv, "GET", "/config", nil); !reflect.DeepEqual(got, map[string]any{"compatibilityLevel": "BACKWARD"}) {
		t.Errorf("config after a failed write = %v", got)
	}
	if id := mustRegister(t, srv, "s", record(fieldA, fieldBDefault)); id != 2 {
		t.Errorf("id after a failed registration = %d, want 2", id)
	}
}

// TestNewRegistryRejectsBrokenStore: rows that do not fit together stop the
// registry from starting rather than serving wrong ids.
func TestNewRegistryRejectsBrokenStore(t *testing.T) {
	for _, tt := range []struct {
		name string
		fill func(*schema.MemoryStore)
	}{
		{"version naming a missing schema", func(m *schema.MemoryStore) {
			_ = m.SaveRegistryVersion(context.Background(), "s", 1, 7, false)
		}},
		{"schema that does not parse", func(m *schema.MemoryStore) {
			_ = m.SaveRegistrySchema(context.Background(), 1, `{"type":"nope"}`)
		}},
		{"unknown level", func(m *schema.MemoryStore) {
			_ = m.SaveRegistryConfig(context.Background(), "", "SIDEWAYS")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := schema.NewMemoryStore()
			tt.fill(store)
			if _, err := schema.NewRegistry(t.Context(), store, nil); err == nil {
				t.Error("NewRegistry succeeded")
			}
		})
	}
	if _, err := schema.NewRegistry(t.Context(), nil, nil); err == nil {
		t.Error("NewRegistry(nil store) succeeded")
	}
}
