package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

func scrapeRun(id, shop string, status catalog.ScrapeStatus, start, end, observations int) catalog.ScrapeRun {
	r := catalog.ScrapeRun{ID: id, ShopSlug: shop, StartedAt: at(start), FinishedAt: at(end), Status: status,
		Pages: 3, Listings: 4, Observations: observations}
	if status != catalog.ScrapeOK {
		r.Errors, r.Message = 1, "stopped: "+string(status)
	}
	return r
}

// Shop statuses, stats and scrape runs over the browse catalog and a shop
// with nothing in it.
func testScrapeRuns(t *testing.T, newSubject Factory) {
	ctx := context.Background()

	t.Run("empty catalog", func(t *testing.T) {
		s := migrated(t, newSubject).Store
		st, err := s.Stats(ctx, at(0))
		if err != nil || st != (catalog.Stats{Since: at(0)}) {
			t.Errorf("Stats = %+v, %v; want zeros", st, err)
		}
		statuses, err := s.ShopStatuses(ctx)
		if err != nil || len(statuses) != 0 {
			t.Errorf("ShopStatuses = %+v, %v; want none", statuses, err)
		}
		brands, err := s.BrandCounts(ctx)
		if err != nil || len(brands) != 0 {
			t.Errorf("BrandCounts = %+v, %v; want none", brands, err)
		}
		categories, err := s.CategoryCounts(ctx)
		if err != nil || len(categories) != 0 {
			t.Errorf("CategoryCounts = %+v, %v; want none", categories, err)
		}
		page, err := s.Products(ctx, catalog.ProductQuery{Limit: 10, Sort: catalog.ProductSort{Field: catalog.SortPrice}})
		if err != nil || len(page.Items) != 0 || page.Next != "" {
			t.Errorf("Products = %+v, %v; want an empty last page", page, err)
		}
	})

	b := seedBrowse(t, newSubject)
	s := b.store
	quiet := catalog.Shop{Slug: "quiet-skate", Name: "Quiet Skate", Platform: catalog.PlatformJSONLD,
		BaseURL: "https://quiet.example", Currency: "GBP", Country: "GB"}
	if err := s.UpsertShops(ctx, []catalog.Shop{quiet}); err != nil {
		t.Fatal(err)
	}
	north, brett := shops()[0], shops()[1]
	status := func(shop catalog.Shop, products int64, observed time.Time, last *catalog.ScrapeRun, success time.Time) catalog.ShopStatus {
		return catalog.ShopStatus{Shop: shop, Products: products, LastObservedAt: observed, LastRun: last, LastSuccessAt: success}
	}
	checkStatuses := func(t *testing.T, want ...catalog.ShopStatus) {
		t.Helper()
		got, err := s.ShopStatuses(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ShopStatuses\n got %+v\nwant %+v", got, want)
		}
	}
	stats := func(t *testing.T, since time.Time) catalog.Stats {
		t.Helper()
		st, err := s.Stats(ctx, since)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}

	t.Run("statuses before any run", func(t *testing.T) {
		checkStatuses(t, status(brett, 4, at(70), nil, time.Time{}), status(north, 8, at(90), nil, time.Time{}),
			status(quiet, 0, time.Time{}, nil, time.Time{}))
	})

	ok1 := scrapeRun("run-north-1", "north-skate", catalog.ScrapeOK, 100, 101, 10)
	failed := scrapeRun("run-north-2", "north-skate", catalog.ScrapeFailed, 200, 201, 0)
	incomplete := scrapeRun("run-brett-1", "brett-haus", catalog.ScrapeIncomplete, 150, 152, 5)
	for _, r := range []catalog.ScrapeRun{ok1, failed, incomplete} {
		if err := s.RecordScrapeRun(ctx, r); err != nil {
			t.Fatalf("RecordScrapeRun(%s): %v", r.ID, err)
		}
	}

	t.Run("latest run and latest success", func(t *testing.T) {
		// A failed run is the latest run but not a success; an incomplete
		// one is both.
		checkStatuses(t, status(brett, 4, at(70), &incomplete, at(152)), status(north, 8, at(90), &failed, at(101)),
			status(quiet, 0, time.Time{}, nil, time.Time{}))
	})

	t.Run("stats", func(t *testing.T) {
		tests := []struct {
			since time.Time
			want  catalog.Stats
		}{
			{at(-1000), catalog.Stats{Products: 12, Variants: 16, ProductsObserved: 10, VariantsObserved: 13,
				PriceChanges: 14, Observations: 15, ScrapeRuns: 3, FailedScrapeRuns: 1, LatestObservation: at(90)}},
			{at(35), catalog.Stats{Products: 12, Variants: 16, ProductsObserved: 6, VariantsObserved: 7,
				PriceChanges: 7, Observations: 15, ScrapeRuns: 3, FailedScrapeRuns: 1, LatestObservation: at(90)}},
			{at(90), catalog.Stats{Products: 12, Variants: 16, ProductsObserved: 1, VariantsObserved: 1,
				PriceChanges: 1, Observations: 15, ScrapeRuns: 3, FailedScrapeRuns: 1, LatestObservation: at(90)}},
			{at(175), catalog.Stats{Products: 12, Variants: 16, ScrapeRuns: 1, FailedScrapeRuns: 1, LatestObservation: at(90)}},
			{at(1000), catalog.Stats{Products: 12, Variants: 16, LatestObservation: at(90)}},
		}
		for _, tt := range tests {
			tt.want.Since = tt.since
			if got := stats(t, tt.since); got != tt.want {
				t.Errorf("Stats(minute %d)\n got %+v\nwant %+v", minutes(tt.since), got, tt.want)
			}
		}
		// Since is kept as the store keeps times.
		if got := stats(t, at(35).Add(999*time.Nanosecond).In(time.FixedZone("X", 3600))); !got.Since.Equal(at(35)) || got.Since.Location() != time.UTC {
			t.Errorf("Since = %v, want %v", got.Since, at(35))
		}
	})

	t.Run("recording a run again changes nothing", func(t *testing.T) {
		before := stats(t, at(-1000))
		if err := s.RecordScrapeRun(ctx, failed); err != nil {
			t.Fatal(err)
		}
		if after := stats(t, at(-1000)); after != before {
			t.Errorf("stats %+v, want %+v", after, before)
		}
		checkStatuses(t, status(brett, 4, at(70), &incomplete, at(152)), status(north, 8, at(90), &failed, at(101)),
			status(quiet, 0, time.Time{}, nil, time.Time{}))
	})

	t.Run("a run replaced by id", func(t *testing.T) {
		retried := scrapeRun("run-north-2", "north-skate", catalog.ScrapeOK, 200, 205, 7)
		if err := s.RecordScrapeRun(ctx, retried); err != nil {
			t.Fatal(err)
		}
		checkStatuses(t, status(brett, 4, at(70), &incomplete, at(152)), status(north, 8, at(90), &retried, at(205)),
			status(quiet, 0, time.Time{}, nil, time.Time{}))
		st := stats(t, at(-1000))
		if st.ScrapeRuns != 3 || st.FailedScrapeRuns != 0 || st.Observations != 22 {
			t.Errorf("stats %+v, want 3 runs, none failed, 22 observations", st)
		}
	})

	t.Run("runs started at the same instant", func(t *testing.T) {
		// The id breaks the tie, so that the latest run is always one run.
		a := scrapeRun("run-quiet-a", "quiet-skate", catalog.ScrapeOK, 300, 310, 0)
		z := scrapeRun("run-quiet-z", "quiet-skate", catalog.ScrapeFailed, 300, 301, 0)
		for _, r := range []catalog.ScrapeRun{z, a} {
			if err := s.RecordScrapeRun(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.ShopStatuses(ctx)
		if err != nil || len(got) != 3 || got[2].LastRun == nil || got[2].LastRun.ID != z.ID || !got[2].LastSuccessAt.Equal(at(310)) {
			t.Errorf("ShopStatuses = %+v, %v; want quiet-skate's latest run %s and success at %v", got, err, z.ID, at(310))
		}
	})

	t.Run("unknown shop", func(t *testing.T) {
		err := s.RecordScrapeRun(ctx, scrapeRun("run-x", "no-such-shop", catalog.ScrapeOK, 0, 1, 0))
		if !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("RecordScrapeRun error %v, want ErrNotFound", err)
		}
	})

	t.Run("invalid run", func(t *testing.T) {
		before := stats(t, at(-1000))
		for _, r := range []catalog.ScrapeRun{
			scrapeRun("run-backwards", "north-skate", catalog.ScrapeOK, 10, 9, 0),
			scrapeRun("", "north-skate", catalog.ScrapeOK, 10, 11, 0),
			scrapeRun("run-status", "north-skate", "running", 10, 11, 0),
			scrapeRun("run-negative", "north-skate", catalog.ScrapeOK, 10, 11, -1),
		} {
			if err := s.RecordScrapeRun(ctx, r); !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("RecordScrapeRun(%+v) error %v, want ErrInvalid", r, err)
			}
		}
		if after := stats(t, at(-1000)); after != before {
			t.Errorf("an invalid run was written: stats %+v, want %+v", after, before)
		}
	})
}
