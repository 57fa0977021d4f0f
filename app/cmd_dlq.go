package app

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/bus"
)

// maxDLQLimit bounds --limit of the dlq commands: both hold the letters
// they read in memory.
const maxDLQLimit = 100000

func newDLQCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "dlq",
		Short:       "Inspect and replay the dead-letter queue",
		Annotations: map[string]string{skipConfig: "true"},
		Args:        unknownSubcommand,
		RunE:        func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newDLQListCmd(c), newDLQReplayCmd(c))
	return cmd
}

func newDLQListCmd(c *cli) *cobra.Command {
	var limit int
	var output string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print the dead letters",
		Long: `Print the records consume dead-lettered, ordered by partition and offset:
where each came from (source topic/partition/offset), the error kind, the
schema id it was written with, when it failed, the error message and the key.
The table shortens messages to one line; --output jsonl prints every field of
one letter per line, with the key, value and header values in base64.

Reads without a consumer group, so it moves nobody's offsets. With
kafka.brokers empty it runs the embedded broker under <data_dir>/kafka, which
only one process at a time may use: stop consume first, or run
"skatestock kafka serve" and pass --kafka-brokers.`,
		Example: `  skatestock dlq list
  skatestock dlq list --limit 10 --output jsonl --kafka-brokers 127.0.0.1:9092`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkDLQLimit(limit); err != nil {
				return err
			}
			if output != "table" && output != "jsonl" {
				return usageErrorf("--output %q: want table or jsonl", output)
			}
			return c.runDLQList(cmd.Context(), limit, output)
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 100, "print at most `n` dead letters (1..100000)")
	cmd.Flags().StringVar(&output, "output", "table", "output `format`: table or jsonl")
	return cmd
}

func newDLQReplayCmd(c *cli) *cobra.Command {
	var (
		f      dlqFilter
		limit  int
		dryRun bool
	)
	cmd := &cobra.Command{
		Use:   "replay",
		Short: "Publish dead letters back to their source topic",
		Long: `Publish the original key, value and headers of the dead letters that match
the filters back to the topic they were consumed from, with an x-replay-count
header one higher than before. Letters already replayed 3 times are refused
and left alone, so a record that keeps failing cannot loop. The dead letters
stay in the queue; replaying one twice publishes it twice, which ingest
absorbs like any redelivery. --dry-run prints what would be replayed and
publishes nothing.

Exits 1 when a record could not be published or a dead letter could not be
read. Needs the broker like "dlq list".`,
		Example: `  skatestock dlq replay --kind decode --dry-run
  skatestock dlq replay --kind unknown_shop --source-topic product-events`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkDLQLimit(limit); err != nil {
				return err
			}
			return c.runDLQReplay(cmd.Context(), f, limit, dryRun)
		},
	}
	cmd.Flags().StringVar(&f.kind, "kind", "", "replay only letters of this error `kind` (decode, validate, ...)")
	cmd.Flags().StringVar(&f.sourceTopic, "source-topic", "", "replay only letters consumed from this `topic`")
	cmd.Flags().IntVar(&limit, "limit", maxDLQLimit, "replay at most `n` matching dead letters (1..100000), the oldest first")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be replayed; publish nothing")
	return cmd
}

func checkDLQLimit(limit int) error {
	if limit < 1 || limit > maxDLQLimit {
		return usageErrorf("--limit %d: want 1..%d", limit, maxDLQLimit)
	}
	return nil
}

// openDLQ connects to the dead-letter topic of the configured or embedded
// broker. Call the returned func to close both, also after an error.
func (c *cli) openDLQ(ctx context.Context) (*bus.DLQ, func(), error) {
	cfg, embedded, err := c.openBroker(ctx)
	closeBroker := func() {
		if embedded != nil {
			embedded.Close()
		}
	}
	if err != nil {
		return nil, closeBroker, err
	}
	dlq, err := bus.NewDLQ(cfg, c.log)
	if err != nil {
		return nil, closeBroker, err
	}
	return dlq, func() { dlq.Close(); closeBroker() }, nil
}

func (c *cli) runDLQList(ctx context.Context, limit int, output string) error {
	dlq, closeDLQ, err := c.openDLQ(ctx)
	defer closeDLQ()
	if err != nil {
		return fmt.Errorf("dlq list: %w", err)
	}
	// A malformed letter is printed as far as it decodes, then reported.
	letters, listErr := dlq.List(ctx, limit)
	if listErr != nil && len(letters) == 0 {
		return fmt.Errorf("dlq list: %w", listErr)
	}
	if output == "jsonl" {
		err = writeDeadLettersJSONL(c.stdout, letters)
	} else {
		err = writeDeadLettersTable(c.stdout, letters)
	}
	if err != nil {
		return fmt.Errorf("dlq list: %w", err)
	}
	if listErr != nil {
		return fmt.Errorf("dlq list: %w", listErr)
	}
	return nil
}
