package scrape_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// store is the part of the store a scrape writes through (store.Store has
// these methods; RecordObservations' result is dropped here).
type store interface {
	UpsertShops(ctx context.Context, shops []catalog.Shop) error
	UpsertListings(ctx context.Context, listings []catalog.Listing) error
	RecordObservations(ctx context.Context, obs []catalog.PriceObservation) error
}

// lakeRawPage and lakeArchive stand in for lake.RawPage and *lake.Lake.
type lakeRawPage struct {
	Shop        string
	FetchedAt   time.Time
	RunID       string
	Seq         int
	URL         string
	Status      int
	ContentType string
	Body        []byte
}

type lakeArchive interface {
	PutRaw(ctx context.Context, p lakeRawPage) (string, error)
}

// rawArchive adapts the lake: the field lists match, so a conversion does.
type rawArchive struct{ lake lakeArchive }

func (a rawArchive) PutRaw(ctx context.Context, p scrape.RawPage) (string, error) {
	return a.lake.PutRaw(ctx, lakeRawPage(p))
}

// storeSink writes each batch to the store: the shop, its listings, then the
// observations, each call idempotent.
func storeSink(db store) scrape.Sink {
	return scrape.SinkFunc(func(ctx context.Context, b scrape.Batch) error {
		if err := db.UpsertShops(ctx, []catalog.Shop{b.Shop}); err != nil {
			return err
		}
		if err := db.UpsertListings(ctx, b.Listings); err != nil {
			return err
		}
		return db.RecordObservations(ctx, b.Observations)
	})
}

// Example_wiring is how app builds a scrape: the shops file, one fetcher per
// shop from a base config, a Sink (the store, or JSONLSink for --dry-run), a
// RawArchive (the lake, or nil), then RunOnce for `scrape once` or Run for
// the scheduler.
func Example_wiring() {
	var db store         // app: the opened store
	var lake lakeArchive // app: the opened lake
	dryRun := false
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	file, err := scrape.LoadShopsFile("configs/shops.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	shops, err := file.Profile(scrape.LocalProfile) // --profile local for the simulator
	if err != nil {
		fmt.Println(err)
		return
	}
	base := fetch.DefaultConfig()
	base.UserAgent = fetch.DefaultProduct + "/1.4.2" // the stamped version
	base.ContactURL = file.ContactURL

	sink := storeSink(db)
	var raw scrape.RawArchive = rawArchive{lake}
	if dryRun {
		sink, raw = scrape.JSONLSink(os.Stdout), nil
	}
	runner, err := scrape.New(scrape.DefaultConfig(), log, scrape.NewFetcherFactory(base, log), sink, raw,
		scrape.WithProgress(func(p scrape.Progress) { /* update a progress bar */ }),
		scrape.WithReports(func(rep scrape.RunReport) { fmt.Fprintln(os.Stderr, rep.Summary()) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer runner.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	// `skatestock scrape once`: every shop once, failing when one failed.
	failed := 0
	for _, shop := range shops {
		rep, err := runner.RunOnce(ctx, shop)
		fmt.Fprintln(os.Stderr, rep.Summary())
		if err != nil {
			failed++
		}
	}
	if failed > 0 {
		fmt.Printf("%d of %d shops failed\n", failed, len(shops))
	}

	// `skatestock scrape` as a long-running module: until ctx is cancelled.
	if err := runner.Run(ctx, shops); err != nil {
		fmt.Println(err)
	}
}
