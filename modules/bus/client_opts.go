package bus

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
	"github.com/twmb/franz-go/plugin/kslog"
)

// errNoBrokers is returned by constructors given a Config without brokers:
// the embedded broker must be started and its Addrs copied in first.
var errNoBrokers = errors.New("no brokers: start the embedded broker and use Config.WithBrokers(emb.Addrs())")

// clientOpts returns the options every client shares: seeds, client id,
// authentication, TLS and logging. It validates c first, so constructors
// need not.
func (c Config) clientOpts(log *slog.Logger) ([]kgo.Opt, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.UsesEmbedded() {
		return nil, errNoBrokers
	}
	opts := []kgo.Opt{
		kgo.SeedBrokers(c.Brokers...),
		kgo.ClientID(c.ClientID),
		kgo.WithLogger(kslog.New(slog.New(minLevelHandler{min: c.LogLevel, next: log.Handler()}))),
	}
	if m := c.SASL.mechanism(); m != nil {
		opts = append(opts, kgo.SASL(m))
	}
	if c.TLS.Enabled {
		tc, err := c.TLS.config()
		if err != nil {
			return nil, err
		}
		// DialTLSConfig sets ServerName per broker from the host it
		// dials, so one config serves every broker.
		opts = append(opts, kgo.DialTLSConfig(tc))
	}
	return opts, nil
}

// mechanism returns the SASL mechanism, or nil for none.
func (s SASLConfig) mechanism() sasl.Mechanism {
	switch s.Mechanism {
	case MechanismPlain:
		return plain.Auth{User: s.Username, Pass: s.Password.Reveal()}.AsMechanism()
	case MechanismSCRAMSHA256:
		return scram.Auth{User: s.Username, Pass: s.Password.Reveal()}.AsSha256Mechanism()
	case MechanismSCRAMSHA512:
		return scram.Auth{User: s.Username, Pass: s.Password.Reveal()}.AsSha512Mechanism()
	}
	return nil
}

// config builds the client TLS config, trusting CAFile when given and the
// system pool otherwise.
func (t TLSConfig) config() (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: t.InsecureSkipVerify} //nolint:gosec // opt-in, documented as debugging only
	if t.CAFile == "" {
		return tc, nil
	}
	pem, err := os.ReadFile(t.CAFile)
	if err != nil {
		return nil, fmt.Errorf("read kafka CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("kafka CA file %s holds no PEM certificate", t.CAFile)
	}
	tc.RootCAs = pool
	return tc, nil
}

// minLevelHandler drops records below min before they reach next, so that
// franz-go logs at warn and above even when the process logs at debug.
type minLevelHandler struct {
	min  slog.Level
	next slog.Handler
}

func (h minLevelHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.next.Enabled(ctx, l)
}

func (h minLevelHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.next.Handle(ctx, r)
}

func (h minLevelHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevelHandler{min: h.min, next: h.next.WithAttrs(attrs)}
}

func (h minLevelHandler) WithGroup(name string) slog.Handler {
	return minLevelHandler{min: h.min, next: h.next.WithGroup(name)}
}

// moduleLogger is log tagged with this module, or a discarding logger when
// log is nil.
func moduleLogger(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log.With("module", "bus")
}
