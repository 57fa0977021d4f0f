package bus

import (
	"log/slog"
	"path/filepath"
	"time"

	"github.com/skatestock/skatestock/modules/catalog"
)

// SASL mechanisms Config accepts. MSK's SASL/SCRAM listener wants
// SCRAM-SHA-512 together with TLS.
const (
	MechanismPlain       = "PLAIN"
	MechanismSCRAMSHA256 = "SCRAM-SHA-256"
	MechanismSCRAMSHA512 = "SCRAM-SHA-512"
)

// Compression codecs ProducerConfig accepts.
const (
	CompressionNone   = "none"
	CompressionGzip   = "gzip"
	CompressionSnappy = "snappy"
	CompressionLz4    = "lz4"
	CompressionZstd   = "zstd"
)

// DefaultGroup is the consumer group of ingest.
const DefaultGroup = "skatestock-ingest"

// EmbeddedDir is the folder under the data dir that holds the embedded
// broker's log.
const EmbeddedDir = "kafka"

// Config is everything the Kafka boundary can be configured with. Start
// from DefaultConfig; zero values are not replaced by defaults.
type Config struct {
	// Brokers are the seed brokers as host:port. Empty means the embedded
	// broker: the caller starts it with StartEmbedded and copies its Addrs
	// here before building clients.
	Brokers []string
	// ClientID names this process in broker logs and quotas.
	ClientID string
	// LogLevel is the lowest level franz-go logs at, on top of the level of
	// the logger passed in. Info is chatty (every rebalance step).
	LogLevel slog.Level

	SASL     SASLConfig
	TLS      TLSConfig
	Topics   TopicsConfig
	Producer ProducerConfig
	Consumer ConsumerConfig
	Embedded EmbeddedConfig
}

// SASLConfig authenticates clients. An empty Mechanism means none.
type SASLConfig struct {
	Mechanism string // "", PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
	Username  string
	Password  Secret
}

// TLSConfig encrypts connections to the brokers (MSK's TLS listeners).
type TLSConfig struct {
	Enabled bool
	// CAFile is a PEM bundle of the CAs to trust; empty means the system
	// pool, which already trusts MSK's certificates.
	CAFile string
	// InsecureSkipVerify accepts any server certificate. For debugging
	// against a broker with a self-signed certificate only.
	InsecureSkipVerify bool
}

// TopicsConfig names the topics and says how EnsureTopics creates the ones
// that are missing. It never changes existing topics.
type TopicsConfig struct {
	ProductEvents      string
	NormalizedProducts string // created compacted: the latest listing per key
	PriceUpdates       string
	DeadLetters        string

	Partitions int32 // per topic; keys are shops or listings, so this bounds ingest parallelism
	// ReplicationFactor of new topics; -1 takes the broker's default
	// (default.replication.factor, 3 on MSK, 1 on the embedded broker).
	ReplicationFactor int16
	// Retention is retention.ms of the non-compacted topics; 0 takes the
	// broker's default.
	Retention time.Duration
}

// ProducerConfig tunes batching. The defaults come from BenchmarkPublish
// (producer_bench_test.go; ~250-byte product events, kfake on loopback, 2
// cores): lz4 is as fast as no compression or faster, because there are
// fewer bytes to move, and sends 42-70 bytes per record instead of 257;
// snappy is close behind; zstd halves lz4's bytes at about 70% of its
// throughput; gzip is slowest. A 5ms linger gains ~10% on 500-record
// publishes and costs nothing measurable on small concurrent ones.
type ProducerConfig struct {
	// Linger is how long a partition's batch waits for more records
	// before it is sent. Publish flushes at its end, so Linger only
	// matters while a Publish is still adding records.
	Linger        time.Duration
	BatchMaxBytes int32  // largest record batch sent to one partition
	Compression   string // none, gzip, snappy, lz4 or zstd
	// DeliveryTimeout bounds how long a record may wait to be acknowledged,
	// retries included, before Publish reports it failed.
	DeliveryTimeout time.Duration
}

