package storetest

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

// testRegistryRules holds what store.RegistryStore promises beyond the
// schema module's contract: the database, not the registry's memory, is
// the final authority on an id's text.
func testRegistryRules(t *testing.T, open func(t *testing.T) store.RegistryStore) {
	ctx := context.Background()

	t.Run("a text under a second id is a duplicate", func(t *testing.T) {
		s := open(t)
		if err := s.SaveRegistrySchema(ctx, 1, `"string"`); err != nil {
			t.Fatal(err)
		}
		err := s.SaveRegistrySchema(ctx, 2, `"string"`)
		if !errors.Is(err, catalog.ErrDuplicate) || !strings.Contains(err.Error(), "save registry schema 2") {
			t.Errorf("saving the text again under id 2 = %v, want catalog.ErrDuplicate naming the id", err)
		}
	})

	// Avro schemas are often larger than a B-tree entry may be (about
	// 2.7 kB on Postgres, after compression, hence random docs):
	// uniqueness of text must not cap their size.
	t.Run("large texts", func(t *testing.T) {
		s := open(t)
		large := func(seed uint64) string {
			rng := rand.New(rand.NewPCG(seed, seed))
			doc := make([]byte, 1<<16)
			for i := range doc {
				doc[i] = 'a' + byte(rng.IntN(26))
			}
			return `{"type":"record","name":"r","doc":"` + string(doc) + `","fields":[]}`
		}
		for id, text := range map[int]string{1: large(1), 2: large(2)} {
			if err := s.SaveRegistrySchema(ctx, id, text); err != nil {
				t.Fatalf("save %d-byte schema: %v", len(text), err)
			}
		}
		if err := s.SaveRegistrySchema(ctx, 3, large(1)); !errors.Is(err, catalog.ErrDuplicate) {
			t.Errorf("saving a large text again under id 3 = %v, want catalog.ErrDuplicate", err)
		}
		if err := s.SaveRegistrySchema(ctx, 1, large(1)); err != nil {
			t.Errorf("repeating a large save: %v", err)
		}
	})

	t.Run("a version of an unknown schema is not found", func(t *testing.T) {
		s := open(t)
		if err := s.SaveRegistryVersion(ctx, "a-value", 1, 42, false); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("SaveRegistryVersion of schema 42 = %v, want catalog.ErrNotFound", err)
		}
	})

	t.Run("an unknown level is invalid", func(t *testing.T) {
		s := open(t)
		if err := s.SaveRegistryConfig(ctx, "a-value", "backward"); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("SaveRegistryConfig of a lower-case level = %v, want catalog.ErrInvalid", err)
		}
	})
}
