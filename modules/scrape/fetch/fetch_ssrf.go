package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// blockedAddrError is the cause of a KindSSRF error: the guard refused to
// connect to addr.
type blockedAddrError struct {
	addr   netip.Addr
	reason string
}

func (e *blockedAddrError) Error() string {
	return fmt.Sprintf("refusing to connect to %s address %s", e.reason, e.addr)
}

// blockedPrefix names the special-purpose range holding addr among those
// netip's predicates do not cover, or returns "". They reach infrastructure
// rather than a shop on the public internet. (A function, not a package
// variable, so nothing can modify the table.)
func blockedPrefix(addr netip.Addr) string {
	table := [...]struct {
		prefix netip.Prefix
		reason string
	}{
		{netip.MustParsePrefix("0.0.0.0/8"), "this-network"},
		{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
		{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment"},
		{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
		{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
		// NAT64 prefixes embed an IPv4 address, possibly a private one.
		{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"},
		{netip.MustParsePrefix("64:ff9b:1::/48"), "NAT64"},
	}
	for _, b := range table {
		if b.prefix.Contains(addr) {
			return b.reason
		}
	}
	return ""
}

// classifyAddr returns why the guard refuses addr, or "" when addr is a
// public unicast address a shop may live at. IPv4-mapped IPv6 addresses
// (::ffff:127.0.0.1) are judged as the IPv4 address they carry.
func classifyAddr(addr netip.Addr) string {
	if !addr.IsValid() {
		return "invalid"
	}
	addr = addr.Unmap().WithZone("")
	switch {
	case addr.IsUnspecified():
		return "unspecified"
	case addr.IsLoopback():
		return "loopback"
	case addr.IsPrivate():
		return "private"
	case addr.IsLinkLocalUnicast():
		return "link-local"
	case addr.IsMulticast(), addr.IsLinkLocalMulticast(), addr.IsInterfaceLocalMulticast():
		return "multicast"
	}
	return blockedPrefix(addr)
}

// checkAddr returns a *blockedAddrError when the guard refuses addr.
func checkAddr(addr netip.Addr) error {
	if reason := classifyAddr(addr); reason != "" {
		return &blockedAddrError{addr: addr, reason: reason}
	}
	return nil
}

// guardControl is the net.Dialer ControlContext hook. It runs after DNS
// resolution, for the exact IP the socket is about to connect to, so neither
// a hostname nor a DNS answer that changes between lookups (rebinding) can
// slip past it.
func guardControl(_ context.Context, _, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &blockedAddrError{reason: "unparseable (" + address + ")"}
	}
	return checkAddr(ap.Addr())
}

// dialer connects with the connect timeout and, unless allowLocal, the SSRF
// guard.
type dialer struct {
	net      net.Dialer
	resolver Resolver // nil: the standard library resolves, with happy eyeballs
	guard    bool
}

func newDialer(connectTimeout time.Duration, allowLocal bool, resolver Resolver) *dialer {
	d := &dialer{
		net:      net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second},
		resolver: resolver,
		guard:    !allowLocal,
	}
	if d.guard {
		d.net.ControlContext = guardControl
	}
	return d
}

// DialContext is http.Transport's DialContext. Literal and resolved IPs are
// checked before a socket exists (fail fast); ControlContext checks again at
// connect time and is the check that cannot be bypassed.
func (d *dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", address, err)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if d.guard {
			if err := checkAddr(ip); err != nil {
				return nil, err
			}
		}
		return d.net.DialContext(ctx, network, address)
	}
	if d.resolver == nil {
		return d.net.DialContext(ctx, network, address)
	}
	// A custom resolver: dial its answers in order within one connect
	// timeout, as net.Dialer would without happy eyeballs.
	ctx, cancel := context.WithTimeout(ctx, d.net.Timeout)
	defer cancel()
	ips, err := d.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("resolve %s: no addresses", host)
	}
	var errs []error
	for _, ip := range ips {
		if d.guard {
			if err := checkAddr(ip); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		conn, err := d.net.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}
