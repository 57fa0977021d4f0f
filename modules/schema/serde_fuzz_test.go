package schema_test

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/schema"
)

// FuzzDecodeProductEvent feeds Decode arbitrary bytes: it must never panic,
// must fail only with errors wrapping catalog.ErrInvalid, and whatever it
// accepts must encode and decode again to the same event.
func FuzzDecodeProductEvent(f *testing.F) {
	serde, _ := registeredSerde(f)
	good, err := serde.Encode(sampleEvent())
	if err != nil {
		f.Fatal(err)
	}
	empty, err := serde.Encode(catalog.ProductEvent{})
	if err != nil {
		f.Fatal(err)
	}
	update, err := serde.Encode(schema.PriceUpdate{Shop: "s"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(empty)
	f.Add(update)
	f.Add(good[:5])
	f.Add(good[:len(good)/2])
	f.Add(append(good[:5:5], 0xfe, 0xff, 0xff, 0xff, 0x0f)) // a huge string length
	f.Add(binary.BigEndian.AppendUint32([]byte{0}, 1<<31))
	f.Add([]byte{1, 2, 3, 4, 5, 6})
	f.Fuzz(func(t *testing.T, b []byte) {
		var ev catalog.ProductEvent
		err := serde.Decode(b, &ev)
		if err != nil {
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Decode error %v does not wrap catalog.ErrInvalid", err)
			}
			return
		}
		again, err := serde.Encode(ev)
		if err != nil {
			t.Fatalf("Encode of a decoded event: %v", err)
		}
		var ev2 catalog.ProductEvent
		if err := serde.Decode(again, &ev2); err != nil {
			t.Fatalf("Decode of a re-encoded event: %v", err)
		}
		if !ev.ObservedAt.Equal(ev2.ObservedAt) || ev.Title != ev2.Title || ev.PriceMinor != ev2.PriceMinor || len(ev.Options) != len(ev2.Options) {
			t.Fatalf("re-encoded event differs:\n%+v\n%+v", ev, ev2)
		}
	})
}
