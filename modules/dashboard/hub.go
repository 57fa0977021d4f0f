package dashboard

import (
	"errors"
	"sync"
	"sync/atomic"
)

var (
	errTooManyClients = errors.New("dashboard: too many live clients")
	errClosed         = errors.New("dashboard: stopped")
)

// hub fans frames out to the connected clients. Price frames are queued
// per client in a bounded buffer and dropped, counted, when it is full: a
// slow client loses updates, it never holds up Publish or the others.
// Status frames are latest-wins: a client is only told that a newer one
// exists and reads it when it gets to it.
type hub struct {
	buffer, max int

	mu      sync.Mutex
	clients map[*client]struct{}
	closed  bool
	done    chan struct{} // closed by close: every stream ends

	status    atomic.Pointer[[]byte] // the latest status frame, nil before the first
	published atomic.Int64           // price frames handed to broadcast
	dropped   atomic.Int64           // price frames some client's full buffer refused
}

// client is one open stream.
type client struct {
	events  chan []byte   // price frames, bounded
	status  chan struct{} // capacity 1: hub.status holds a frame not yet sent
	dropped atomic.Int64  // frames dropped since the client was last told
}

func newHub(buffer, max int) *hub {
	return &hub{buffer: buffer, max: max, clients: map[*client]struct{}{}, done: make(chan struct{})}
}

// subscribe adds a client; it fails when the hub is closed or full.
func (h *hub) subscribe() (*client, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.closed:
		return nil, errClosed
	case len(h.clients) >= h.max:
		return nil, errTooManyClients
	}
	c := &client{events: make(chan []byte, h.buffer), status: make(chan struct{}, 1)}
	if h.status.Load() != nil {
		c.status <- struct{}{}
	}
	h.clients[c] = struct{}{}
	return c, nil
}

func (h *hub) unsubscribe(c *client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// broadcast queues frame for every client without waiting for any.
func (h *hub) broadcast(frame []byte) {
	h.published.Add(1)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c.events <- frame:
		default:
			c.dropped.Add(1)
			h.dropped.Add(1)
		}
	}
}

// setStatus makes frame the latest status and tells every client.
func (h *hub) setStatus(frame []byte) {
	h.status.Store(&frame)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c.status <- struct{}{}:
		default: // already told; it will read the newest frame
		}
	}
}

// latestStatus is the newest status frame, nil before the first.
func (h *hub) latestStatus() []byte {
	if p := h.status.Load(); p != nil {
		return *p
	}
	return nil
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// close ends every stream and refuses new ones. It is idempotent.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}
