package scrape_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

func TestRobotsDisallowingTheCatalogFailsTheRun(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	srv.route("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /\n")
	})
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if fetch.KindOf(err) != fetch.KindRobots || !rep.Failed() || !errors.Is(rep.Err, err) {
		t.Fatalf("err %v (kind %q), report err %v: want a failed run of kind robots", err, fetch.KindOf(err), rep.Err)
	}
	wantCounts(t, "errors", rep.Errors, map[string]int{"robots": 1})
	if len(srv.requests()) != 0 || len(h.sink.batches) != 0 {
		t.Fatalf("requests %v, %d batches: nothing may be fetched or published", srv.requests(), len(h.sink.batches))
	}
	if !strings.Contains(rep.Summary(), "failed: scrape ocean-ave: first page:") {
		t.Errorf("summary %q does not say the run failed", rep.Summary())
	}
}

func TestFirstPageFailureFailsTheRun(t *testing.T) {
	srv := newShopServer(t)
	srv.status(shopifyPage(1), http.StatusInternalServerError)
	h := newHarness(t, scrape.DefaultConfig())

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if fetch.KindOf(err) != fetch.KindStatus {
		t.Fatalf("err %v, want a status error", err)
	}
	wantCounts(t, "errors", rep.Errors, map[string]int{"status": 1})
	if rep.Retries != 1 || rep.Pages != 0 {
		t.Fatalf("report %+v: want one retry and no page", rep)
	}
}

func TestSinkFailureFailsTheRun(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	cfg := scrape.DefaultConfig()
	cfg.BatchSize = 1
	h := newHarness(t, cfg)
	down := errors.New("database down")
	h.sink.err = down

	_, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if !errors.Is(err, down) {
		t.Fatalf("err %v, want the sink's error", err)
	}
	if len(srv.requests()) != 1 {
		t.Fatalf("requests %v: nothing more may be read once the sink failed", srv.requests())
	}
}

func TestArchiveFailureDoesNotFailTheRun(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	h := newHarness(t, scrape.DefaultConfig())
	h.raw.err = errors.New("bucket gone")

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "errors", rep.Errors, map[string]int{scrape.ErrorArchive: 3})
	if rep.Observations != 18 {
		t.Fatalf("report %+v: the prices must be published without their raw copies", rep)
	}
}

func TestRequestBudget(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	cfg := scrape.DefaultConfig()
	cfg.MaxRequestsPerRun = 2
	h := newHarness(t, cfg)

	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 2 || !strings.Contains(rep.Incomplete, "request bound of 2") || rep.Listings != 9 {
		t.Fatalf("report %+v: want 2 pages read and published, the bound named", rep)
	}
}

func TestRunsOfOneShopDoNotOverlap(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	arrived, release := make(chan struct{}), make(chan struct{})
	body := readTestdata(t, "shopify/empty.json")
	srv.route(shopifyPage(1), func(w http.ResponseWriter, _ *http.Request) {
		close(arrived)
		<-release
		w.Header().Set("Content-Type", jsonType)
		fmt.Fprint(w, body)
	})
	h := newHarness(t, scrape.DefaultConfig())
	shop := testShop("ocean-ave", catalog.PlatformShopify, srv.URL)
	done := make(chan error)
	go func() {
		_, err := h.runner.RunOnce(context.Background(), shop)
		done <- err
	}()
	<-arrived
	_, err := h.runner.RunOnce(context.Background(), shop)
	close(release)
	if err == nil || !strings.Contains(err.Error(), "already in progress") {
		t.Fatalf("second run: %v, want a refusal", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Start hands back the run's id at once, refuses a second run of the shop
// while the first is in flight, and delivers the report under that id.
func TestStartRunsInTheBackground(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	arrived, release := make(chan struct{}), make(chan struct{})
	body := readTestdata(t, "shopify/empty.json")
	srv.route(shopifyPage(1), func(w http.ResponseWriter, _ *http.Request) {
		close(arrived)
		<-release
		w.Header().Set("Content-Type", jsonType)
		fmt.Fprint(w, body)
	})
	h := newHarness(t, scrape.DefaultConfig())
	shop := testShop("ocean-ave", catalog.PlatformShopify, srv.URL)
	id, done, err := h.runner.Start(context.Background(), shop)
	if err != nil || id == "" {
		t.Fatalf("Start = %q, %v", id, err)
	}
	<-arrived
	if _, _, err := h.runner.Start(context.Background(), shop); !errors.Is(err, scrape.ErrRunInProgress) {
		t.Fatalf("second Start: %v, want ErrRunInProgress", err)
	}
	close(release)
	rep, ok := <-done
	if !ok || rep.RunID != id || rep.Err != nil || rep.Pages < 1 {
		t.Fatalf("report %+v (ok %v), want run %s read", rep, ok, id)
	}
	if _, open := <-done; open {
		t.Fatal("report channel not closed")
	}
	bad := shop
	bad.Slug = "Not A Slug"
	if _, _, err := h.runner.Start(context.Background(), bad); err == nil {
		t.Fatal("Start of an invalid shop succeeded")
	}
}

func TestCancelledRunStops(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	h := newHarness(t, scrape.DefaultConfig())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	rep, err := h.runner.RunOnce(ctx, testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if !errors.Is(err, context.Canceled) || len(rep.Errors) != 0 {
		t.Fatalf("err %v, errors %v: want context.Canceled and no page counted as failed", err, rep.Errors)
	}
}
