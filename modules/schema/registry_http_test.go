package schema_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/hamba/avro/v2"

	"github.com/skatestock/skatestock/modules/schema"
)

// call sends a request to srv and returns the status and decoded JSON body,
// failing on a wrong content type.
func call(t *testing.T, srv *httptest.Server, method, path string, body any) (int, any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/vnd.schemaregistry.v1+json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.schemaregistry.v1+json" {
		t.Errorf("%s %s: Content-Type = %q", method, path, ct)
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: body %q is not JSON: %v", method, path, raw, err)
	}
	return resp.StatusCode, out
}

// record builds a record schema named t.R from field JSON snippets.
func record(fields ...string) string {
	return `{"type":"record","name":"R","namespace":"t","fields":[` + strings.Join(fields, ",") + `]}`
}

const (
	fieldA        = `{"name":"a","type":"string"}`
	fieldB        = `{"name":"b","type":"string"}`
	fieldBDefault = `{"name":"b","type":"string","default":""}`
	fieldC        = `{"name":"c","type":"long"}`
	fieldCDefault = `{"name":"c","type":"long","default":0}`
	fieldAInt     = `{"name":"a","type":"int"}`
)

func body(schemaText string) map[string]any { return map[string]any{"schema": schemaText} }

// mustRegister registers text under subject and returns its id.
func mustRegister(t *testing.T, srv *httptest.Server, subject, text string) int {
	t.Helper()
	status, out := call(t, srv, "POST", "/subjects/"+subject+"/versions", body(text))
	if status != http.StatusOK {
		t.Fatalf("register under %s: %d %v", subject, status, out)
	}
	return int(out.(map[string]any)["id"].(float64))
}

func TestRegistryErrorShapes(t *testing.T) {
	_, srv, _ := registryServer(t, schema.NewMemoryStore())
	mustRegister(t, srv, "s", record(fieldA))
	tests := []struct {
		method, path string
		body         any
		status, code int
		message      string
	}{
		{"GET", "/subjects/nope/versions", nil, 404, 40401, "Subject 'nope' not found."},
		{"GET", "/subjects/nope/versions/latest", nil, 404, 40401, "Subject 'nope' not found."},
		{"POST", "/subjects/nope", body(record(fieldA)), 404, 40401, "Subject 'nope' not found."},
		{"DELETE", "/subjects/nope", nil, 404, 40401, "Subject 'nope' not found."},
		{"GET", "/subjects/s/versions/7", nil, 404, 40402, "Version 7 not found."},
		{"GET", "/schemas/ids/99", nil, 404, 40403, "Schema 99 not found"},
		{"GET", "/schemas/ids/x/schema", nil, 404, 40403, "Schema x not found"},
		{"POST", "/subjects/s", body(record(fieldA, fieldBDefault)), 404, 40403, "Schema not found"},
		{"GET", "/config/s", nil, 404, 40408, "does not have subject-level compatibility configured"},
		{"POST", "/subjects/s/versions", body(record(fieldA, fieldB)), 409, 409, "incompatible with an earlier schema"},
		{"POST", "/subjects/s/versions", body(`{"type":"record","name":"R"}`), 422, 42201, "Invalid schema"},
		{"POST", "/subjects/s/versions", body(`not json`), 422, 42201, "Invalid schema"},
		{"POST", "/subjects/s/versions", body(`{"type":"record","name":"R","fields":[{"name":"x","type":"t.Undefined"}]}`), 422, 42201, "Invalid schema"},
		{"POST", "/subjects/s/versions", map[string]any{"schema": "{}", "schemaType": "PROTOBUF"}, 422, 42201, "only AVRO"},
		{"POST", "/subjects/s/versions", map[string]any{"schema": record(fieldA), "references": []any{map[string]any{"name": "x"}}}, 422, 42201, "references"},
		{"POST", "/subjects/s/versions", "not an object", 422, 42201, "Invalid request body"},
		{"GET", "/subjects/s/versions/abc", nil, 422, 42202, "'abc' is not a valid version"},
		{"GET", "/subjects/s/versions/0", nil, 422, 42202, "'0' is not a valid version"},
		{"PUT", "/config", map[string]any{"compatibility": "SIDEWAYS"}, 422, 42203, "Invalid compatibility level"},
		{"DELETE", "/subjects/s?permanent=true", nil, 422, 42205, "only soft-deletes"},
		{"GET", "/no/such/route", nil, 404, 404, "HTTP 404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			status, out := call(t, srv, tt.method, tt.path, tt.body)
			m, _ := out.(map[string]any)
			if status != tt.status || m["error_code"] != float64(tt.code) {
				t.Fatalf("got %d %v, want %d with error_code %d", status, out, tt.status, tt.code)
			}
			if msg, _ := m["message"].(string); !strings.Contains(msg, tt.message) {
				t.Errorf("message %q does not contain %q", msg, tt.message)
			}
			if len(m) != 2 {
				t.Errorf("error body %v has fields beyond error_code and message", m)
			}
		})
	}
}

