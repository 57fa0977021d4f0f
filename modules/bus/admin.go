package bus

import (
	"fmt"
	"log/slog"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Admin runs cluster administration: topic setup (EnsureTopics) and
// consumer lag (Lag). It is safe for concurrent use.
type Admin struct {
	cl  *kgo.Client
	adm *kadm.Client
	log *slog.Logger
}

// NewAdmin returns an admin client for cfg's brokers. It does not connect
// until first used.
func NewAdmin(cfg Config, log *slog.Logger) (*Admin, error) {
	log = moduleLogger(log)
	opts, err := cfg.clientOpts(log)
	if err != nil {
		return nil, fmt.Errorf("new admin: %w", err)
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("new admin: %w", err)
	}
	return &Admin{cl: cl, adm: kadm.NewClient(cl), log: log}, nil
}

// Close closes the connections.
func (a *Admin) Close() { a.cl.Close() }
