package bus_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/skatestock/skatestock/modules/bus"
	"github.com/skatestock/skatestock/modules/catalog"
)

func TestDefaultConfigIsValid(t *testing.T) {
	for _, dir := range []string{"", "./data"} {
		cfg := bus.DefaultConfig(dir)
		if err := cfg.Validate(); err != nil {
			t.Errorf("DefaultConfig(%q).Validate() = %v", dir, err)
		}
		if err := cfg.WithBrokers([]string{"k1:9092"}).Validate(); err != nil {
			t.Errorf("DefaultConfig(%q) with brokers: %v", dir, err)
		}
	}
	cfg := bus.DefaultConfig("./data")
	if cfg.Embedded.DataDir != "data/kafka" || cfg.Topics.ProductEvents != catalog.TopicProductEvents ||
		cfg.Consumer.Group != "skatestock-ingest" || cfg.Topics.Partitions != 6 {
		t.Errorf("DefaultConfig(./data) = %+v", cfg)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*bus.Config)
		want   string // substring of the error; "" means valid
	}{
		{"defaults", func(*bus.Config) {}, ""},
		{"brokers", func(c *bus.Config) { c.Brokers = []string{"a:9092", "[::1]:9093"} }, ""},
		{"broker without port", func(c *bus.Config) { c.Brokers = []string{"kafka"} }, `Brokers = "kafka", want host:port`},
		{"broker port 0", func(c *bus.Config) { c.Brokers = []string{"kafka:0"} }, `Brokers = "kafka:0"`},
		{"client id with space", func(c *bus.Config) { c.ClientID = "sk 8" }, `ClientID = "sk 8", want 1-200 printable`},
		{"sasl scram", func(c *bus.Config) {
			c.SASL = bus.SASLConfig{Mechanism: bus.MechanismSCRAMSHA512, Username: "u", Password: "p"}
		}, ""},
		{"sasl unknown mechanism", func(c *bus.Config) {
			c.SASL = bus.SASLConfig{Mechanism: "GSSAPI", Username: "u", Password: "p"}
		}, `SASL.Mechanism = "GSSAPI", want one of`},
		{"sasl without password", func(c *bus.Config) {
			c.SASL = bus.SASLConfig{Mechanism: bus.MechanismPlain, Username: "u"}
		}, "SASL.Password = , want a password with SASL.Mechanism PLAIN"},
		{"sasl without user", func(c *bus.Config) {
			c.SASL = bus.SASLConfig{Mechanism: bus.MechanismSCRAMSHA256, Password: "p"}
		}, `SASL.Username = "", want a user name`},
		{"credentials without mechanism", func(c *bus.Config) { c.SASL.Username = "u" }, `SASL.Username = "u", want empty`},
		{"tls with brokers", func(c *bus.Config) {
			c.Brokers = []string{"b-1.msk:9094"}
			c.TLS = bus.TLSConfig{Enabled: true, CAFile: "/ca.pem"}
		}, ""},
		{"tls embedded", func(c *bus.Config) { c.TLS.Enabled = true }, "TLS.Enabled = true, want false with no Brokers"},
		{"ca file without tls", func(c *bus.Config) { c.TLS.CAFile = "/ca.pem" }, "TLS.Enabled = false, want true"},
		{"bad topic name", func(c *bus.Config) { c.Topics.PriceUpdates = "price updates" }, `Topics.PriceUpdates = "price updates", want a Kafka topic name`},
		{"empty topic name", func(c *bus.Config) { c.Topics.DeadLetters = "" }, `Topics.DeadLetters = "", want a Kafka topic name (empty)`},
		{"same topic twice", func(c *bus.Config) { c.Topics.PriceUpdates = c.Topics.ProductEvents }, "want a name different from"},
		{"zero partitions", func(c *bus.Config) { c.Topics.Partitions = 0 }, "Topics.Partitions = 0, want [1, 10000]"},
		{"replication 0", func(c *bus.Config) { c.Topics.ReplicationFactor = 0 }, "Topics.ReplicationFactor = 0, want -1 (broker default) or at least 1"},
		{"replication 3", func(c *bus.Config) { c.Topics.ReplicationFactor = 3 }, ""},
		{"negative retention", func(c *bus.Config) { c.Topics.Retention = -time.Hour }, "Topics.Retention = -1h0m0s"},
		{"bad compression", func(c *bus.Config) { c.Producer.Compression = "brotli" }, `Producer.Compression = "brotli", want one of none, gzip, snappy, lz4, zstd`},
		{"zstd", func(c *bus.Config) { c.Producer.Compression = bus.CompressionZstd }, ""},
		{"tiny batch", func(c *bus.Config) { c.Producer.BatchMaxBytes = 10 }, "Producer.BatchMaxBytes = 10"},
		{"negative linger", func(c *bus.Config) { c.Producer.Linger = -1 }, "Producer.Linger = -1ns"},
		{"no delivery timeout", func(c *bus.Config) { c.Producer.DeliveryTimeout = 0 }, "Producer.DeliveryTimeout = 0s, want [1s, 1h0m0s]"},
		{"empty group", func(c *bus.Config) { c.Consumer.Group = "" }, `Consumer.Group = ""`},
		{"bad instance", func(c *bus.Config) { c.Consumer.InstanceID = "a b" }, `Consumer.InstanceID = "a b"`},
		{"zero poll records", func(c *bus.Config) { c.Consumer.MaxPollRecords = 0 }, "Consumer.MaxPollRecords = 0"},
		{"long transaction", func(c *bus.Config) { c.Consumer.TransactionTimeout = time.Hour }, "Consumer.TransactionTimeout = 1h0m0s, want [1s, 15m0s]"},
		{"zero attempts", func(c *bus.Config) { c.Consumer.MaxAttempts = 0 }, "Consumer.MaxAttempts = 0, want [1, 100]"},
		{"short session", func(c *bus.Config) { c.Consumer.SessionTimeout = time.Second }, "Consumer.SessionTimeout = 1s"},
		{"slow heartbeat", func(c *bus.Config) { c.Consumer.HeartbeatInterval = 20 * time.Second }, "Consumer.HeartbeatInterval = 20s"},
		{"bad listen", func(c *bus.Config) { c.Embedded.Listen = "localhost" }, `Embedded.Listen = "localhost"`},
		{"fixed listen port", func(c *bus.Config) { c.Embedded.Listen = "127.0.0.1:9092" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := bus.DefaultConfig(t.TempDir())
			tt.modify(&cfg)
			err := cfg.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.want)
			}
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("error %v does not wrap catalog.ErrInvalid", err)
			}
		})
	}
}

func TestConfigValidateReportsEveryField(t *testing.T) {
	cfg := bus.DefaultConfig("")
	cfg.Producer.Compression = "brotli"
	cfg.Consumer.MaxAttempts = 0
	err := cfg.Validate()
	for _, field := range []string{"Producer.Compression", "Consumer.MaxAttempts"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("Validate() = %v, want it to name %s", err, field)
		}
	}
}

func TestSecretNeverPrints(t *testing.T) {
	cfg := bus.DefaultConfig("")
	cfg.SASL = bus.SASLConfig{Mechanism: bus.MechanismPlain, Username: "u", Password: "hunter22"}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "sasl", cfg.SASL, "password", cfg.SASL.Password)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), logged.String()} {
		if strings.Contains(s, "hunter22") {
			t.Errorf("secret leaked: %s", s)
		}
	}
	if cfg.SASL.Password.Reveal() != "hunter22" {
		t.Error("Reveal lost the secret")
	}
}
