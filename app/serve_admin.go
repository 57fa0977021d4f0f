package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/skatestock/skatestock/modules/api"
	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
)

// deadLetters adapts the bus's dead-letter queue to the API's port.
type deadLetters struct{ dlq *bus.DLQ }

func (d deadLetters) ListDeadLetters(ctx context.Context, limit int) ([]api.DeadLetter, error) {
	letters, err := d.dlq.List(ctx, limit)
	if err != nil && len(letters) == 0 {
		return nil, err
	}
	// A letter whose headers do not decode is still listed as far as it
	// decodes; the list is what an operator needs to see it.
	out := make([]api.DeadLetter, len(letters))
	for i, l := range letters {
		out[i] = api.DeadLetter{
			DLQPartition: l.DLQPartition, DLQOffset: l.DLQOffset,
			SourceTopic: l.SourceTopic, SourcePartition: l.Partition, SourceOffset: l.Offset,
			Kind: l.Kind, Message: l.Message, SchemaID: l.SchemaID, FailedAt: l.FailedAt,
			ReplayCount: l.ReplayCount, Key: string(l.Key), ValueSize: len(l.Value),
		}
	}
	return out, nil
}

func (d deadLetters) ReplayDeadLetters(ctx context.Context, req api.ReplayRequest) (api.ReplayResult, error) {
	letters, err := d.dlq.List(ctx, 0)
	if err != nil && len(letters) == 0 {
		return api.ReplayResult{}, err
	}
	chosen := slices.DeleteFunc(letters, func(l bus.DeadLetter) bool {
		return l.SourceTopic == "" || !replayChooses(req, l)
	})
	report, err := d.dlq.Replay(ctx, chosen, nil)
	return api.ReplayResult{Replayed: report.Replayed, Exhausted: len(report.Exhausted)}, err
}

// replayChooses reports whether req picks letter l: its kind when req names
// one, and its source position when req lists positions.
func replayChooses(req api.ReplayRequest, l bus.DeadLetter) bool {
	if req.Kind != "" && l.Kind != req.Kind {
		return false
	}
	if len(req.Positions) == 0 {
		return true
	}
	return slices.Contains(req.Positions, api.SourcePosition{Topic: l.SourceTopic, Partition: l.Partition, Offset: l.Offset})
}

// scrapeTrigger runs one shop's scrape in the background when the admin API
// asks, through the same Runner, sink and run records as `skatestock
// scrape`. The Runner refuses a second run of a shop while one is in
// flight.
type scrapeTrigger struct {
	ctx    context.Context // the serve process's: runs stop with it
	runner *scrape.Runner
	shops  map[string]scrape.ShopConfig
	runs   *scrapeRuns
	log    *slog.Logger
	wg     sync.WaitGroup
}

func (t *scrapeTrigger) TriggerScrape(ctx context.Context, slug string) (string, error) {
	shop, ok := t.shops[slug]
	if !ok {
		return "", fmt.Errorf("scrape %s: %w: no such shop in the shops file", slug, catalog.ErrNotFound)
	}
	// A shop is written when it is first scraped, not when serve starts:
	// the shops file may list shops this database never follows.
	if err := t.runs.registerShops(ctx, []scrape.ShopConfig{shop}); err != nil {
		return "", err
	}
	// The run belongs to the process, not to the request that asked.
	id, done, err := t.runner.Start(t.ctx, shop)
	if errors.Is(err, scrape.ErrRunInProgress) {
		return "", fmt.Errorf("%w: %w", catalog.ErrDuplicate, err)
	}
	if err != nil {
		return "", err
	}
	t.wg.Go(func() {
		rep := <-done
		t.runs.record(t.ctx, rep)
		if rep.Err != nil {
			t.log.Warn("admin_scrape_failed", "shop", slug, "run", id, "err", rep.Err)
			return
		}
		t.log.Info("admin_scrape_done", "shop", slug, "run", id, "observations", rep.Observations)
	})
	return id, nil
}

// wait blocks until every triggered run has ended and been recorded (they
// end with the process's context).
func (t *scrapeTrigger) wait() { t.wg.Wait() }
