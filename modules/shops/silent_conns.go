package shops

import (
	"net"
	"net/http"
	"sync"
)

// silentConns tracks the connections of the shops' servers that have not
// sent a request yet, so that shutdown can drop them. http.Server.Shutdown
// waits for such a connection as for a request in flight until it has
// been silent for five seconds, longer than a shutdown may take; and a
// client's transport keeps a connection it dialled for a request that was
// cancelled meanwhile, without ever sending anything on it. The demo's
// scrapers, stopping along with the simulator, leave exactly those.
type silentConns struct {
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	shutting bool // every silent connection is closed at once
}

func newSilentConns() *silentConns {
	return &silentConns{conns: make(map[net.Conn]struct{})}
}

// track is the servers' ConnState hook.
func (s *silentConns) track(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case state != http.StateNew:
		delete(s.conns, c)
	case s.shutting:
		_ = c.Close() // accepted as the listeners closed: nothing was asked on it yet
	default:
		s.conns[c] = struct{}{}
	}
}

// drop closes every connection that has not sent a request, and any that
// is accepted from now on: a request cut off there had not begun.
func (s *silentConns) drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutting = true
	for c := range s.conns {
		_ = c.Close()
		delete(s.conns, c)
	}
}
