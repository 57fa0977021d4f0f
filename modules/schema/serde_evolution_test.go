package schema_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

const eventsSubject = "product-events-value"

// variantOf returns the embedded ProductEvent schema with fields dropped
// and added: an older or newer version of it.
func variantOf(t *testing.T, drop []string, add ...map[string]any) string {
	t.Helper()
	text, err := schema.SchemaText(catalog.ProductEvent{})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	var fields []any
	for _, f := range doc["fields"].([]any) {
		if !slices.Contains(drop, f.(map[string]any)["name"].(string)) {
			fields = append(fields, f)
		}
	}
	for _, f := range add {
		fields = append(fields, f)
	}
	doc["fields"] = fields
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// writeWith encodes v with schema text in the wire format under id, as a
// producer built with that schema version would.
func writeWith(t *testing.T, text string, id int, v any) []byte {
	t.Helper()
	sch, err := avro.ParseWithCache(text, "", &avro.SchemaCache{})
	if err != nil {
		t.Fatal(err)
	}
	body, err := avro.Marshal(sch, v)
	if err != nil {
		t.Fatal(err)
	}
	b := binary.BigEndian.AppendUint32([]byte{0}, uint32(id))
	return append(b, body...)
}

// TestDecodeOlderWriter: a record written with version 1 of the subject,
// before gtin, compare_at_minor and source_run existed and while a since
// removed field did, decodes with the embedded (newer) schema; the new
// fields take their defaults.
func TestDecodeOlderWriter(t *testing.T) {
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	v1 := variantOf(t, []string{"gtin", "compare_at_minor", "source_run"},
		map[string]any{"name": "legacy_note", "type": "string", "doc": "removed in v2"})
	v1ID, err := cl.RegisterSchema(t.Context(), eventsSubject, sr.Schema{Schema: v1}, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	type v1Event struct {
		catalog.ProductEvent
		LegacyNote string `avro:"legacy_note"`
	}
	old := v1Event{ProductEvent: sampleEvent(), LegacyNote: "gone"}
	b := writeWith(t, v1, v1ID, old)

	serde, err := schema.Register(t.Context(), cl, schema.DefaultTopics())
	if err != nil {
		t.Fatal(err)
	}
	if versions, _ := cl.SubjectVersions(t.Context(), eventsSubject); len(versions) != 2 {
		t.Fatalf("versions of %s = %v, want the old one and the embedded one", eventsSubject, versions)
	}
	var got catalog.ProductEvent
	if err := serde.Decode(b, &got); err != nil {
		t.Fatal(err)
	}
	want := sampleEvent()
	want.GTIN, want.CompareAtMinor, want.SourceRun = "", nil, ""
	if !reflect.DeepEqual(got, want) {
		t.Errorf("v1 record read as v2\n got %+v\nwant %+v", got, want)
	}
	if enc, _ := serde.Encode(sampleEvent()); mustID(t, enc) == v1ID {
		t.Error("Encode writes the old schema id")
	}
}

// TestLearnNewerWriter: a producer registers a newer version (an added
// optional field) after this Serde was built; Decode refuses its records
// until Learn fetches the schema, then reads them, ignoring the new field.
func TestLearnNewerWriter(t *testing.T) {
	serde, cl := registeredSerde(t)
	v3 := variantOf(t, nil, map[string]any{
		"name": "sale_ends_at", "type": []any{"null", map[string]any{"type": "long", "logicalType": "timestamp-micros"}},
		"default": nil, "doc": "added in v3",
	})
	v3ID, err := cl.RegisterSchema(t.Context(), eventsSubject, sr.Schema{Schema: v3}, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	type v3Event struct {
		catalog.ProductEvent
		SaleEndsAt *int64 `avro:"sale_ends_at"`
	}
	b := writeWith(t, v3, v3ID, v3Event{ProductEvent: sampleEvent(), SaleEndsAt: ptr(int64(1))})

	var got catalog.ProductEvent
	var unknown *schema.UnknownSchemaError
	if err := serde.Decode(b, &got); !errors.As(err, &unknown) || unknown.ID != v3ID {
		t.Fatalf("Decode before Learn = %v, want UnknownSchemaError %d", err, v3ID)
	}
	if err := serde.Learn(t.Context(), v3ID); err != nil {
		t.Fatal(err)
	}
	if err := serde.Decode(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sampleEvent()) {
		t.Errorf("v3 record read as v2\n got %+v\nwant %+v", got, sampleEvent())
	}
	if err := serde.Learn(t.Context(), v3ID); err != nil {
		t.Errorf("Learn of a known id = %v", err)
	}
}

func TestLearnFailures(t *testing.T) {
	_, srv, cl := registryServer(t, schema.NewMemoryStore())
	serde, err := schema.Register(t.Context(), cl, schema.DefaultTopics())
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := cl.RegisterSchema(t.Context(), "other-value",
		sr.Schema{Schema: `{"type":"record","name":"Thing","namespace":"com.other","fields":[{"name":"a","type":"int"}]}`}, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	unreadable, err := cl.RegisterSchema(t.Context(), "other2-value",
		sr.Schema{Schema: variantOf(t, []string{"price_minor"}, map[string]any{"name": "price_minor", "type": "string", "doc": "x"})}, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		id   int
	}{
		{"id the registry does not have", 999},
		{"another record", foreign},
		{"a ProductEvent that does not resolve", unreadable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := serde.Learn(t.Context(), tt.id); !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("Learn(%d) = %v, want ErrInvalid", tt.id, err)
			}
		})
	}
	srv.Close()
	if err := serde.Learn(t.Context(), 1000); err == nil || errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Learn with the registry down = %v, want a transport error, not ErrInvalid", err)
	}
}

// TestRegisterIdempotent: registering again (a restart) keeps ids and adds
// no versions.
func TestRegisterIdempotent(t *testing.T) {
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	var ids []int
	for range 2 {
		serde, err := schema.Register(t.Context(), cl, schema.DefaultTopics())
		if err != nil {
			t.Fatal(err)
		}
		b, err := serde.Encode(sampleEvent())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, mustID(t, b))
	}
	if ids[0] != ids[1] {
		t.Errorf("ids across registrations = %v, want equal", ids)
	}
	for _, subject := range []string{"product-events-value", "normalized-products-value", "price-updates-value"} {
		if versions, err := cl.SubjectVersions(t.Context(), subject); err != nil || len(versions) != 1 {
			t.Errorf("versions of %s = %v, %v; want one", subject, versions, err)
		}
	}
}

