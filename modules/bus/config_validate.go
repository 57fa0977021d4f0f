package bus

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/skatestock/skatestock/modules/catalog"
)

// The ranges Validate allows.
const (
	maxTopicNameLen    = 249 // Kafka's limit
	maxPartitions      = 10_000
	minBatchMaxBytes   = 1 << 10
	maxBatchMaxBytes   = 64 << 20
	maxLinger          = time.Minute
	minDeliveryTimeout = time.Second
	maxDeliveryTimeout = time.Hour
	minFetchMaxWait    = time.Millisecond
	maxFetchMaxWait    = time.Minute
	maxPollRecords     = 100_000
	minTxnTimeout      = time.Second
	maxTxnTimeout      = 15 * time.Minute // Kafka's transaction.max.timeout.ms
	maxAttempts        = 100
	maxRetryBackoff    = 5 * time.Minute
	minSessionTimeout  = 6 * time.Second // Kafka's group.min.session.timeout.ms
	maxSessionTimeout  = 30 * time.Minute
	minHeartbeat       = 10 * time.Millisecond
	maxIDLen           = 200
)

var (
	mechanisms   = []string{"", MechanismPlain, MechanismSCRAMSHA256, MechanismSCRAMSHA512}
	compressions = []string{CompressionNone, CompressionGzip, CompressionSnappy, CompressionLz4, CompressionZstd}
)

// Validate reports every field outside its range, each error naming the
// field, the value and what is allowed, and wrapping catalog.ErrInvalid. It
// reaches no broker and reads no file.
func (c Config) Validate() error {
	v := validator{}
	for _, b := range c.Brokers {
		if err := checkHostPort(b, 1); err != nil {
			v.bad("Brokers", b, "host:port with a port between 1 and 65535 (%v)", err)
		}
	}
	v.id("ClientID", c.ClientID)
	c.SASL.validate(&v)
	c.TLS.validate(&v, c.UsesEmbedded())
	c.Topics.validate(&v)
	c.Producer.validate(&v)
	c.Consumer.validate(&v)
	if err := checkHostPort(c.Embedded.Listen, 0); err != nil {
		v.bad("Embedded.Listen", c.Embedded.Listen, "host:port with a port between 0 and 65535 (%v)", err)
	}
	return errors.Join(v.errs...)
}

func (s SASLConfig) validate(v *validator) {
	switch {
	case !slices.Contains(mechanisms, s.Mechanism):
		v.bad("SASL.Mechanism", s.Mechanism, "one of %q", mechanisms)
	case s.Mechanism == "" && (s.Username != "" || s.Password != ""):
		v.bad("SASL.Username", s.Username, "empty when SASL.Mechanism is empty, or set SASL.Mechanism")
	case s.Mechanism != "" && s.Username == "":
		v.bad("SASL.Username", s.Username, "a user name with SASL.Mechanism %s", s.Mechanism)
	case s.Mechanism != "" && s.Password == "":
		v.bad("SASL.Password", s.Password, "a password with SASL.Mechanism %s", s.Mechanism)
	}
}

func (t TLSConfig) validate(v *validator, embedded bool) {
	if !t.Enabled && (t.CAFile != "" || t.InsecureSkipVerify) {
		v.bad("TLS.Enabled", false, "true when TLS.CAFile or TLS.InsecureSkipVerify is set")
	}
	if t.Enabled && embedded {
		v.bad("TLS.Enabled", true, "false with no Brokers: the embedded broker serves plaintext on loopback")
	}
}

func (t TopicsConfig) validate(v *validator) {
	names := map[string]string{
		"Topics.ProductEvents":      t.ProductEvents,
		"Topics.NormalizedProducts": t.NormalizedProducts,
		"Topics.PriceUpdates":       t.PriceUpdates,
		"Topics.DeadLetters":        t.DeadLetters,
	}
	seen := map[string]string{}
	for _, field := range slices.Sorted(maps.Keys(names)) {
		name := names[field]
		if err := checkTopicName(name); err != nil {
			v.bad(field, name, "a Kafka topic name (%v)", err)
		} else if other, dup := seen[name]; dup {
			v.bad(field, name, "a name different from %s", other)
		}
		seen[name] = field
	}
	if t.Partitions < 1 || t.Partitions > maxPartitions {
		v.bad("Topics.Partitions", t.Partitions, "[1, %d]", maxPartitions)
	}
	if t.ReplicationFactor < 1 && t.ReplicationFactor != -1 {
		v.bad("Topics.ReplicationFactor", t.ReplicationFactor, "-1 (broker default) or at least 1")
	}
	if t.Retention < 0 || t.Retention > 0 && t.Retention < time.Millisecond {
		v.bad("Topics.Retention", t.Retention, "0 (broker default) or at least 1ms")
	}
}

