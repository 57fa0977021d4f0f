// Package redistest holds the helpers that tests of every Redis-backed
// module share: finding a server through the environment, isolating keys
// under a per-test prefix, and a TCP proxy that takes Redis away and gives
// it back. It is for tests only.
package redistest

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Proxy stands between a client and Redis on 127.0.0.1 so that a test can
// take Redis away without the client noticing anything but the network:
// Cut refuses connections (Redis down), Hang keeps connections open but
// never answers (Redis hung), Restore forwards again on the same address.
type Proxy struct {
	t      testing.TB
	target string
	addr   string

	mu       sync.Mutex
	ln       net.Listener // nil while cut
	hung     bool
	clients  map[net.Conn]bool
	upstream map[net.Conn]bool
}

// StartProxy forwards a new address on 127.0.0.1 to target until t ends.
func StartProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy listen: %v", err)
	}
	p := &Proxy{t: t, target: target, addr: ln.Addr().String(), ln: ln,
		clients: map[net.Conn]bool{}, upstream: map[net.Conn]bool{}}
	go p.accept(ln)
	t.Cleanup(p.Cut)
	return p
}

// Addr is the address clients connect to.
func (p *Proxy) Addr() string { return p.addr }

func (p *Proxy) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return // listener closed by Cut
		}
		p.mu.Lock()
		p.clients[c] = true
		hung := p.hung
		p.mu.Unlock()
		if !hung {
			go p.forward(c)
		}
		// A hung connection is held open and never read or answered.
	}
}

func (p *Proxy) forward(c net.Conn) {
	u, err := net.Dial("tcp", p.target)
	if err != nil {
		p.drop(c)
		return
	}
	p.mu.Lock()
	p.upstream[u] = true
	p.mu.Unlock()
	go func() {
		_, _ = io.Copy(u, c)
		p.drop(u) // the client left
	}()
	_, _ = io.Copy(c, u)
	// Redis went away, or Hang cut the upstream side: the client side stays
	// open but silent until Cut or Restore closes it.
}

func (p *Proxy) drop(c net.Conn) {
	_ = c.Close()
	p.mu.Lock()
	delete(p.clients, c)
	delete(p.upstream, c)
	p.mu.Unlock()
}

// Hang keeps every connection open but answers nothing more, on old
// connections and new ones alike.
func (p *Proxy) Hang() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hung = true
	for u := range p.upstream {
		_ = u.Close()
		delete(p.upstream, u)
	}
}

// Cut closes the listener and every connection: connecting is refused.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	p.closeAllLocked()
}

// Restore forwards again on the same address. Connections held by Hang are
// closed, as a recovered network would reset them, so the client
// reconnects.
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hung = false
	p.closeAllLocked()
	if p.ln == nil {
		ln, err := net.Listen("tcp", p.addr)
		if err != nil {
			p.t.Fatalf("proxy listen again on %s: %v", p.addr, err)
		}
		p.ln = ln
		go p.accept(ln)
	}
}

func (p *Proxy) closeAllLocked() {
	for c := range p.clients {
		_ = c.Close()
		delete(p.clients, c)
	}
	for u := range p.upstream {
		_ = u.Close()
		delete(p.upstream, u)
	}
}
