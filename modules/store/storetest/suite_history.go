package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/store"
)

func testHistory(t *testing.T, newSubject Factory) {
	ctx := context.Background()
	s := seeded(t, newSubject).Store
	record(t, s, obs(deck825(), 0, 5000), obs(deck825(), 10, 5000))
	record(t, s, withCompareAt(obs(deck825(), 30, 4500), 5000), withCompareAt(obs(deck825(), 40, 4500), 5000))
	record(t, s, obs(deck825(), 60, 5000))

	t.Run("price at", func(t *testing.T) {
		tests := []struct {
			name string
			at   time.Time
			want string // "" for ErrNotFound
		}{
			{"before the first point", at(-1), ""},
			{"at the first point", at(0), "5000[0,10]"},
			{"between observations of a point", at(5), "5000[0,10]"},
			{"between points", at(20), "5000[0,10]"},
			{"at a later point", at(30), "4500/cmp5000[30,40]"},
			{"one microsecond before a point", at(30).Add(-time.Microsecond), "5000[0,10]"},
			{"after the last point", at(100000), "5000[60,60]"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := s.PriceAt(ctx, deck825(), tt.at)
				if tt.want == "" {
					if !errors.Is(err, catalog.ErrNotFound) {
						t.Errorf("PriceAt error %v, want ErrNotFound", err)
					}
					return
				}
				if err != nil {
					t.Fatalf("PriceAt: %v", err)
				}
				if got := spans([]store.PricePoint{p}); got != tt.want {
					t.Errorf("PriceAt = %s, want %s", got, tt.want)
				}
			})
		}
	})

	t.Run("price point fields", func(t *testing.T) {
		p, err := s.PriceAt(ctx, deck825(), at(35))
		if err != nil {
			t.Fatal(err)
		}
		want := store.PricePoint{
			Variant: deck825(), ValidFrom: at(30), LastSeen: at(40),
			Price: catalog.Money{Amount: 4500, Currency: "USD"}, CompareAt: catalog.Money{Amount: 5000, Currency: "USD"},
			Availability: catalog.InStock, SourceRun: obs(deck825(), 30, 0).SourceRun,
		}
		if p != want {
			t.Errorf("PriceAt = %+v, want %+v", p, want)
		}
		if p.ValidFrom.Location() != time.UTC || p.LastSeen.Location() != time.UTC {
			t.Errorf("times in %v and %v, want UTC", p.ValidFrom.Location(), p.LastSeen.Location())
		}
	})

	t.Run("unknown variant", func(t *testing.T) {
		if _, err := s.PriceAt(ctx, key("1001", "v999"), at(0)); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("PriceAt error %v, want ErrNotFound", err)
		}
		if _, err := s.History(ctx, key("1001", "v999"), at(0), at(1)); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("History error %v, want ErrNotFound", err)
		}
	})

	t.Run("history ranges", func(t *testing.T) {
		tests := []struct {
			name     string
			from, to time.Time
			want     string
		}{
			{"before everything", at(-100), at(-50), ""},
			{"up to the first start", at(-100), at(0), "5000[0,10]"},
			{"from inside a point", at(5), at(35), "5000[0,10] 4500/cmp5000[30,40]"},
			{"one instant", at(30), at(30), "4500/cmp5000[30,40]"},
			{"from a gap to the end", at(45), at(100000), "4500/cmp5000[30,40] 5000[60,60]"},
			{"after the last start", at(61), at(70), "5000[60,60]"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				points, err := s.History(ctx, deck825(), tt.from, tt.to)
				if err != nil {
					t.Fatalf("History: %v", err)
				}
				if got := spans(points); got != tt.want {
					t.Errorf("History = %s, want %s", got, tt.want)
				}
			})
		}
	})

	t.Run("known variant without history", func(t *testing.T) {
		points, err := s.History(ctx, deck800(), at(0), at(100))
		if err != nil || len(points) != 0 {
			t.Errorf("History = %v, %v; want empty", points, err)
		}
	})

	t.Run("from after to", func(t *testing.T) {
		if _, err := s.History(ctx, deck825(), at(10), at(0)); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("History error %v, want ErrInvalid", err)
		}
	})

	t.Run("counts", func(t *testing.T) {
		if c := counts(t, s); c != (store.Counts{Shops: 2, Listings: 2, Variants: 3, PricePoints: 3}) {
			t.Errorf("Counts = %+v", c)
		}
	})
}

func testCancelled(t *testing.T, newSubject Factory) {
	sub := seeded(t, newSubject)
	s, m := sub.Store, sub.Migrator
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := map[string]func() error{
		"UpsertShops":    func() error { return s.UpsertShops(ctx, shops()) },
		"UpsertListings": func() error { return s.UpsertListings(ctx, listings()) },
		"RecordObservations": func() error {
			_, err := s.RecordObservations(ctx, []catalog.PriceObservation{obs(deck825(), 0, 5000)})
			return err
		},
		"Shop":    func() error { _, err := s.Shop(ctx, "north-skate"); return err },
		"Shops":   func() error { _, err := s.Shops(ctx); return err },
		"Listing": func() error { _, err := s.Listing(ctx, "north-skate", "1001"); return err },
		"Listings": func() error {
			_, err := s.Listings(ctx, []store.ListingKey{{ShopSlug: "north-skate", ExternalID: "1001"}})
			return err
		},
		"PriceAt":         func() error { _, err := s.PriceAt(ctx, deck825(), at(0)); return err },
		"History":         func() error { _, err := s.History(ctx, deck825(), at(0), at(1)); return err },
		"Counts":          func() error { _, err := s.Counts(ctx); return err },
		"Ping":            func() error { return s.Ping(ctx) },
		"MigrateUp":       func() error { _, err := m.MigrateUp(ctx); return err },
		"MigrationStatus": func() error { _, err := m.MigrationStatus(ctx); return err },
		"CheckSchema":     func() error { return m.CheckSchema(ctx) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			if err := call(); !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
		})
	}
	if c := counts(t, s); c.PricePoints != 0 {
		t.Errorf("%d price points written under a cancelled context", c.PricePoints)
	}
}
