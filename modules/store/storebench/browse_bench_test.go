package storebench

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/store"
	"github.com/skatestock/skatestock/modules/store/postgres"
	"github.com/skatestock/skatestock/modules/store/sqlite"
	"github.com/skatestock/skatestock/modules/store/storetest"
)

// BenchmarkProducts measures the read side the API serves on the demo
// catalog (seed.DefaultConfig: 5 shops, 5,000 listings, 30 days of
// history), one sub-benchmark per query shape and database. Seeding takes
// a while, so `-bench .` (make bench) skips it; select it by name:
//
//	go test -run '^$' -bench Products -benchtime 200x ./modules/store/storebench/
func BenchmarkProducts(b *testing.B) {
	if f := flag.Lookup("test.bench"); f == nil || !strings.Contains(f.Value.String(), "Products") {
		b.Skip("seeds 5,000 listings per database: select it with -bench Products")
	}
	for _, dialect := range []string{"postgres", "sqlite"} {
		b.Run(dialect, func(b *testing.B) {
			s, gen := seedDemo(b, dialect)
			for _, q := range browseQueries(b, s, gen) {
				b.Run(q.name, func(b *testing.B) {
					ctx := context.Background()
					for range b.N {
						if err := q.run(ctx); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/op")
				})
			}
		})
	}
}

// seedWriter is the store as the seed generator writes to it.
type seedWriter struct{ store.Store }

func (w seedWriter) RecordObservations(ctx context.Context, obs []catalog.PriceObservation) error {
	_, err := w.Store.RecordObservations(ctx, obs)
	return err
}

// seedDemo returns a migrated store of dialect holding the demo catalog
// and a scrape run per shop and day.
func seedDemo(b *testing.B, dialect string) (store.Store, *seed.Generator) {
	b.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	var s store.Store
	var m store.Migrator
	var url string // Postgres only
	switch dialect {
	case "postgres":
		url = storetest.PostgresDatabase(b)
		pg, err := postgres.Open(ctx, postgres.Config{URL: url}, log)
		if err != nil {
			b.Fatal(err)
		}
		s, m = pg, pg
	case "sqlite":
		lite, err := sqlite.Open(ctx, sqlite.Config{Path: filepath.Join(b.TempDir(), "browse.db")}, log)
		if err != nil {
			b.Fatal(err)
		}
		s, m = lite, lite
	}
	b.Cleanup(func() { _ = s.Close() })
	if _, err := m.MigrateUp(ctx); err != nil {
		b.Fatal(err)
	}
	gen, err := seed.New(seed.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := gen.Run(ctx, seedWriter{s}, nil); err != nil {
		b.Fatal(err)
	}
	w := gen.Window()
	for day := w.From.Truncate(24 * time.Hour); !day.After(w.To); day = day.Add(24 * time.Hour) {
		for i, shop := range gen.Shops() {
			status := catalog.ScrapeOK
			if (day.Day()+i)%7 == 0 {
				status = catalog.ScrapeFailed
			}
			run := catalog.ScrapeRun{ID: fmt.Sprintf("%s-%s", shop.Slug, day.Format("20060102")), ShopSlug: shop.Slug,
				StartedAt: day, FinishedAt: day.Add(10 * time.Minute), Status: status, Pages: 10,
				Listings: 1000, Observations: 4000}
			if err := s.RecordScrapeRun(ctx, run); err != nil {
				b.Fatal(err)
			}
		}
	}
	if url != "" {
		analyze(b, url)
	}
	c, err := s.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: seeded %d listings, %d variants, %d price points in %s", dialect, c.Listings, c.Variants, c.PricePoints,
		time.Since(start).Round(time.Millisecond))
	return s, gen
}

// analyze does what autovacuum does within a minute of a bulk load: drop
// the dead rows the load's updates left and gather statistics, without
// which the planner picks plans no running server would.
func analyze(b *testing.B, url string) {
	b.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

type browseQuery struct {
	name string
	run  func(context.Context) error
}

// browseQueries are the queries the API runs, with filters picked from
// the seeded catalog so that each selects something.
func browseQueries(b *testing.B, s store.Store, gen *seed.Generator) []browseQuery {
	ctx := context.Background()
	brands, err := s.BrandCounts(ctx)
	if err != nil || len(brands) == 0 {
		b.Fatalf("BrandCounts = %v, %v", brands, err)
	}
	top := brands[0]
	for _, f := range brands {
		if f.Products > top.Products {
			top = f
		}
	}
	updated := catalog.ProductSort{Field: catalog.SortUpdated, Desc: true}
	price := catalog.ProductSort{Field: catalog.SortPrice}
	const limit = 24
	page := func(q catalog.ProductQuery) func(context.Context) error {
		if q.Limit == 0 {
			q.Limit = limit
		}
		return func(ctx context.Context) error {
			p, err := s.Products(ctx, q)
			if err == nil && len(p.Items) == 0 {
				err = fmt.Errorf("query %+v selects nothing", q)
			}
			return err
		}
	}
	// A cursor deep into the default sort, and one at the end of the
	// priced products, where the never-priced ones begin.
	deep := after(b, s, catalog.ProductQuery{Sort: updated, Limit: limit * 9})
	tail := after(b, s, catalog.ProductQuery{Sort: price, Limit: gen.NumListings() - 10})
	first, err := s.Products(ctx, catalog.ProductQuery{Sort: updated, Limit: 1})
	if err != nil || len(first.Items) == 0 {
		b.Fatalf("no product: %v", err)
	}
	id := first.Items[0].ID
	// Two words of a real title, in reverse order and upper case.
	ofBrand, err := s.Products(ctx, catalog.ProductQuery{Sort: price, Limit: 1, Brands: []string{top.Value}})
	if err != nil || len(ofBrand.Items) == 0 {
		b.Fatalf("no product of %s: %v", top.Value, err)
	}
	words := strings.Fields(ofBrand.Items[0].Title)
	twoWords := strings.ToUpper(words[len(words)-1] + " " + words[0])
	today := gen.Window().To.Truncate(24 * time.Hour)
	return []browseQuery{
		{"first_page/-updated", page(catalog.ProductQuery{Sort: updated})},
		{"first_page/price", page(catalog.ProductQuery{Sort: price})},
		{"first_page/-discount", page(catalog.ProductQuery{Sort: catalog.ProductSort{Field: catalog.SortDiscount, Desc: true}})},
		{"first_page/title", page(catalog.ProductQuery{Sort: catalog.ProductSort{Field: catalog.SortTitle}})},
		{"first_page/price+brand", page(catalog.ProductQuery{Sort: price, Brands: []string{top.Value}})},
		{"first_page/-updated+brand", page(catalog.ProductQuery{Sort: updated, Brands: []string{top.Value}})},
		{"first_page/-updated+text", page(catalog.ProductQuery{Sort: updated, Text: strings.ToLower(top.Value)})},
		{"first_page/price+text_2_words", page(catalog.ProductQuery{Sort: price, Text: twoWords})},
		{"first_page/-updated+discount_min", page(catalog.ProductQuery{Sort: updated, DiscountMinBP: 2000})},
		{"first_page/-updated+in_stock", page(catalog.ProductQuery{Sort: updated, InStock: true})},
		{"first_page/price+category", page(catalog.ProductQuery{Sort: price, Categories: []catalog.Category{catalog.CategoryWheels}})},
		{"first_page/price+shop", page(catalog.ProductQuery{Sort: price, Shops: []string{gen.Shops()[0].Slug}})},
		{"first_page/price+size", page(catalog.ProductQuery{Sort: price, Size: catalog.SizeQuery{DeckWidthHundredths: 825}})},
		{"first_page/price+size+in_stock", page(catalog.ProductQuery{Sort: price, InStock: true,
			Size: catalog.SizeQuery{DeckWidthHundredths: 825}})},
		{"first_page/price+range", page(catalog.ProductQuery{Sort: price, PriceMin: ptr(5000), PriceMax: ptr(6000)})},
		{"page_10/-updated", page(catalog.ProductQuery{Sort: updated, After: deep})},
		{"tail/price", func(ctx context.Context) error {
			_, err := s.Products(ctx, catalog.ProductQuery{Sort: price, Limit: limit, After: tail})
			return err
		}},
		{"product", func(ctx context.Context) error { _, err := s.Product(ctx, id); return err }},
		{"product_history_30d", func(ctx context.Context) error {
			_, err := s.ProductHistory(ctx, id, gen.Window().From, gen.Window().To)
			return err
		}},
		{"brand_counts", func(ctx context.Context) error { _, err := s.BrandCounts(ctx); return err }},
		{"category_counts", func(ctx context.Context) error { _, err := s.CategoryCounts(ctx); return err }},
		{"shop_statuses", func(ctx context.Context) error { _, err := s.ShopStatuses(ctx); return err }},
		{"stats_today", func(ctx context.Context) error { _, err := s.Stats(ctx, today); return err }},
	}
}

// after returns the cursor of the page q selects.
func after(b *testing.B, s store.Store, q catalog.ProductQuery) string {
	b.Helper()
	p, err := s.Products(context.Background(), q)
	if err != nil || p.Next == "" {
		b.Fatalf("Products(limit %d): next %q, %v", q.Limit, p.Next, err)
	}
	return p.Next
}

func ptr(n int64) *int64 { return &n }
