package app

import (
	"context"
	"fmt"

	"github.com/skatestock/skatestock/modules/bus"
)

// dlqFilter chooses the dead letters dlq replay publishes; an empty field
// matches everything.
type dlqFilter struct {
	kind, sourceTopic string
}

func (f dlqFilter) match(l bus.DeadLetter) bool {
	return (f.kind == "" || l.Kind == f.kind) && (f.sourceTopic == "" || l.SourceTopic == f.sourceTopic)
}

func (c *cli) runDLQReplay(ctx context.Context, f dlqFilter, limit int, dryRun bool) error {
	dlq, closeDLQ, err := c.openDLQ(ctx)
	defer closeDLQ()
	if err != nil {
		return fmt.Errorf("dlq replay: %w", err)
	}
	// Malformed letters are skipped (they name no topic to replay to) and
	// make the command fail once the others are replayed.
	letters, listErr := dlq.List(ctx, 0)
	if listErr != nil && len(letters) == 0 {
		return fmt.Errorf("dlq replay: %w", listErr)
	}
	var chosen []bus.DeadLetter
	for _, l := range letters {
		if l.SourceTopic != "" && f.match(l) {
			chosen = append(chosen, l)
		}
	}
	left := 0
	if len(chosen) > limit {
		left = len(chosen) - limit
		chosen = chosen[:limit]
	}

	var report bus.ReplayReport
	if dryRun {
		for _, l := range chosen {
			if l.ReplayCount >= bus.MaxReplays {
				report.Exhausted = append(report.Exhausted, l)
			} else {
				report.Replayed++
			}
		}
	} else {
		report, err = dlq.Replay(ctx, chosen, nil)
	}
	if werr := writeReplayReport(c.stdout, report, left, dryRun); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		return fmt.Errorf("dlq replay: %w", err)
	}
	if listErr != nil {
		return fmt.Errorf("dlq replay: %w", listErr)
	}
	return nil
}
