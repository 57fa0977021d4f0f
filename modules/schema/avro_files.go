package schema

import (
	"embed"
	"fmt"
	"reflect"

	"github.com/skatestock/skatestock/modules/catalog"
)

// avroFiles holds the .avsc files: the source of truth for the topics'
// records, readable by tools in any language.
//
//go:embed avro/*.avsc
var avroFiles embed.FS

// definition binds one embedded schema to the Go type it maps and the topic
// whose values it describes.
type definition struct {
	file     string       // path inside avroFiles
	fullName string       // the record's full Avro name
	typ      reflect.Type // the Go struct the record decodes into
	topic    func(Topics) string
}

// definitions lists every embedded schema, one per topic value.
func definitions() []definition {
	return []definition{
		{
			file: "avro/product_event.avsc", fullName: "com.skatestock.v1.ProductEvent",
			typ: reflect.TypeFor[catalog.ProductEvent](), topic: func(t Topics) string { return t.ProductEvents },
		},
		{
			file: "avro/normalized_product.avsc", fullName: "com.skatestock.v1.NormalizedProduct",
			typ: reflect.TypeFor[NormalizedProduct](), topic: func(t Topics) string { return t.NormalizedProducts },
		},
		{
			file: "avro/price_update.avsc", fullName: "com.skatestock.v1.PriceUpdate",
			typ: reflect.TypeFor[PriceUpdate](), topic: func(t Topics) string { return t.PriceUpdates },
		},
	}
}

// SchemaText returns the canonical JSON text of the embedded schema for the
// record type of v (a catalog.ProductEvent, NormalizedProduct or PriceUpdate,
// or a pointer to one): the text Register sends to the registry.
func SchemaText(v any) (string, error) {
	typ := reflect.TypeOf(v)
	if typ != nil && typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	for _, d := range definitions() {
		if d.typ == typ {
			_, text, err := d.load()
			return text, err
		}
	}
	return "", fmt.Errorf("%w schema: %T is not a SkateStock topic record", catalog.ErrInvalid, v)
}
