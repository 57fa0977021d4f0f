package app

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skatestock/skatestock/modules/scrape"
)

func newServeCmd(c *cli) *cobra.Command {
	var profile string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API, its docs, health and metrics",
		Long: `Serve the read API under /api/v1 (products, offers, history, shops, brands,
categories, deals, stats), the OpenAPI document at /openapi.json and its
interactive docs at /docs, /healthz, /readyz and /metrics (Prometheus).

Answers are cached (in Redis with redis.url, else in memory) and every cached
answer is dropped as soon as a price update arrives on Kafka's price-updates
topic. Requests are rate limited per client IP and per API key
(rate_limit.*), shared across instances through Redis. The admin routes
(/api/v1/admin/...) need one of api.admin_keys: they trigger a scrape of a
shop of the shops file's --scrape-profile, and list and replay dead letters.

With kafka.brokers empty the embedded broker runs in this process; to share
it with consume and scrape in other processes, run "skatestock kafka serve"
and pass --kafka-brokers to all of them. Runs until SIGINT or SIGTERM, then
finishes the requests in flight (http.shutdown_timeout).`,
		Example: `  skatestock serve
  skatestock serve --http-addr 127.0.0.1:8080 --database-url postgres://skate@db/skatestock
  curl 'http://127.0.0.1:8080/api/v1/products?brand=Independent&discount_min=20'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.runServe(cmd.Context(), profile) },
	}
	f := cmd.Flags()
	f.String("http-addr", defaultHTTPConfig().Addr, "`host:port` to listen on")
	bind(f, "http-addr", "http.addr")
	f.StringVar(&profile, "scrape-profile", "default", "`profile` of the shops file whose shops the admin API may scrape")
	return cmd
}

func (c *cli) runServe(ctx context.Context, profile string) (err error) {
	scope, err := c.serveScope(profile)
	if err != nil {
		return err
	}
	s, err := c.openServe(ctx, scope)
	defer s.close(c, &err)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return s.run(ctx, c)
}

// serveScope is the shops of profile in the shops file. The file is
// optional for serve: without it the admin scrape route knows no shop.
func (c *cli) serveScope(profile string) (scrapeScope, error) {
	file, err := scrape.LoadShopsFile(c.cfg.Scrape.ShopsFile)
	if err != nil {
		c.log.Warn("serve_without_scrapes", "shops_file", c.cfg.Scrape.ShopsFile, "err", err)
		return scrapeScope{}, nil
	}
	shops, err := file.Profile(profile)
	if err != nil {
		return scrapeScope{}, usageErrorf("--scrape-profile: %s: %w", c.cfg.Scrape.ShopsFile, err)
	}
	return scrapeScope{shops: shops, contact: file.ContactURL}, nil
}
