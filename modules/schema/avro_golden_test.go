package schema_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/hamba/avro/v2"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

var update = flag.Bool("update", false, "rewrite the golden canonical schemas under testdata/")

// records lists each embedded schema file with a value of its Go type.
var records = []struct {
	file  string
	value any
}{
	{"product_event.avsc", catalog.ProductEvent{}},
	{"normalized_product.avsc", schema.NormalizedProduct{}},
	{"price_update.avsc", schema.PriceUpdate{}},
}

// TestSchemaGolden pins the canonical text of every embedded schema: a
// schema change must show up in review as a changed golden file (go test
// ./modules/schema -run TestSchemaGolden -update), next to the compatibility
// it needs.
func TestSchemaGolden(t *testing.T) {
	for _, rec := range records {
		t.Run(rec.file, func(t *testing.T) {
			text, err := schema.SchemaText(rec.value)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", strings.TrimSuffix(rec.file, ".avsc")+".canonical.json")
			if *update {
				if err := os.WriteFile(golden, []byte(text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if text+"\n" != string(want) {
				t.Errorf("canonical schema changed; review it and rerun with -update\n got: %s\nwant: %s", text, want)
			}
			again, err := avro.ParseWithCache(text, "", &avro.SchemaCache{})
			if err != nil {
				t.Fatalf("canonical text does not parse: %v", err)
			}
			if b, _ := again.(json.Marshaler).MarshalJSON(); string(b) != text {
				t.Errorf("canonical text is not a fixed point:\n%s\n%s", text, b)
			}
		})
	}
}

// TestSchemaFilesShape checks the .avsc files as written: namespace, a doc
// on every record and field, logical types inside the type object, and
// record fields named and ordered as the Go struct's avro tags.
func TestSchemaFilesShape(t *testing.T) {
	for _, rec := range records {
		t.Run(rec.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("avro", rec.file))
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			if doc["namespace"] != "com.skatestock.v1" {
				t.Errorf("namespace = %v, want com.skatestock.v1", doc["namespace"])
			}
			checkNode(t, rec.file, doc)
			sch, err := avro.ParseWithCache(string(raw), "", &avro.SchemaCache{})
			if err != nil {
				t.Fatal(err)
			}
			checkFieldsMatch(t, sch.(*avro.RecordSchema), reflect.TypeOf(rec.value))
		})
	}
}

// checkNode walks a schema's JSON. A logicalType beside a field's type
// (rather than inside it) is silently ignored by Avro libraries, leaving a
// plain long that time.Time does not map to.
func checkNode(t *testing.T, path string, node any) {
	t.Helper()
	switch n := node.(type) {
	case []any:
		for i, item := range n {
			checkNode(t, path+"["+strconv.Itoa(i)+"]", item)
		}
	case map[string]any:
		if n["type"] == "record" {
			if d, _ := n["doc"].(string); d == "" {
				t.Errorf("%s: record %v has no doc", path, n["name"])
			}
			fields, _ := n["fields"].([]any)
			for _, f := range fields {
				field := f.(map[string]any)
				name, _ := field["name"].(string)
				if d, _ := field["doc"].(string); d == "" {
					t.Errorf("%s.%s: field has no doc", path, name)
				}
				if _, beside := field["logicalType"]; beside {
					t.Errorf("%s.%s: logicalType sits beside the type; put it inside the type object", path, name)
				}
				checkNode(t, path+"."+name, field["type"])
			}
			return
		}
		if lt, ok := n["logicalType"]; ok {
			if lt == "timestamp-micros" && n["type"] != "long" {
				t.Errorf("%s: timestamp-micros on %v, want long", path, n["type"])
			}
		}
		for _, key := range []string{"items", "values"} {
			if v, ok := n[key]; ok {
				checkNode(t, path+"."+key, v)
			}
		}
	}
}

// checkFieldsMatch compares the fields of a record with the avro tags of
// its Go struct, recursing into nested records.
func checkFieldsMatch(t *testing.T, rec *avro.RecordSchema, typ reflect.Type) {
	t.Helper()
	var tags []string
	for i := range typ.NumField() {
		tags = append(tags, typ.Field(i).Tag.Get("avro"))
	}
	var names []string
	for _, f := range rec.Fields() {
		names = append(names, f.Name())
	}
	if !reflect.DeepEqual(names, tags) {
		t.Fatalf("%s fields\n got %v\nwant %v (the avro tags of %s, in order)", rec.FullName(), names, tags, typ)
	}
	for i, f := range rec.Fields() {
		ft := typ.Field(i).Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if nested := recordOf(f.Type()); nested != nil && ft.Kind() == reflect.Struct {
			checkFieldsMatch(t, nested, ft)
		}
		if typ.Field(i).Type.String() == "time.Time" {
			p, ok := f.Type().(*avro.PrimitiveSchema)
			if !ok || p.Logical() == nil || p.Logical().Type() != avro.TimestampMicros {
				t.Errorf("%s.%s is a time.Time but its schema is %s, want timestamp-micros", rec.FullName(), f.Name(), f.Type())
			}
		}
	}
}

// recordOf finds the record in s: s itself, an array's items or a union's
// non-null branch.
func recordOf(s avro.Schema) *avro.RecordSchema {
	switch x := s.(type) {
	case *avro.RecordSchema:
		return x
	case *avro.RefSchema:
		return recordOf(x.Schema())
	case *avro.ArraySchema:
		return recordOf(x.Items())
	case *avro.UnionSchema:
		for _, branch := range x.Types() {
			if r := recordOf(branch); r != nil {
				return r
			}
		}
	}
	return nil
}

// TestPriceStateSharedDefinition: NormalizedProduct and PriceUpdate define
// com.skatestock.v1.PriceState separately (one subject each); the two must
// stay identical, since one Go type maps both.
func TestPriceStateSharedDefinition(t *testing.T) {
	var defs []string
	for _, v := range []any{schema.NormalizedProduct{}, schema.PriceUpdate{}} {
		text, err := schema.SchemaText(v)
		if err != nil {
			t.Fatal(err)
		}
		start := strings.Index(text, `{"name":"com.skatestock.v1.PriceState"`)
		if start < 0 {
			t.Fatalf("%T: no PriceState definition", v)
		}
		depth, end := 0, start
		for i := start; i < len(text); i++ {
			if text[i] == '{' {
				depth++
			} else if text[i] == '}' {
				depth--
				if depth == 0 {
					end = i + 1
					break
				}
			}
		}
		defs = append(defs, text[start:end])
	}
	if defs[0] != defs[1] {
		t.Errorf("PriceState differs:\n%s\n%s", defs[0], defs[1])
	}
}

func TestSchemaTextUnknownType(t *testing.T) {
	if _, err := schema.SchemaText(struct{}{}); err == nil {
		t.Fatal("SchemaText(struct{}{}) succeeded")
	}
}
