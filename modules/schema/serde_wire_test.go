package schema_test

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

func TestWireFormat(t *testing.T) {
	serde, cl := registeredSerde(t)
	for _, tt := range []struct {
		subject string
		value   any
	}{
		{"product-events-value", sampleEvent()},
		{"normalized-products-value", schema.FromListing(sampleListing(), nil)},
		{"price-updates-value", schema.NewPriceUpdate(nil, observation("w-54-red", sampleEvent().ObservedAt, 100, catalog.InStock))},
	} {
		t.Run(tt.subject, func(t *testing.T) {
			latest, err := cl.SchemaByVersion(t.Context(), tt.subject, -1)
			if err != nil {
				t.Fatal(err)
			}
			b, err := serde.Encode(tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if b[0] != 0 {
				t.Errorf("magic byte = %d, want 0", b[0])
			}
			if id := int(binary.BigEndian.Uint32(b[1:5])); id != latest.ID {
				t.Errorf("header schema id = %d, want the registered id %d", id, latest.ID)
			}
			id, err := schema.SchemaID(b)
			if err != nil || id != latest.ID {
				t.Errorf("SchemaID = %d, %v; want %d", id, err, latest.ID)
			}
		})
	}
}

func TestAppendEncodeKeepsPrefix(t *testing.T) {
	serde, _ := registeredSerde(t)
	b, err := serde.AppendEncode([]byte("key:"), sampleEvent())
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:4]) != "key:" || b[4] != 0 {
		t.Errorf("AppendEncode = %q..., want the prefix then the wire header", b[:6])
	}
}

func TestDecodeInvalid(t *testing.T) {
	serde, _ := registeredSerde(t)
	good, err := serde.Encode(sampleEvent())
	if err != nil {
		t.Fatal(err)
	}
	id, _ := schema.SchemaID(good)
	withID := func(id uint32) []byte {
		b := append([]byte(nil), good...)
		binary.BigEndian.PutUint32(b[1:5], id)
		return b
	}
	badMagic := append([]byte{1}, good[1:]...)
	update, err := serde.Encode(schema.PriceUpdate{Shop: "s"})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		b         []byte
		unknownID int // >0: expect *UnknownSchemaError with this id
	}{
		{"empty", nil, 0},
		{"shorter than the header", []byte{0, 0, 0}, 0},
		{"bad magic byte", badMagic, 0},
		{"unknown schema id", withID(4242), 4242},
		{"header only", good[:5], 0},
		{"truncated body", good[:len(good)-3], 0},
		{"garbage body", append(good[:5:5], 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 0},
		{"record of another type", update, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ev catalog.ProductEvent
			err := serde.Decode(tt.b, &ev)
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Decode error = %v, want one wrapping catalog.ErrInvalid", err)
			}
			var unknown *schema.UnknownSchemaError
			if errors.As(err, &unknown) != (tt.unknownID > 0) || (unknown != nil && unknown.ID != tt.unknownID) {
				t.Errorf("Decode error = %v (%T), want UnknownSchemaError %d: %v", err, err, tt.unknownID, unknown)
			}
		})
	}
	if _, err := schema.SchemaID(badMagic); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("SchemaID(bad magic) = %v, want ErrInvalid", err)
	}
	if got, err := schema.SchemaID(withID(4242)); got != 4242 || err != nil {
		t.Errorf("SchemaID = %d, %v, want 4242", got, err)
	}
	if err := serde.Decode(good, catalog.ProductEvent{}); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Decode into a non-pointer = %v, want ErrInvalid", err)
	}
	var ev catalog.ProductEvent
	if err := serde.Decode(good, &ev); err != nil || id == 0 {
		t.Errorf("good record after the bad ones: %v", err)
	}
}

func TestEncodeUnknownType(t *testing.T) {
	serde, _ := registeredSerde(t)
	if _, err := serde.Encode(catalog.Listing{}); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Encode(catalog.Listing) = %v, want ErrInvalid", err)
	}
}
