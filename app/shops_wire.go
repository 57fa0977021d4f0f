package app

import (
	"fmt"
	"math"
	"net"
	"text/tabwriter"
	"time"

	"github.com/skatestock/skatestock/modules/scrape"
	"github.com/skatestock/skatestock/modules/seed"
	"github.com/skatestock/skatestock/modules/shops"
)

// serveFlags are the flags of `shops serve` that configure the simulator
// rather than the catalog (which comes from the seed.* keys).
type serveFlags struct {
	speed    float64
	basePort int
	listen   string
	faults   []string
}

// The price history the simulator plays. It starts now and runs a year,
// because after its end no new sales or stock-outs start (a longer plan
// would only add seasonal sales, at three times the planning cost); four
// slots a day match the default 6h scrape schedule.
const (
	simHistoryDays   = 365
	simHistoryPerDay = 4
)

// simulatorCatalog is the generator config of the catalog the simulator
// serves from start: the sizes and seed of the seed.* keys, so that shops
// and listings agree with a seeded database, and a history from start to a
// year later.
func (c config) simulatorCatalog(start time.Time) seed.Config {
	return seed.Config{
		Shops: c.Seed.Shops, Products: c.Seed.Products, RandSeed: c.Seed.RandSeed,
		Days: simHistoryDays, PerDay: simHistoryPerDay,
		End: start.Add(simHistoryDays * 24 * time.Hour),
	}
}

// simulatorConfig checks the flags and builds the simulator's config.
// Problems are usage errors naming the flag.
func (f serveFlags) simulatorConfig(start time.Time) (shops.Config, error) {
	cfg := shops.DefaultConfig()
	if math.IsNaN(f.speed) || f.speed <= 0 || f.speed > shops.MaxSpeed {
		return cfg, usageErrorf("--speed %g: must be simulated seconds per real second, above 0 and at most %g", f.speed, float64(shops.MaxSpeed))
	}
	if f.basePort < 0 || f.basePort > 65535 {
		return cfg, usageErrorf("--base-port %d: must be a port from 1 to 65535, or 0 for free ports", f.basePort)
	}
	// The shops serve made-up prices: nothing for the network to see.
	if ip := net.ParseIP(f.listen); f.listen != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return cfg, usageErrorf("--listen %q: must be a loopback address such as 127.0.0.1, ::1 or localhost", f.listen)
	}
	faults, err := shops.ParseFaultFlags(f.faults)
	if err != nil {
		return cfg, usageIfInvalid("--fault", err)
	}
	cfg.Host, cfg.BasePort, cfg.Speed, cfg.Start, cfg.Faults = f.listen, f.basePort, f.speed, start, faults
	if err := cfg.Validate(); err != nil {
		return cfg, usageIfInvalid("shops serve", err)
	}
	return cfg, nil
}

// newSimulator builds the simulator of `shops serve` from the flags and the
// seed.* settings; it binds no port yet.
func (c *cli) newSimulator(f serveFlags) (*shops.Simulator, shops.Config, error) {
	start := time.Now().UTC().Truncate(time.Second)
	cfg, err := f.simulatorConfig(start)
	if err != nil {
		return nil, cfg, err
	}
	gen, err := seed.New(c.cfg.simulatorCatalog(start))
	if err != nil {
		return nil, cfg, usageIfInvalid("shops serve", err)
	}
	sim, err := shops.New(cfg, c.log, gen)
	if err != nil {
		return nil, cfg, usageIfInvalid("shops serve", err) // a fault for a shop the catalog lacks
	}
	return sim, cfg, nil
}

// printServedShops lists the shops as served, then says how to scrape them:
// the local profile when the ports are its ports, else one shop by URL.
func (c *cli) printServedShops(served []shops.Running, cfg shops.Config) error {
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SHOP\tPLATFORM\tURL\tFAULTS")
	for _, r := range served {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Shop.Slug, r.Shop.Platform, r.Shop.BaseURL, faultsOf(cfg, r.Shop.Slug))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print shops: %w", err)
	}
	hint := "scrape them with: skatestock scrape --profile local --all --once"
	if cfg.BasePort != scrape.LocalBasePort || cfg.Host != shops.DefaultHost {
		first := served[0].Shop
		hint = fmt.Sprintf("scrape one with: skatestock scrape --url %s --platform %s --allow-local --once", first.BaseURL, first.Platform)
	}
	fmt.Fprintf(c.stderr, "serving %d shops at %gx simulated time until interrupted; %s\n", len(served), cfg.Speed, hint)
	return nil
}

// faultsOf is how shop slug misbehaves, as --fault spells it.
func faultsOf(cfg shops.Config, slug string) string {
	if f, ok := cfg.Faults[slug]; ok {
		return f.String()
	}
	if f, ok := cfg.Faults["*"]; ok {
		return f.String()
	}
	return "none"
}
