package app

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

// A producer upgraded before the consumer (a rolling deploy) writes with a
// product-events version registered after the consumer's Serde was built:
// Decode learns it from the registry and reads the record instead of
// dead-lettering it; a schema id the registry does not have stays final.
func TestSerdeCodecLearnsNewerWriters(t *testing.T) {
	ctx := t.Context()
	reg, err := startRegistry(ctx, schema.NewMemoryStore(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = reg.close() })
	client, err := schema.NewClient(schema.ClientConfig{URLs: []string{reg.url}})
	if err != nil {
		t.Fatal(err)
	}
	serde, err := schema.Register(ctx, client, schema.DefaultTopics())
	if err != nil {
		t.Fatal(err)
	}
	codec := serdeCodec{serde}

	// The newer version: the embedded schema with one more optional field.
	text, err := schema.SchemaText(catalog.ProductEvent{})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	doc["fields"] = append(doc["fields"].([]any), map[string]any{
		"name": "sale_ends_at", "type": []any{"null", "long"}, "default": nil,
	})
	newer, _ := json.Marshal(doc)
	id, err := client.RegisterSchema(ctx, "product-events-value", sr.Schema{Schema: string(newer)}, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := avro.ParseWithCache(string(newer), "", &avro.SchemaCache{})
	if err != nil {
		t.Fatal(err)
	}
	ev := catalog.ProductEvent{
		Shop: "labor", ListingID: "1", VariantID: "a", ObservedAt: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		Title: "Baker Brand Logo Deck", Category: "decks", URL: "https://labor.example/p/1",
		Options: map[string]string{}, Tags: []string{}, Currency: "USD", PriceMinor: 6495, Availability: "in_stock",
	}
	body, err := avro.Marshal(sch, struct {
		catalog.ProductEvent
		SaleEndsAt *int64 `avro:"sale_ends_at"`
	}{ProductEvent: ev})
	if err != nil {
		t.Fatal(err)
	}
	wire := append(binary.BigEndian.AppendUint32([]byte{0}, uint32(id)), body...)

	got, gotID, err := codec.Decode(ctx, wire)
	if err != nil || gotID != id || got.Shop != ev.Shop || got.PriceMinor != ev.PriceMinor {
		t.Fatalf("Decode of a newer writer's record = %+v, %d, %v; want the event under id %d", got, gotID, err, id)
	}

	unknown := append(binary.BigEndian.AppendUint32([]byte{0}, 99999), body...)
	if _, _, err := codec.Decode(ctx, unknown); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("Decode with a schema id the registry lacks = %v, want a final (ErrInvalid) error", err)
	}
}
