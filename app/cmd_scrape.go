package app

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/scrape"
)

func newScrapeCmd(c *cli) *cobra.Command {
	d := defaultConfig().Scrape
	var f scrapeFlags
	cmd := &cobra.Command{
		Use:   "scrape",
		Short: "Read shops' public catalogs and record their prices and stock",
		Long: `Read the catalogs of the shops listed in the shops file (configs/shops.yaml):
Shopify's products.json, the WooCommerce Store API or JSON-LD product pages,
politely (robots.txt, a rate limit and concurrency cap per shop, retries with
backoff) and identifying as SkateStockBot/<version> with the file's contact URL.

Pick shops with --shop NAME (repeatable) or --all from --profile ("default":
real shops; "local": the simulator of "skatestock shops serve"), or name one
shop that is not in the file with --url and --platform (the file is still
read for its contact URL). A --url on loopback or a private network is
refused unless --allow-local is given.

Every observation is written to the database (shops, listings and variants
are upserted first), and every page as fetched is archived gzip-compressed in
the lake (lake.url, by default file://<data_dir>/lake, under
raw/shop=<slug>/date=<day>/). The schema must be current: run
"skatestock migrate up" first. With --sink kafka the observations are
published to the product-events topic instead (Avro, keyed by shop) and only
the shops are written to the database; "skatestock consume" ingests them.
With --dry-run nothing is written: the
observations are printed to stdout as JSON lines instead.

With --once each shop is read once, all at the same time, and the command
fails (exit 1) when any shop's run failed; a run fails when its first page
cannot be read, no catalog page can, or the database refuses a write. Pages
that fail in a run that succeeded are counted in its summary line. Without
--once each shop is read on its schedule until SIGINT or SIGTERM.`,
		Example: `  # the simulator's shops, printed rather than stored
  skatestock shops serve &
  skatestock scrape --profile local --all --once --dry-run --output jsonl | head

  # two real shops into the database, then every 6 hours until stopped
  skatestock scrape --shop labor --shop premier

  # a shop that is not in the shops file
  skatestock scrape --url https://shop.example --platform shopify --currency EUR --country DE --once --dry-run`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.runScrape(cmd.Context(), f, cmd.Flags().Changed)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.shops, "shop", nil, "`NAME` (slug) of a shop of the profile to scrape; repeatable")
	fl.BoolVar(&f.all, "all", false, "scrape every shop of the profile")
	fl.StringVar(&f.profile, "profile", scrape.DefaultProfile, `profile of the shops file to pick shops from ("local" is the simulator)`)
	fl.String("shops-file", d.ShopsFile, "shops `file`: contact URL and profiles of shops")
	bind(fl, "shops-file", "scrape.shops_file")
	fl.BoolVar(&f.once, "once", false, "scrape each shop once and exit, failing if any run failed")
	fl.BoolVar(&f.dryRun, "dry-run", false, "write nothing: print the observations to stdout")
	fl.StringVar(&f.output, "output", outputJSONL, "format of --dry-run output: jsonl (one catalog.ProductEvent per line)")
	fl.StringVar(&f.url, "url", "", "storefront `URL` of a shop that is not in the shops file")
	fl.StringVar(&f.platform, "platform", "", "platform of the --url shop: shopify, woocommerce or jsonld")
	fl.StringVar(&f.currency, "currency", "USD", "ISO 4217 currency of the --url shop's prices")
	fl.StringVar(&f.country, "country", "US", "ISO 3166 country of the --url shop")
	fl.BoolVar(&f.allowLocal, "allow-local", false, "let the --url shop resolve to loopback and private addresses (the simulator); refused otherwise")
	fl.Float64Var(&f.rateLimit, "rate-limit", scrape.DefaultRateLimit, fmt.Sprintf("requests per second to the --url shop, at most %g", scrape.MaxRateLimit))
	fl.StringVar(&f.pattern, "product-url-pattern", "", "jsonld --url shop: regular expression for the paths of product pages in its sitemap (default "+scrape.DefaultProductURLPattern+")")
	fl.Duration("request-timeout", d.RequestTimeout, "longest one request attempt may take, connect to last byte")
	bind(fl, "request-timeout", "scrape.request_timeout")
	fl.Int("max-retries", d.MaxRetries, "retries of a request after a network error, timeout, 429 or 5xx")
	bind(fl, "max-retries", "scrape.max_retries")
	fl.Duration("backoff-base", d.BackoffBase, "longest wait before the first retry; it doubles with each retry (a Retry-After wins)")
	bind(fl, "backoff-base", "scrape.backoff_base")
	fl.String("sink", d.Sink, `where observations go: "store" (the database) or "kafka" (product-events, for "skatestock consume")`)
	bind(fl, "sink", "scrape.sink")
	return cmd
}
