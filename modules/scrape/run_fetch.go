package scrape

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape/fetch"
)

// Crawl control, never seen outside a run.
var (
	// errBudget: the run's request budget is spent.
	errBudget = errors.New("request budget spent")
	// errStop: stop the crawl and keep what was read.
	errStop = errors.New("crawl stopped")
)

// run is one scrape run of one shop: the state its crawler shares.
type run struct {
	r       *Runner
	shop    ShopConfig
	cat     catalog.Shop
	id      string
	getter  Getter
	stats   *runStats
	collect *collector
	log     *slog.Logger

	seqMu sync.Mutex
	seq   int
}

// docParser reads a response that arrived at at.
type docParser func(resp *fetch.Response, at time.Time) (parsedDoc, error)

// read fetches url and parses it. A 304 is answered from the memo,
// restamped with this run and at; should the memo have lost the page in the
// meantime, the page is fetched again unconditionally. A document that does
// not parse is forgotten, so the next request for it is unconditional.
func (sr *run) read(ctx context.Context, url string, accept []string, parse docParser) (parsedDoc, error) {
	resp, at, err := sr.get(ctx, url, accept)
	if err != nil {
		return parsedDoc{}, err
	}
	memo := sr.r.memo
	if resp.NotModified {
		if d, ok := memo.lookup(resp.URL); ok {
			sr.stats.notModified()
			return d.restamp(at, sr.id), nil
		}
		memo.forget(resp.URL)
		if resp, at, err = sr.get(ctx, url, accept); err != nil {
			return parsedDoc{}, err
		}
		if resp.NotModified {
			sr.stats.errorKind(ErrorNotModifiedNoCopy)
			return parsedDoc{}, fmt.Errorf("read %s: 304 Not Modified to an unconditional request", resp.URL)
		}
	}
	d, err := parse(resp, at)
	if err != nil {
		memo.forget(resp.URL)
		sr.stats.errorKind(ErrorParse)
		return parsedDoc{}, fmt.Errorf("read %s: %w", resp.URL, err)
	}
	memo.keep(resp.URL, d)
	return d, nil
}

// get fetches url within the run's request budget, counts the outcome and
// archives the response.
func (sr *run) get(ctx context.Context, url string, accept []string) (*fetch.Response, time.Time, error) {
	if !sr.stats.request() {
		return nil, time.Time{}, errBudget
	}
	resp, err := sr.getter.Get(ctx, url, accept...)
	if err != nil {
		if ctx.Err() == nil { // a cancelled run's unfinished requests are not the shop's failures
			sr.stats.failed(err)
		}
		return nil, time.Time{}, err
	}
	at := sr.r.clock.Now().UTC()
	sr.stats.fetched(resp)
	sr.archive(ctx, resp, at)
	return resp, at, nil
}

// archive hands resp to the RawArchive. A failure is counted and logged but
// does not fail the page: the prices matter more than the raw copy.
func (sr *run) archive(ctx context.Context, resp *fetch.Response, at time.Time) {
	if sr.r.raw == nil {
		return
	}
	sr.seqMu.Lock()
	seq := sr.seq
	sr.seq++
	sr.seqMu.Unlock()
	p := RawPage{
		Shop: sr.shop.Slug, FetchedAt: at, RunID: sr.id, Seq: seq, URL: resp.URL, Status: resp.Status,
		ContentType: clipUTF8(resp.Header.Get("Content-Type"), 256), Body: resp.Body,
	}
	if _, err := sr.r.raw.PutRaw(ctx, p); err != nil {
		sr.stats.errorKind(ErrorArchive)
		sr.log.WarnContext(ctx, "scrape raw page not archived", "url", resp.URL, "seq", seq, "error", err)
	}
}

// pageFailed decides what a page that could not be read means for the
// crawl: nil to go on, errStop to stop and keep what was read, or an error
// that fails the run. first marks the page a run cannot do without;
// catalogPage one that carries listings (not a sitemap or a variation).
func (sr *run) pageFailed(ctx context.Context, url string, err error, first, catalogPage bool) error {
	switch {
	case errors.Is(err, errBudget):
		sr.stats.incomplete(fmt.Sprintf("request bound of %d reached", sr.r.cfg.MaxRequestsPerRun))
		return errStop
	case ctx.Err() != nil:
		return ctx.Err()
	case first:
		return fmt.Errorf("first page: %w", err)
	}
	sr.log.WarnContext(ctx, "scrape page failed", "url", url, "kind", errorKindOf(err), "error", err)
	if sr.stats.pageFailed(catalogPage) {
		sr.stats.incomplete(fmt.Sprintf("%d pages failed in a row", sr.r.cfg.MaxConsecutiveFailures))
		return errStop
	}
	return nil
}

// errorKindOf is the kind a failed page is counted under.
func errorKindOf(err error) string {
	if k := fetch.KindOf(err); k != "" {
		return string(k)
	}
	return ErrorOther
}

// each runs fn for every item, at most limit at a time, and stops starting
// new ones once one returns an error (which it returns) or ctx ends.
func each[T any](ctx context.Context, limit int, items []T, fn func(context.Context, T) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for _, it := range items {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error { return fn(gctx, it) })
	}
	return g.Wait()
}

// clipUTF8 cuts s to at most n bytes of valid UTF-8.
func clipUTF8(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) { // a rune cut in half at the end
		s = s[:len(s)-1]
	}
	return s
}