// TestRegisterRefusedWhenIncompatible: the embedded schema cannot read the
// subject's latest version, so the registry refuses it and Register fails.
func TestRegisterRefusedWhenIncompatible(t *testing.T) {
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	old := variantOf(t, []string{"price_minor"}, map[string]any{"name": "price_minor", "type": "string", "doc": "x"})
	if _, err := cl.RegisterSchema(t.Context(), eventsSubject, sr.Schema{Schema: old}, -1, -1); err != nil {
		t.Fatal(err)
	}
	_, err := schema.Register(t.Context(), cl, schema.DefaultTopics())
	var re *sr.ResponseError
	if !errors.As(err, &re) || re.ErrorCode != 409 {
		t.Fatalf("Register over an incompatible subject = %v, want the registry's 409", err)
	}
}

// TestRegisterSkipsUnresolvableVersions: under NONE a subject can hold a
// version the embedded schema cannot read; Register still succeeds and
// records of that version stay unknown (dead-letter queue).
func TestRegisterSkipsUnresolvableVersions(t *testing.T) {
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	if res := cl.SetCompatibility(t.Context(), sr.SetCompatibility{Level: sr.CompatNone}, eventsSubject); res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	old := variantOf(t, []string{"price_minor"}, map[string]any{"name": "price_minor", "type": "string", "doc": "x"})
	oldID, err := cl.RegisterSchema(t.Context(), eventsSubject, sr.Schema{Schema: old}, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	serde, err := schema.Register(t.Context(), cl, schema.DefaultTopics())
	if err != nil {
		t.Fatal(err)
	}
	header := binary.BigEndian.AppendUint32([]byte{0}, uint32(oldID))
	var ev catalog.ProductEvent
	var unknown *schema.UnknownSchemaError
	if err := serde.Decode(append(header, 2, 's'), &ev); !errors.As(err, &unknown) || unknown.ID != oldID {
		t.Errorf("Decode of an unresolvable version = %v, want UnknownSchemaError %d", err, oldID)
	}
}

func TestRegisterValidatesTopics(t *testing.T) {
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	topics := schema.DefaultTopics()
	topics.PriceUpdates = topics.ProductEvents
	if _, err := schema.Register(t.Context(), cl, topics); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Register with a repeated topic = %v, want ErrInvalid", err)
	}
}

func mustID(t *testing.T, b []byte) int {
	t.Helper()
	id, err := schema.SchemaID(b)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestReleasedProductEventV1: the product-events schema as first released
// (testdata/product_event.v1.avsc, before handle and tags) registers
// before the embedded one under BACKWARD compatibility, as it does in every
// data dir made by that release, and its records read with handle "" and
// no tags.
func TestReleasedProductEventV1(t *testing.T) {
	v1, err := os.ReadFile(filepath.Join("testdata", "product_event.v1.avsc"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, cl := registryServer(t, schema.NewMemoryStore())
	v1ID, err := cl.RegisterSchema(t.Context(), eventsSubject, sr.Schema{Schema: string(v1)}, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	old := sampleEvent()
	old.Handle, old.Tags = "", nil
	b := writeWith(t, string(v1), v1ID, old)
	serde, err := schema.Register(t.Context(), cl, schema.DefaultTopics())
	if err != nil {
		t.Fatalf("registering the current schema after the released one: %v", err)
	}
	var got catalog.ProductEvent
	if err := serde.Decode(b, &got); err != nil {
		t.Fatal(err)
	}
	want := old
	want.Tags = []string{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("released v1 record\n got %+v\nwant %+v", got, want)
	}
}
