package app

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cli is what every command shares: the process surroundings given to run,
// and, once the root's pre-run hook has loaded them, the configuration and
// logger.
type cli struct {
	stdout, stderr io.Writer
	environ        []string
	stderrTTY      bool

	cfg     config
	log     *slog.Logger
	logFile *logFile // log.file when set; run closes it
}

// skipConfig marks commands that need no configuration (version, and the
// groups that only print help), so a broken config cannot stop them.
const skipConfig = "skatestock/skip-config"

func newRootCmd(c *cli) *cobra.Command {
	defaults := defaultConfig()
	root := &cobra.Command{
		Use:   "skatestock",
		Short: "Track prices and stock of skateboard gear across online shops",
		Long: `skatestock follows the catalogs of online skate shops and keeps the history of
every variant's price and availability.

Configuration comes from built-in defaults, then an optional YAML file
(--config or SKATESTOCK_CONFIG), then SKATESTOCK_* environment variables, then
flags; later sources win. See configs/skatestock.yaml for every key.`,
		Example: `  # create the schema and fill the embedded SQLite database with demo data
  skatestock migrate up
  skatestock seed

  # scrape the local shop simulator into it
  skatestock shops serve &
  skatestock scrape --profile local --all --once

  # use Postgres instead
  SKATESTOCK_DATABASE_URL=postgres://skate:secret@localhost:5432/skatestock skatestock migrate up`,
		Version:       version,
		Annotations:   map[string]string{skipConfig: "true"},
		Args:          unknownSubcommand,
		RunE:          func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Annotations[skipConfig] != "" {
				return nil
			}
			return c.setup(cmd.Flags())
		},
	}
	root.SetVersionTemplate(versionText() + "\n")
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err: err} })

	pf := root.PersistentFlags()
	pf.String("config", "", "YAML config `file` (default $SKATESTOCK_CONFIG, else none)")
	pf.String("log-level", defaults.Log.Level, "log level: debug, info, warn or error")
	bind(pf, "log-level", "log.level")
	pf.String("log-format", defaults.Log.Format, "log format: auto (text on a terminal, JSON otherwise), text or json")
	bind(pf, "log-format", "log.format")
	pf.String("data-dir", defaults.DataDir, "`dir`ectory for local data (the embedded SQLite database lives here)")
	bind(pf, "data-dir", "data_dir")
	pf.String("database-url", "", "database `url`: postgres://user:pass@host/db, sqlite:///abs/path or sqlite://./rel/path (default sqlite://<data-dir>/skatestock.db)")
	bind(pf, "database-url", "database.url")
	pf.String("kafka-brokers", "", "Kafka bootstrap brokers as `host:port,...` (default the embedded broker, under <data-dir>/kafka)")
	bind(pf, "kafka-brokers", "kafka.brokers")
	pf.String("schema-registry-url", "", "Schema Registry `url` (default the registry embedded in the process)")
	bind(pf, "schema-registry-url", "schema_registry.url")

	root.AddCommand(newAnalyticsCmd(c), newConsumeCmd(c), newDemoCmd(c), newDLQCmd(c), newEvalCmd(c), newKafkaCmd(c), newMigrateCmd(c), newScrapeCmd(c), newSeedCmd(c), newServeCmd(c), newShopsCmd(c), newVerifyCmd(c), newVersionCmd(c))
	// Make cobra's help command now rather than at Execute, so that it can
	// be marked as needing no configuration like the other help paths.
	root.InitDefaultHelpCmd()
	for _, sub := range root.Commands() {
		if sub.Name() == "help" {
			sub.Annotations = map[string]string{skipConfig: "true"}
		}
	}
	return root
}

// setup loads and validates the configuration once, then builds the logger;
// every command that touches the outside world runs it first.
func (c *cli) setup(flags *pflag.FlagSet) error {
	cfg, err := loadConfig(flags, c.environ)
	if err != nil {
		return err
	}
	c.cfg = cfg
	w, tty := c.stderr, c.stderrTTY
	if cfg.Log.File != "" {
		f, err := openLogFile(cfg.Log.File)
		if err != nil {
			return err
		}
		c.logFile, w, tty = f, f, false
	}
	c.log = newLogger(w, cfg.Log, tty)
	c.log.With("module", "app").Debug("effective config", cfg.logAttrs()...)
	return nil
}

// configKeyAnnotation names, on a flag, the config key the flag overrides.
const configKeyAnnotation = "skatestock/config-key"

// bind records on the flag name, defined just before, which config key it
// sets; loadConfig applies changed bound flags last, so flags win over file
// and environment.
func bind(fs *pflag.FlagSet, name, key string) {
	fs.Lookup(name).Annotations = map[string][]string{configKeyAnnotation: {key}}
}

// unknownSubcommand rejects arguments to commands that only group others,
// with a suggestion, as a usage error.
func unknownSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return &usageError{err: fmt.Errorf("%s (see %s --help)", msg, cmd.CommandPath())}
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q (see %s --help)", cmd.CommandPath(), args[0], cmd.CommandPath())
	}
	return nil
}