func (p ProducerConfig) validate(v *validator) {
	if p.Linger < 0 || p.Linger > maxLinger {
		v.bad("Producer.Linger", p.Linger, "[0, %v]", maxLinger)
	}
	if p.BatchMaxBytes < minBatchMaxBytes || p.BatchMaxBytes > maxBatchMaxBytes {
		v.bad("Producer.BatchMaxBytes", p.BatchMaxBytes, "[%d, %d]", minBatchMaxBytes, maxBatchMaxBytes)
	}
	if !slices.Contains(compressions, p.Compression) {
		v.bad("Producer.Compression", p.Compression, "one of %s", strings.Join(compressions, ", "))
	}
	if p.DeliveryTimeout < minDeliveryTimeout || p.DeliveryTimeout > maxDeliveryTimeout {
		v.bad("Producer.DeliveryTimeout", p.DeliveryTimeout, "[%v, %v]", minDeliveryTimeout, maxDeliveryTimeout)
	}
}

func (c ConsumerConfig) validate(v *validator) {
	v.id("Consumer.Group", c.Group)
	v.id("Consumer.TransactionalIDPrefix", c.TransactionalIDPrefix)
	if c.InstanceID != "" {
		v.id("Consumer.InstanceID", c.InstanceID)
	}
	if c.FetchMaxWait < minFetchMaxWait || c.FetchMaxWait > maxFetchMaxWait {
		v.bad("Consumer.FetchMaxWait", c.FetchMaxWait, "[%v, %v]", minFetchMaxWait, maxFetchMaxWait)
	}
	if c.MaxPollRecords < 1 || c.MaxPollRecords > maxPollRecords {
		v.bad("Consumer.MaxPollRecords", c.MaxPollRecords, "[1, %d]", maxPollRecords)
	}
	if c.TransactionTimeout < minTxnTimeout || c.TransactionTimeout > maxTxnTimeout {
		v.bad("Consumer.TransactionTimeout", c.TransactionTimeout, "[%v, %v]", minTxnTimeout, maxTxnTimeout)
	}
	if c.MaxAttempts < 1 || c.MaxAttempts > maxAttempts {
		v.bad("Consumer.MaxAttempts", c.MaxAttempts, "[1, %d]", maxAttempts)
	}
	if c.RetryBackoff < 0 || c.RetryBackoff > maxRetryBackoff {
		v.bad("Consumer.RetryBackoff", c.RetryBackoff, "[0, %v]", maxRetryBackoff)
	}
	if c.SessionTimeout < minSessionTimeout || c.SessionTimeout > maxSessionTimeout {
		v.bad("Consumer.SessionTimeout", c.SessionTimeout, "[%v, %v]", minSessionTimeout, maxSessionTimeout)
	}
	// A heartbeat must come well within the session timeout, or a
	// member that is alive is dropped.
	if c.HeartbeatInterval < minHeartbeat || c.HeartbeatInterval > c.SessionTimeout/3 {
		v.bad("Consumer.HeartbeatInterval", c.HeartbeatInterval, "[%v, Consumer.SessionTimeout/3]", minHeartbeat)
	}
}

// validator collects Validate's errors.
type validator struct{ errs []error }

func (v *validator) bad(field string, value any, want string, args ...any) {
	if s, ok := value.(string); ok {
		value = strconv.Quote(s)
	}
	v.errs = append(v.errs, fmt.Errorf("%w bus config: %s = %v, want %s",
		catalog.ErrInvalid, field, value, fmt.Sprintf(want, args...)))
}

// id checks a client id, group or transactional id: printable, no spaces,
// so that it can be named on a kafka-consumer-groups command line.
func (v *validator) id(field, s string) {
	if s == "" || len(s) > maxIDLen || strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}) >= 0 {
		v.bad(field, s, "1-%d printable characters without spaces", maxIDLen)
	}
}

// checkTopicName applies Kafka's rules for topic names.
func checkTopicName(name string) error {
	switch {
	case name == "":
		return errors.New("empty")
	case len(name) > maxTopicNameLen:
		return fmt.Errorf("%d characters, at most %d", len(name), maxTopicNameLen)
	case name == "." || name == "..":
		return errors.New(`"." and ".." are reserved`)
	}
	if i := strings.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
	}); i >= 0 {
		return fmt.Errorf("byte %d is not one of [a-zA-Z0-9._-]", i)
	}
	return nil
}

// checkHostPort checks host:port with a port of at least minPort.
func checkHostPort(s string, minPort int) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return err
	}
	if host == "" {
		return errors.New("no host")
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < minPort || n > 65535 {
		return fmt.Errorf("port %q", port)
	}
	return nil
}