// TestRegistryIDs: ids are global, stable and keyed by the canonical schema.
func TestRegistryIDs(t *testing.T) {
	_, srv, _ := registryServer(t, schema.NewMemoryStore())
	compact := record(fieldA)
	spaced := "{\n  \"namespace\": \"t\", \"type\": \"record\",\n  \"name\": \"R\",\n  \"fields\": [ {\"type\": \"string\", \"name\": \"a\"} ]\n}"
	fullName := `{"type":"record","name":"t.R","fields":[{"name":"a","type":"string"}]}`
	documented := `{"type":"record","name":"R","namespace":"t","doc":"now with docs","fields":[{"name":"a","type":"string"}]}`

	id := mustRegister(t, srv, "one", compact)
	for _, tt := range []struct {
		name, subject, text string
		sameID              bool
	}{
		{"same text again", "one", compact, true},
		{"whitespace and key order", "one", spaced, true},
		{"namespace folded into the name", "one", fullName, true},
		{"same schema in another subject", "two", spaced, true},
		{"a doc makes another schema", "one", documented, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustRegister(t, srv, tt.subject, tt.text); (got == id) != tt.sameID {
				t.Errorf("id = %d, first id %d, want same: %v", got, id, tt.sameID)
			}
		})
	}
	if _, out := call(t, srv, "GET", "/subjects/one/versions", nil); !reflect.DeepEqual(out, []any{1.0, 2.0}) {
		t.Errorf("versions of one = %v, want [1 2]: re-registering adds no version", out)
	}
	if _, out := call(t, srv, "POST", "/subjects/two", body(compact)); !reflect.DeepEqual(out,
		map[string]any{"subject": "two", "version": 1.0, "id": float64(id), "schema": canonical(t, compact)}) {
		t.Errorf("lookup = %v", out)
	}
	if _, out := call(t, srv, "GET", "/schemas/ids/"+itoa(id)+"/versions", nil); !reflect.DeepEqual(out, []any{
		map[string]any{"subject": "one", "version": 1.0}, map[string]any{"subject": "two", "version": 1.0},
	}) {
		t.Errorf("usages = %v", out)
	}
	if _, out := call(t, srv, "GET", "/schemas/ids/"+itoa(id)+"/subjects", nil); !reflect.DeepEqual(out, []any{"one", "two"}) {
		t.Errorf("subjects of id = %v", out)
	}
	if _, out := call(t, srv, "GET", "/schemas/ids/"+itoa(id), nil); !reflect.DeepEqual(out, map[string]any{"schema": canonical(t, compact)}) {
		t.Errorf("schema by id = %v", out)
	}
	if _, out := call(t, srv, "GET", "/schemas/ids/"+itoa(id)+"/schema", nil); out.(map[string]any)["name"] != "t.R" {
		t.Errorf("raw schema by id = %v", out)
	}
	if _, out := call(t, srv, "GET", "/subjects", nil); !reflect.DeepEqual(out, []any{"one", "two"}) {
		t.Errorf("subjects = %v", out)
	}
}

func TestRegistryVersionsAndSoftDelete(t *testing.T) {
	_, srv, _ := registryServer(t, schema.NewMemoryStore())
	v1 := mustRegister(t, srv, "s", record(fieldA))
	v2 := mustRegister(t, srv, "s", record(fieldA, fieldBDefault))
	check := func(path string, want any) {
		t.Helper()
		if _, got := call(t, srv, "GET", path, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("GET %s = %v, want %v", path, got, want)
		}
	}
	latest := map[string]any{"subject": "s", "version": 2.0, "id": float64(v2), "schema": canonical(t, record(fieldA, fieldBDefault))}
	check("/subjects/s/versions", []any{1.0, 2.0})
	check("/subjects/s/versions/latest", latest)
	check("/subjects/s/versions/-1", latest)
	check("/subjects/s/versions/2", latest)
	if _, got := call(t, srv, "GET", "/subjects/s/versions/1/schema", nil); got.(map[string]any)["name"] != "t.R" {
		t.Errorf("raw version 1 = %v", got)
	}

	if _, got := call(t, srv, "DELETE", "/subjects/s/versions/latest", nil); got != 2.0 {
		t.Errorf("delete latest = %v, want 2", got)
	}
	check("/subjects/s/versions", []any{1.0})
	check("/subjects/s/versions?deleted=true", []any{1.0, 2.0})
	if status, _ := call(t, srv, "GET", "/subjects/s/versions/2", nil); status != 404 {
		t.Errorf("deleted version 2: status %d, want 404", status)
	}
	if status, _ := call(t, srv, "GET", "/subjects/s/versions/2?deleted=true", nil); status != 200 {
		t.Errorf("deleted version 2 with deleted=true: status %d, want 200", status)
	}

	if _, got := call(t, srv, "DELETE", "/subjects/s", nil); !reflect.DeepEqual(got, []any{1.0}) {
		t.Errorf("delete subject = %v, want [1]", got)
	}
	check("/subjects", []any{})
	check("/subjects?deleted=true", []any{"s"})
	if status, _ := call(t, srv, "GET", "/subjects/s/versions", nil); status != 404 {
		t.Errorf("versions of a deleted subject: status %d, want 404", status)
	}
	// Re-registering after a delete continues the version numbers and
	// reuses the global id.
	if id := mustRegister(t, srv, "s", record(fieldA)); id != v1 {
		t.Errorf("id after re-registering = %d, want %d", id, v1)
	}
	check("/subjects/s/versions", []any{3.0})
}

