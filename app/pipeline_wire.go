package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/schema"
)

// pipeline is the Kafka side of skatestock as scrape (with --sink kafka) and
// consume use it: the bus configuration pointing at reachable brokers, the
// embedded broker when kafka.brokers is empty, the embedded Schema Registry
// when schema_registry.url is empty, and the Serde registered through
// whichever registry is in use.
type pipeline struct {
	bus      bus.Config // Brokers set: the configured ones or the embedded broker's
	embedded *bus.Embedded
	registry *registryServer
	serde    *schema.Serde
}

// openPipeline starts what the configuration leaves embedded and registers
// the schemas. db backs the embedded registry, so schema ids survive
// restarts; its schema must be current. Close the result with close, also
// when openPipeline fails.
func (c *cli) openPipeline(ctx context.Context, db database) (*pipeline, error) {
	log := c.log.With("module", "app")
	p := &pipeline{}
	var err error
	if p.bus, p.embedded, err = c.openBroker(ctx); err != nil {
		return p, err
	}
	url := c.cfg.Registry.URL
	if url == "" {
		rs, err := registryStoreOf(db)
		if err != nil {
			return p, err
		}
		if p.registry, err = startRegistry(ctx, rs, c.log); err != nil {
			return p, err
		}
		url = p.registry.url
	}
	cc := schema.ClientConfig{URLs: []string{url}}
	if p.registry == nil {
		cc.Username, cc.Password = c.cfg.Registry.Username, c.cfg.Registry.Password
	}
	client, err := schema.NewClient(cc)
	if err != nil {
		return p, fmt.Errorf("schema registry: %w", err)
	}
	if p.serde, err = schema.Register(ctx, client, schema.DefaultTopics()); err != nil {
		return p, fmt.Errorf("schema registry %s: %w", maskURL(url), err)
	}
	log.Info("pipeline_ready", "brokers", p.bus.Brokers, "embedded_kafka", p.embedded != nil,
		"schema_registry", maskURL(url), "embedded_registry", p.registry != nil)
	return p, nil
}

// openBroker returns the bus configuration pointing at reachable brokers
// with the pipeline's topics present: the configured brokers, or, when
// kafka.brokers is empty, the embedded broker it starts under data_dir,
// returned too so that the caller closes it. On error nothing is left
// running.
func (c *cli) openBroker(ctx context.Context) (bus.Config, *bus.Embedded, error) {
	cfg := c.busConfig()
	if len(c.cfg.Kafka.Brokers) > 0 {
		cfg = cfg.WithBrokers(c.cfg.Kafka.Brokers)
		return cfg, nil, ensureTopics(ctx, cfg, c.log)
	}
	e, err := bus.StartEmbedded(ctx, cfg, c.log) // creates the topics too
	if err != nil {
		return cfg, nil, err
	}
	return cfg.WithBrokers(e.Addrs()), e, nil
}

// busConfig is the bus defaults with what config sets: the credentials
// and TLS of configured brokers and the replica's instance id.
func (c *cli) busConfig() bus.Config {
	cfg := bus.DefaultConfig(c.cfg.DataDir)
	k := c.cfg.Kafka
	cfg.SASL = bus.SASLConfig{Mechanism: k.SASL.Mechanism, Username: k.SASL.Username, Password: bus.Secret(k.SASL.Password)}
	cfg.TLS = bus.TLSConfig{Enabled: k.TLS.Enabled, CAFile: k.TLS.CAFile, InsecureSkipVerify: k.TLS.InsecureSkipVerify}
	cfg.Consumer.InstanceID = k.InstanceID
	return cfg
}

// ensureTopics creates the missing topics on configured brokers.
func ensureTopics(ctx context.Context, cfg bus.Config, log *slog.Logger) error {
	admin, err := bus.NewAdmin(cfg, log)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = bus.EnsureTopics(ctx, admin, cfg)
	return err
}

// registryStoreOf is db as the embedded registry's store. Both store
// implementations are one; the check guards a third that is not.
func registryStoreOf(db database) (schema.RegistryStore, error) {
	rs, ok := db.(schema.RegistryStore)
	if !ok {
		return nil, errors.New("embedded schema registry: the database cannot hold it; set schema_registry.url")
	}
	return rs, nil
}

// close stops what openPipeline started, in reverse order.
func (p *pipeline) close(c *cli, errp *error) {
	if p.registry != nil {
		if err := p.registry.close(); err != nil {
			if *errp == nil {
				*errp = err
			} else {
				c.log.Warn("close schema registry failed", "module", "app", "error", err)
			}
		}
	}
	if p.embedded != nil {
		p.embedded.Close()
	}
}
