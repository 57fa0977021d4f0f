package seed_test

import (
	"testing"

	"github.com/skatestock/skatestock/modules/seed"
)

// smallConfig is big enough that every kind of event is planted at least
// once, and small enough to validate every observation under -race.
func smallConfig() seed.Config {
	c := seed.DefaultConfig()
	c.Products = 1500
	c.RandSeed = 7
	return c
}

func mustNew(t testing.TB, cfg seed.Config) *seed.Generator {
	t.Helper()
	g, err := seed.New(cfg)
	if err != nil {
		t.Fatalf("New(%+v): %v", cfg, err)
	}
	return g
}
