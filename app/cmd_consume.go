package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/bus"
)

func newConsumeCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "consume",
		Short: "Ingest product events from Kafka into the database",
		Long: `Consume product-events as the ingest consumer group: validate and normalize
each event, drop confirmed duplicates, write listings and observations to the
database, and produce normalized-products and price-updates. Records that can
never be used (bad bytes, unknown schema, invalid, unknown shop) go to the
dead-letter-queue with the reason in headers. Each polled batch is one Kafka
transaction with its offsets, committed after the database write.

With kafka.brokers empty the embedded broker runs in this process, persisted
under <data_dir>/kafka; to share it with a scrape in another process, run
"skatestock kafka serve" and pass --kafka-brokers to both. With
schema_registry.url empty the registry is served by this process from the
database. The schema must be current: run "skatestock migrate up" first.
Runs until SIGINT or SIGTERM, then logs what it did.`,
		Example: `  skatestock kafka serve &
  skatestock scrape --profile local --all --once --sink kafka --kafka-brokers 127.0.0.1:9092
  skatestock consume --kafka-brokers 127.0.0.1:9092`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runConsume(cmd.Context()) },
	}
}

func (c *cli) runConsume(ctx context.Context) (err error) {
	db, err := openStore(ctx, c.cfg, c.log)
	if err != nil {
		return err
	}
	defer c.closeDatabase(db, &err)
	if err := db.CheckSchema(ctx); err != nil {
		return fmt.Errorf("consume: %w", err)
	}
	p, err := c.openPipeline(ctx, db)
	defer p.close(c, &err)
	if err != nil {
		return fmt.Errorf("consume: %w", err)
	}
	filter, closeFilter, err := c.openDedup(ctx)
	if err != nil {
		return err
	}
	defer closeFilter()
	in, err := newIngester(p, filter, db, c.databaseKind(), c.log.With("module", "ingest"))
	if err != nil {
		return err
	}
	consumer, err := bus.NewTransactConsumer(ingestBus(p.bus), c.log, p.bus.Topics.ProductEvents)
	if err != nil {
		return fmt.Errorf("consume: %w", err)
	}
	log := c.log.With("module", "app")
	log.Info("consume_started", "topic", p.bus.Topics.ProductEvents, "group", p.bus.Consumer.Group)
	// Run returns nil once a signal has stopped it.
	runErr := consumer.Run(ctx, ingestHandler(in))
	s, fs := in.Stats(), filter.Stats()
	log.Info("consume_stopped", "consumed", s.Consumed, "observations", s.Observations,
		"listings_upserted", s.ListingsUpserted, "change_points", s.ChangePoints,
		"confirmed_duplicates", s.ConfirmedDuplicates, "dead_lettered", deadLetterCounts(s.DeadLettered),
		"filter_failures", fs.Failures)
	if runErr != nil {
		return fmt.Errorf("consume: %w", runErr)
	}
	return nil
}

// deadLetterCounts spells dead letters by kind in a stable order for the log.
func deadLetterCounts(m map[string]uint64) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%d", k, m[k])
	}
	return b.String()
}
