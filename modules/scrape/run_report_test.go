package scrape_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

func TestRunReportSummary(t *testing.T) {
	start := testStart
	tests := []struct {
		name string
		rep  scrape.RunReport
		want string
	}{
		{"the example", scrape.RunReport{
			Shop: "labor", Pages: 12, Listings: 2950, Observations: 8114, Bytes: 1_800_000, NotModified: 3,
			Problems: map[string]int{"bad_price": 2}, Start: start, End: start.Add(4200 * time.Millisecond),
		}, "scrape labor: 12 pages, 2,950 listings, 8,114 observations, 1.8 MB, 3 not modified, 0 retries, problems: bad_price=2, errors: none, 4.2s"},
		{"failed and incomplete", scrape.RunReport{
			Shop: "premier", Pages: 1, Bytes: 512, Retries: 4, Problems: map[string]int{"bad_gtin": 1, "bad_item": 1234},
			Errors: map[string]int{"status": 2, "robots": 1}, Start: start, End: start.Add(4*time.Minute + 12*time.Second),
			Incomplete: "5 pages failed in a row", Err: errors.New("scrape premier: boom"),
		}, "scrape premier: 1 pages, 0 listings, 0 observations, 512 B, 0 not modified, 4 retries, problems: bad_gtin=1, bad_item=1,234, errors: robots=1, status=2, 4m12s, incomplete: 5 pages failed in a row, failed: scrape premier: boom"},
		{"kilobytes", scrape.RunReport{Shop: "x", Bytes: 12_345, Start: start, End: start},
			"scrape x: 0 pages, 0 listings, 0 observations, 12.3 kB, 0 not modified, 0 retries, problems: none, errors: none, 0.0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rep.Summary(); got != tt.want {
				t.Fatalf("Summary()\n%s, want\n%s", got, tt.want)
			}
		})
	}
}

func TestProgressIsReported(t *testing.T) {
	srv := newShopServer(t)
	serveShopify(srv)
	var mu sync.Mutex
	var last scrape.Progress
	calls := 0
	h := newHarness(t, scrape.DefaultConfig(), scrape.WithProgress(func(p scrape.Progress) {
		mu.Lock()
		defer mu.Unlock()
		last = p
		calls++
	}))
	rep, err := h.runner.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls < 3 || last.Pages != 3 || last.Listings != 9 || last.Observations != 18 || last.RunID != rep.RunID || last.Shop != "ocean-ave" {
		t.Fatalf("%d progress calls, last %+v", calls, last)
	}
}

// flakyMemoGetter answers 304 to the first request although nothing was
// remembered (a memo entry evicted between the fetcher's validator lookup
// and the response), and 304 every time when always is set.
type flakyMemoGetter struct {
	mu     sync.Mutex
	calls  int
	always bool
}

func (g *flakyMemoGetter) Get(_ context.Context, url string, _ ...string) (*fetch.Response, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls++
	if g.calls == 1 || g.always {
		return &fetch.Response{URL: url, Status: 304, NotModified: true, Attempts: 1}, nil
	}
	body := []byte(`{"products":[{"id":1,"title":"Baker Deck","handle":"baker-deck","variants":[{"id":2,"title":"8.25","option1":"8.25","price":"64.95","available":true}],"options":[{"name":"Size"}]}]}`)
	if g.calls > 2 {
		body = []byte(`{"products":[]}`)
	}
	return &fetch.Response{URL: url, Status: 200, Body: body, Bytes: int64(len(body)), Attempts: 1}, nil
}

func TestNotModifiedWithoutACopyFetchesAgain(t *testing.T) {
	for _, always := range []bool{false, true} {
		g := &flakyMemoGetter{always: always}
		factory := func(scrape.ShopConfig, fetch.ValidatorCache) (scrape.Getter, error) { return g, nil }
		sink := &recordingSink{t: t}
		r, err := scrape.New(scrape.DefaultConfig(), nil, factory, sink, nil)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.RunOnce(context.Background(), testShop("ocean-ave", catalog.PlatformShopify, "http://127.0.0.1:1"))
		if always {
			if err == nil || rep.Errors[scrape.ErrorNotModifiedNoCopy] != 1 {
				t.Fatalf("always 304: err %v, errors %v", err, rep.Errors)
			}
			continue
		}
		if err != nil || rep.Observations != 1 || rep.NotModified != 0 || len(rep.Errors) != 0 {
			t.Fatalf("report %+v, %v: want the page fetched again and read", rep, err)
		}
	}
}
