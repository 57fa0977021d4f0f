package app

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/store"
)

func newMigrateCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply or inspect the database schema migrations",
		Long: `The schema is a series of numbered migrations embedded in the binary.
"migrate up" applies the pending ones; "migrate status" lists them all.
Commands that read or write data refuse a schema that is not current.`,
		Annotations: map[string]string{skipConfig: "true"},
		Args:        unknownSubcommand,
		RunE:        func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newMigrateUpCmd(c), newMigrateStatusCmd(c))
	return cmd
}

func newMigrateUpCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "up",
		Short: "Apply every pending migration",
		Long: `Apply every pending migration, each in its own transaction, and print the
versions applied. Running it on a current database changes nothing.`,
		Example: `  skatestock migrate up
  skatestock migrate up --database-url postgres://skate:secret@db.internal:5432/skatestock`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			ctx := cmd.Context()
			db, err := openStore(ctx, c.cfg, c.log)
			if err != nil {
				return err
			}
			defer c.closeDatabase(db, &err)
			applied, err := db.MigrateUp(ctx)
			if err != nil {
				return fmt.Errorf("migrate up: %w", err)
			}
			return c.reportMigrateUp(ctx, db, applied)
		},
	}
}

// reportMigrateUp prints each applied version with its name, then where the
// schema now stands.
func (c *cli) reportMigrateUp(ctx context.Context, db database, applied []int64) error {
	status, err := db.MigrationStatus(ctx)
	if err != nil {
		return fmt.Errorf("migration status: %w", err)
	}
	names := make(map[int64]string, len(status))
	var current int64
	for _, s := range status {
		names[s.Version] = s.Name
		if !s.AppliedAt.IsZero() {
			current = max(current, s.Version)
		}
	}
	where := maskURL(c.cfg.databaseURL())
	if len(applied) == 0 {
		fmt.Fprintf(c.stdout, "database is up to date (version %d, %s)\n", current, where)
		return nil
	}
	for _, v := range applied {
		fmt.Fprintf(c.stdout, "applied %d %s\n", v, names[v])
	}
	fmt.Fprintf(c.stdout, "database is at version %d (%s)\n", current, where)
	return nil
}

func newMigrateStatusCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "List every migration and whether it is applied",
		Example: `  skatestock migrate status
  SKATESTOCK_DATABASE_URL=sqlite:///var/lib/skatestock/skatestock.db skatestock migrate status`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			ctx := cmd.Context()
			db, err := openStore(ctx, c.cfg, c.log)
			if err != nil {
				return err
			}
			defer c.closeDatabase(db, &err)
			status, err := db.MigrationStatus(ctx)
			if err != nil {
				return fmt.Errorf("migration status: %w", err)
			}
			return c.printMigrationStatus(status)
		},
	}
}

// printMigrationStatus prints a table of migrations and a summary line.
func (c *cli) printMigrationStatus(status []store.MigrationStatus) error {
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tNAME\tAPPLIED AT")
	pending := 0
	for _, s := range status {
		at := "pending"
		if !s.AppliedAt.IsZero() {
			at = s.AppliedAt.UTC().Format(time.RFC3339)
		} else {
			pending++
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", s.Version, s.Name, at)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print status: %w", err)
	}
	fmt.Fprintf(c.stdout, "%d applied, %d pending (%s)\n", len(status)-pending, pending, maskURL(c.cfg.databaseURL()))
	return nil
}
