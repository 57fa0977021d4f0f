package app

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
)

// TestPipelineEndToEnd scrapes a simulated shop into product-events through
// the kafka sink, then consumes them: every event served becomes one
// observation in the store, normalized-products and price-updates get
// records, and a poison record lands in the dead-letter queue with its
// reason while the rest is processed. Kafka is one embedded broker shared by
// both commands, as `kafka serve` would be; the registry is embedded in each
// command and kept in the database.
func TestPipelineEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Kafka, a shop simulator and two commands; skipped with -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	busCfg := bus.DefaultConfig("")
	broker, err := bus.StartEmbedded(ctx, busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	busCfg = busCfg.WithBrokers(broker.Addrs())

	h := startSimulator(t, 30, nil)
	shop := h.shop(t, catalog.PlatformShopify).Shop
	served := count(h.served(t, shop.Slug))
	env := pipelineEnv(t, broker.Addrs())
	if r := runCLI(t, env, "migrate", "up"); r.code != 0 {
		t.Fatalf("migrate up: %d %s", r.code, r.stderr)
	}
	r := runCLI(t, env, adHocArgs(shop, "--allow-local", "--sink", "kafka")...)
	if r.code != 0 {
		t.Fatalf("scrape: %d %s", r.code, r.stderr)
	}
	if want := regexp.MustCompile(`published\s+` + strconv.Itoa(served) + ` product events to product-events`); !want.MatchString(r.stdout) {
		t.Errorf("scrape output does not match %s:\n%s", want, r.stdout)
	}

	producer, err := bus.NewProducer(busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer producer.Close(ctx)
	poison := bus.Record{Topic: busCfg.Topics.ProductEvents, Key: []byte("poison"), Value: []byte("not avro")}
	if err := producer.Publish(ctx, []bus.Record{poison}); err != nil {
		t.Fatal(err)
	}

	consumed := consumeUntilCaughtUp(ctx, t, env, busCfg)
	if !strings.Contains(consumed, "consume_stopped") || !strings.Contains(consumed, "decode=1") {
		t.Errorf("consume log lacks its stats with one decode dead letter:\n%s", consumed)
	}

	db, err := openStore(ctx, configFor(t, env), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Shops != 1 || counts.Variants != int64(served) || counts.PricePoints != int64(served) {
		t.Errorf("store holds %+v; want 1 shop and %d variants and price points", counts, served)
	}

	admin, err := bus.NewAdmin(busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, topic := range []string{busCfg.Topics.NormalizedProducts, busCfg.Topics.PriceUpdates} {
		// A group that never committed lags by every record retained.
		lag, err := admin.Lag(ctx, "probe-"+topic, topic)
		if err != nil {
			t.Fatal(err)
		}
		if lag.Total() == 0 {
			t.Errorf("%s holds no records", topic)
		}
	}
	dlq, err := bus.NewDLQ(busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dlq.Close()
	letters, err := dlq.List(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(letters) != 1 {
		t.Fatalf("dead letters %+v, want the poison record only", letters)
	}
	l := letters[0]
	if l.SourceTopic != busCfg.Topics.ProductEvents || l.Kind != "decode" || string(l.Value) != "not avro" || l.Message == "" {
		t.Errorf("dead letter %+v: want the poison record from %s, kind decode, with a message", l, busCfg.Topics.ProductEvents)
	}
}

// pipelineEnv is the environment of both commands: a fresh data directory,
// the shared broker and the repository's shops file.
func pipelineEnv(t *testing.T, brokers []string) []string {
	t.Helper()
	return []string{
		"SKATESTOCK_DATA_DIR=" + t.TempDir(),
		"SKATESTOCK_KAFKA_BROKERS=" + strings.Join(brokers, ","),
		"SKATESTOCK_SCRAPE_SHOPS_FILE=../configs/shops.yaml",
		"SKATESTOCK_LOG_FORMAT=text",
	}
}

// configFor loads the configuration env gives.
func configFor(t *testing.T, env []string) config {
	t.Helper()
	cfg, err := loadFor(t, env, "seed")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// consumeUntilCaughtUp runs consume in-process until the ingest group's lag
// on product-events is zero, then stops it as a signal would and returns its
// log.
func consumeUntilCaughtUp(ctx context.Context, t *testing.T, env []string, busCfg bus.Config) string {
	t.Helper()
	admin, err := bus.NewAdmin(busCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	cctx, stop := context.WithCancel(ctx)
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(cctx, []string{"consume"}, env, &stdout, &stderr, false) }()
	for {
		lag, err := admin.Lag(ctx, busCfg.Consumer.Group, busCfg.Topics.ProductEvents)
		if err == nil && lag.Total() == 0 {
			break
		}
		select {
		case code := <-done:
			t.Fatalf("consume exited early with %d: %s", code, stderr.String())
		case <-ctx.Done():
			stop()
			<-done
			t.Fatalf("consume did not catch up: lag %v, %v\n%s", lag, err, stderr.String())
		case <-time.After(200 * time.Millisecond):
		}
	}
	stop()
	if code := <-done; code != 0 {
		t.Fatalf("consume stopped with %d: %s", code, stderr.String())
	}
	return stderr.String()
}