func TestRegistryConfig(t *testing.T) {
	_, srv, _ := registryServer(t, schema.NewMemoryStore())
	steps := []struct {
		method, path string
		body         any
		want         any
	}{
		{"GET", "/config", nil, map[string]any{"compatibilityLevel": "BACKWARD"}},
		{"PUT", "/config", map[string]any{"compatibility": "full"}, map[string]any{"compatibility": "FULL"}},
		{"GET", "/config", nil, map[string]any{"compatibilityLevel": "FULL"}},
		{"PUT", "/config/s", map[string]any{"compatibility": "FORWARD_TRANSITIVE"}, map[string]any{"compatibility": "FORWARD_TRANSITIVE"}},
		{"GET", "/config/s", nil, map[string]any{"compatibilityLevel": "FORWARD_TRANSITIVE"}},
		{"DELETE", "/config/s", nil, map[string]any{"compatibilityLevel": "FORWARD_TRANSITIVE"}},
		{"GET", "/config/s?defaultToGlobal=true", nil, map[string]any{"compatibilityLevel": "FULL"}},
		{"GET", "/mode", nil, map[string]any{"mode": "READWRITE"}},
		{"GET", "/schemas/types", nil, []any{"AVRO"}},
		{"GET", "/", nil, map[string]any{}},
	}
	for _, s := range steps {
		status, got := call(t, srv, s.method, s.path, s.body)
		if status != 200 || !reflect.DeepEqual(got, s.want) {
			t.Errorf("%s %s = %d %v, want %v", s.method, s.path, status, got, s.want)
		}
	}
}

func TestRegistryCompatibilityEndpoint(t *testing.T) {
	_, srv, _ := registryServer(t, schema.NewMemoryStore())
	mustRegister(t, srv, "s", record(fieldA))
	mustRegister(t, srv, "s", record(fieldA, fieldBDefault))
	tests := []struct {
		path, text string
		compatible bool
	}{
		{"/compatibility/subjects/s/versions/latest", record(fieldA, fieldBDefault, fieldCDefault), true},
		{"/compatibility/subjects/s/versions/latest", record(fieldA, fieldBDefault, fieldC), false},
		{"/compatibility/subjects/s/versions/1", record(fieldA, fieldB), false},
		{"/compatibility/subjects/s/versions/2", record(fieldA, fieldB), true},
		{"/compatibility/subjects/s/versions", record(fieldA, fieldB), false}, // against every version
		{"/compatibility/subjects/new/versions", record(fieldC), true},
	}
	for _, tt := range tests {
		status, out := call(t, srv, "POST", tt.path, body(tt.text))
		m, _ := out.(map[string]any)
		msgs, _ := m["messages"].([]any)
		if status != 200 || m["is_compatible"] != tt.compatible || msgs == nil || (len(msgs) == 0) != tt.compatible {
			t.Errorf("POST %s %s = %d %v, want is_compatible %v with messages when not", tt.path, tt.text, status, out, tt.compatible)
		}
	}
	if status, out := call(t, srv, "POST", "/compatibility/subjects/nope/versions/latest", body(record(fieldA))); status != 404 ||
		out.(map[string]any)["error_code"] != 40401.0 {
		t.Errorf("compatibility with a missing subject = %d %v, want 40401", status, out)
	}
}

// canonical is the form the registry keeps and returns text in.
func canonical(t *testing.T, text string) string {
	t.Helper()
	sch, err := avro.ParseWithCache(text, "", &avro.SchemaCache{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := sch.(json.Marshaler).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
