package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/skatestock/skatestock/modules/schema"
)

// registryServer serves the embedded Schema Registry on a free loopback
// port for the clients of this process.
type registryServer struct {
	url  string
	srv  *http.Server
	done chan error
}

// registryShutdownTimeout bounds how long close waits for requests in
// flight. It is longer than the five seconds net/http waits before it
// treats a connection that has sent nothing yet as idle: a client that
// gave up on a request while dialling leaves such a connection behind,
// and it must not make close fail. (The shop simulator, whose scrapers
// leave many, drops them at once instead; the registry's clients rarely
// do, so waiting is enough here.)
const registryShutdownTimeout = 10 * time.Second

// startRegistry loads the registry from rs and serves it until close.
func startRegistry(ctx context.Context, rs schema.RegistryStore, log *slog.Logger) (*registryServer, error) {
	reg, err := schema.NewRegistry(ctx, rs, log)
	if err != nil {
		return nil, fmt.Errorf("embedded schema registry: %w", err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("embedded schema registry: %w", err)
	}
	s := &registryServer{
		url: "http://" + ln.Addr().String(),
		srv: &http.Server{
			Handler:           reg,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      10 * time.Second,
			IdleTimeout:       time.Minute,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// close stops accepting requests and waits for those in flight.
func (s *registryServer) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), registryShutdownTimeout)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("stop embedded schema registry: %w", err)
	}
	return nil
}