// ConsumerConfig configures TransactConsumer.
type ConsumerConfig struct {
	Group string
	// TransactionalIDPrefix and InstanceID make the transactional id,
	// "<prefix>-<instance>". Keep InstanceID stable across restarts of the
	// same replica (a pod name): the restarted replica then aborts the
	// transaction its predecessor left open at once, instead of every
	// consumer of the group waiting TransactionTimeout for it. Empty
	// InstanceID means a random one per TransactConsumer.
	TransactionalIDPrefix string
	InstanceID            string
	FetchMaxWait          time.Duration // how long a fetch waits for data
	MaxPollRecords        int           // largest batch handed to the handler
	// TransactionTimeout is how long the broker keeps a transaction open
	// before aborting it; it bounds how long a crashed replica's open
	// transaction holds back read_committed readers.
	TransactionTimeout time.Duration
	// MaxAttempts is how many times one batch is tried before Run gives up
	// with ErrRetriesExhausted; RetryBackoff is the pause before the
	// second try, doubled for each later one.
	MaxAttempts  int
	RetryBackoff time.Duration
	// SessionTimeout and HeartbeatInterval are the group membership timers:
	// a member silent for SessionTimeout is dropped, and members learn of a
	// rebalance at their next heartbeat.
	SessionTimeout    time.Duration
	HeartbeatInterval time.Duration
}

// EmbeddedConfig configures the broker StartEmbedded runs.
type EmbeddedConfig struct {
	// DataDir holds the log, offsets and transactions; it survives
	// restarts. Empty keeps everything in memory (tests).
	DataDir string
	// Listen is the address the broker listens on, and the address it
	// advertises to clients. Port 0 picks a free port.
	Listen string
	// SyncWrites fsyncs every produced batch. Off, like Kafka's default:
	// the OS flushes, so a machine crash may lose the last writes, but a
	// process crash does not.
	SyncWrites bool
}

// DefaultConfig returns the defaults with the embedded broker's data under
// <dataDir>/kafka; an empty dataDir keeps the embedded broker in memory.
func DefaultConfig(dataDir string) Config {
	embeddedDir := ""
	if dataDir != "" {
		embeddedDir = filepath.Join(dataDir, EmbeddedDir)
	}
	return Config{
		ClientID: "skatestock",
		LogLevel: slog.LevelWarn,
		Topics: TopicsConfig{
			ProductEvents:      catalog.TopicProductEvents,
			NormalizedProducts: catalog.TopicNormalizedProducts,
			PriceUpdates:       catalog.TopicPriceUpdates,
			DeadLetters:        catalog.TopicDeadLetters,
			Partitions:         6,
			ReplicationFactor:  -1,
			Retention:          7 * 24 * time.Hour,
		},
		Producer: ProducerConfig{
			Linger:          5 * time.Millisecond,
			BatchMaxBytes:   1 << 20,
			Compression:     CompressionLz4,
			DeliveryTimeout: 30 * time.Second,
		},
		Consumer: ConsumerConfig{
			Group:                 DefaultGroup,
			TransactionalIDPrefix: DefaultGroup,
			FetchMaxWait:          500 * time.Millisecond,
			MaxPollRecords:        500,
			TransactionTimeout:    30 * time.Second,
			MaxAttempts:           5,
			RetryBackoff:          500 * time.Millisecond,
			SessionTimeout:        45 * time.Second,
			HeartbeatInterval:     3 * time.Second,
		},
		Embedded: EmbeddedConfig{
			DataDir: embeddedDir,
			Listen:  "127.0.0.1:0",
		},
	}
}

// UsesEmbedded reports whether c names no brokers, so the embedded broker
// serves it.
func (c Config) UsesEmbedded() bool { return len(c.Brokers) == 0 }

// WithBrokers returns c pointing at addrs, typically an Embedded's Addrs.
func (c Config) WithBrokers(addrs []string) Config {
	c.Brokers = append([]string(nil), addrs...)
	return c
}

// Secret is a string that never prints: fmt, slog and JSON see "xxxxx".
type Secret string

const maskedSecret = "xxxxx"

// Reveal returns the secret itself, for the one place that needs it.
func (s Secret) Reveal() string { return string(s) }

// String masks s.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return maskedSecret
}

// GoString masks s for %#v.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// LogValue masks s in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText masks s in JSON and YAML output.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
