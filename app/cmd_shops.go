package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/catalog"
	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/shops"
)

func newShopsCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "shops",
		Short: "Run the local shop simulator that scrapes are tested against",
		Long: `The shop simulator serves the generated catalog of "skatestock seed" as real
online shops would: Shopify's products.json, the WooCommerce Store API and
JSON-LD product pages with sitemaps, each shop on its own loopback port, with
prices moving as simulated time passes and faults to switch on.`,
		Annotations: map[string]string{skipConfig: "true"},
		Args:        unknownSubcommand,
		RunE:        func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newShopsServeCmd(c))
	return cmd
}

func newShopsServeCmd(c *cli) *cobra.Command {
	d := defaultConfig().Seed
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the generated shops on loopback until interrupted",
		Long: `Serve the shops of the generated catalog, shop i on port --base-port+i, in the
format of its platform, until SIGINT or SIGTERM; then stop gracefully. Each
shop's name, platform and URL are printed once it listens.

The catalog is the one "skatestock seed" generates for the same --shops,
--products and --rand-seed (the seed.* settings), so a seeded database and a
scrape of the simulator agree on shops and listings. Prices
follow the generated history from now on, at --speed simulated seconds per
real second; a few listings appear and disappear after the first hour.

The defaults match the "local" profile of configs/shops.yaml, so
"skatestock scrape --profile local --all" reads these shops.

--fault makes shops misbehave, deterministically by request count (robots.txt
is never touched): "SHOP=MODE[:PARAM],..." or "*=..." for every shop.
  slow[:DURATION]   delay every response (default 2s)
  429[:N]           every Nth request is 429 with Retry-After (default 3)
  5xx[:N[/P]]       N 503s at the start of every P requests (default 3/20)
  malformed, html, truncated, huge [:N]
                    spoil every Nth request (default 2): a syntax error, a bot
                    challenge page, half a body, 12 MiB of padding
  redirect[:HOST]   302 to another host (default localhost:<next shop's port>)
  badprice          unusable prices for about one listing in eight`,
		Example: `  skatestock shops serve
  skatestock shops serve --speed 3600 --fault 'kantenwerk=5xx,slow:500ms' --fault '*=badprice'
  skatestock shops serve --base-port 0 --products 200`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runShopsServe(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.Int("shops", d.Shops, "number of shops to serve, the first of the generated catalog")
	bind(fl, "shops", "seed.shops")
	fl.Int("products", d.Products, "number of listings across all shops")
	bind(fl, "products", "seed.products")
	fl.Int64("rand-seed", d.RandSeed, "random seed of the catalog; the same seed and sizes give the same shops")
	bind(fl, "rand-seed", "seed.rand_seed")
	fl.Float64Var(&f.speed, "speed", shops.DefaultSpeed, "simulated seconds per real second; 3600 plays an hour of price history every second")
	fl.IntVar(&f.basePort, "base-port", scrape.LocalBasePort, "port of the first shop, the others follow; 0 picks free ports")
	fl.StringVar(&f.listen, "listen", shops.DefaultHost, "loopback `host` to listen on")
	fl.StringArrayVar(&f.faults, "fault", nil, "`SHOP=MODE[:PARAM],...` faults of a shop (* for every shop); repeatable")
	return cmd
}

func (c *cli) runShopsServe(ctx context.Context, f serveFlags) error {
	sim, cfg, err := c.newSimulator(f)
	if err != nil {
		return err
	}
	if err := sim.Start(ctx); err != nil {
		return fmt.Errorf("shops serve: %w", err)
	}
	if err := c.printServedShops(sim.Shops(), cfg); err != nil {
		_ = sim.Close() // nothing was served yet; the print failure is the news
		return err
	}
	// Run returns nil once a signal has stopped it: serving until told to
	// stop is what the command is for.
	if err := sim.Run(ctx); err != nil {
		return fmt.Errorf("shops serve: %w", err)
	}
	return nil
}

// usageIfInvalid makes an error wrapping catalog.ErrInvalid (the simulator
// refusing its configuration or a fault flag) a usage error.
func usageIfInvalid(op string, err error) error {
	err = fmt.Errorf("%s: %w", op, err)
	if errors.Is(err, catalog.ErrInvalid) {
		return &usageError{err: err}
	}
	return err
}
