package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Embedded is an in-process Kafka cluster of one broker (franz-go's
// kfake) listening on Config.Embedded.Listen. Clients reach it over TCP
// through the same code as a real cluster; only the broker is simulated.
// With a DataDir its log, committed offsets, producer ids and transactions
// survive Close and a later StartEmbedded on the same directory. One
// process at a time may use a DataDir.
type Embedded struct {
	cluster *kfake.Cluster
	unlock  func()
	log     *slog.Logger
	once    sync.Once
}

// StartEmbedded starts the embedded broker for cfg (whose Brokers must be
// empty) and creates the topics with EnsureTopics. When cfg.SASL names a
// mechanism the broker requires it, with cfg's user as superuser, so that
// clients authenticate exactly as against MSK.
func StartEmbedded(ctx context.Context, cfg Config, log *slog.Logger) (*Embedded, error) {
	log = moduleLogger(log).With("component", "embedded_kafka")
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("start embedded kafka: %w", err)
	}
	if !cfg.UsesEmbedded() {
		return nil, errors.New("start embedded kafka: Brokers are set, so the embedded broker is not used")
	}
	ec := cfg.Embedded
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.ClusterID("skatestock-embedded"),
		kfake.WithLogger(kfakeLogger{log: log, min: cfg.LogLevel}),
		// kfake listens where it is told; we tell it Listen, whatever
		// address it proposes.
		kfake.ListenFn(func(network, _ string) (net.Listener, error) { return net.Listen(network, ec.Listen) }),
	}
	unlock := func() {}
	if ec.DataDir != "" {
		if err := os.MkdirAll(ec.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("start embedded kafka: %w", err)
		}
		var err error
		if unlock, err = lockDir(ec.DataDir); err != nil {
			return nil, fmt.Errorf("start embedded kafka: %w", err)
		}
		opts = append(opts, kfake.DataDir(ec.DataDir))
	}
	if ec.SyncWrites {
		opts = append(opts, kfake.SyncWrites())
	}
	if cfg.SASL.Mechanism != "" {
		opts = append(opts, kfake.EnableSASL(), kfake.Superuser(cfg.SASL.Mechanism, cfg.SASL.Username, cfg.SASL.Password.Reveal()))
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		unlock()
		return nil, fmt.Errorf("start embedded kafka in %q on %s: %w", ec.DataDir, ec.Listen, err)
	}
	e := &Embedded{cluster: cluster, unlock: unlock, log: log}
	if err := e.ensureTopics(ctx, cfg); err != nil {
		e.Close()
		return nil, err
	}
	log.Info("embedded_kafka_started", "addrs", e.Addrs(), "data_dir", ec.DataDir)
	return e, nil
}

// ensureTopics creates the topics through a client, as for a real cluster.
func (e *Embedded) ensureTopics(ctx context.Context, cfg Config) error {
	admin, err := NewAdmin(cfg.WithBrokers(e.Addrs()), e.log)
	if err != nil {
		return fmt.Errorf("start embedded kafka: %w", err)
	}
	defer admin.Close()
	if _, err := EnsureTopics(ctx, admin, cfg); err != nil {
		return fmt.Errorf("start embedded kafka: %w", err)
	}
	return nil
}

// Addrs are the broker addresses, for Config.WithBrokers.
func (e *Embedded) Addrs() []string { return e.cluster.ListenAddrs() }

// Run serves until ctx is cancelled, then closes the broker and returns
// nil. It lets `skatestock kafka serve` run the broker as a process of its
// own that scrape, consume and serve processes connect to.
func (e *Embedded) Run(ctx context.Context) error {
	<-ctx.Done()
	e.Close()
	return nil
}

// Close stops the broker, after persisting its state when it has a
// DataDir. Clients still connected see their connections close. Close is
// idempotent.
func (e *Embedded) Close() {
	e.once.Do(func() {
		e.cluster.Close()
		e.unlock()
		e.log.Info("embedded_kafka_stopped")
	})
}

// kfakeLogger sends the broker's logs to slog at min and above.
type kfakeLogger struct {
	log *slog.Logger
	min slog.Level
}

func (l kfakeLogger) Logf(level kfake.LogLevel, format string, args ...any) {
	lvl := slog.LevelDebug
	switch level {
	case kfake.LogLevelNone:
		return
	case kfake.LogLevelError:
		lvl = slog.LevelError
	case kfake.LogLevelWarn:
		lvl = slog.LevelWarn
	case kfake.LogLevelInfo:
		lvl = slog.LevelInfo
	}
	if lvl < l.min || !l.log.Enabled(context.Background(), lvl) {
		return
	}
	l.log.Log(context.Background(), lvl, "kfake", "detail", fmt.Sprintf(format, args...))
}
