package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/bus"
)

func newKafkaCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "kafka",
		Short:       "Run the embedded Kafka broker",
		Annotations: map[string]string{skipConfig: "true"},
		Args:        unknownSubcommand,
		RunE:        func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newKafkaServeCmd(c))
	return cmd
}

func newKafkaServeCmd(c *cli) *cobra.Command {
	var listen string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the embedded Kafka broker on loopback until interrupted",
		Long: `Run the embedded single-broker Kafka cluster, persisted under
<data_dir>/kafka, on --listen until SIGINT or SIGTERM, with the pipeline's
topics created. Scrape and consume processes reach it with
--kafka-brokers set to the same address. Only one process at a time may use
a data directory's broker.`,
		Example: `  skatestock kafka serve
  skatestock consume --kafka-brokers 127.0.0.1:9092`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runKafkaServe(cmd.Context(), listen) },
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:9092", "`host:port` to listen on and advertise")
	return cmd
}

func (c *cli) runKafkaServe(ctx context.Context, listen string) error {
	if err := checkBroker(listen); err != nil {
		return usageErrorf("--listen %q: %w", listen, err)
	}
	if len(c.cfg.Kafka.Brokers) > 0 {
		return usageErrorf("kafka serve runs the embedded broker; kafka.brokers names others (%s)", strings.Join(c.cfg.Kafka.Brokers, ","))
	}
	cfg := bus.DefaultConfig(c.cfg.DataDir)
	cfg.Embedded.Listen = listen
	e, err := bus.StartEmbedded(ctx, cfg, c.log)
	if err != nil {
		return fmt.Errorf("kafka serve: %w", err)
	}
	if _, err := fmt.Fprintf(c.stdout, "kafka\t%s\tdata %s\n", strings.Join(e.Addrs(), ","), cfg.Embedded.DataDir); err != nil {
		e.Close()
		return fmt.Errorf("kafka serve: %w", err)
	}
	// Run returns nil once a signal has stopped it.
	return e.Run(ctx)
}
